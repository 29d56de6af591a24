import type { Config } from "./tf";

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One resource or data source of a synthesized stack. */
export interface TfResource {
  /** `aws_s3_bucket`, or `data.aws_iam_policy_document` for a data source. */
  readonly type: string;
  readonly name: string;
  /** `aws_s3_bucket.backups_Resource_1A2B3C`. */
  readonly address: string;
  /** Resolved attributes (snake_case), cdktf metadata removed. */
  readonly config: Config;
}

/** What a problem list is: nothing (pass), one sentence, or several. */
export type Problems = string | readonly string[] | undefined | null | false;

/**
 * One guardrail, as data. `check` returns what is wrong with one resource, or nothing when it is
 * compliant. Rules that need other resources read them through the stack view.
 */
export interface Rule {
  /** Stable id, `<FAMILY>-<nn>`. Never reuse one. */
  readonly id: string;
  readonly title: string;
  /** Scanner rules it mirrors (checkov, trivy AVD, Kubescape, prowler), or `our: ...` for gaps. */
  readonly mirrors: readonly string[];
  readonly resourceTypes: readonly string[];
  readonly severity: Severity;
  /** SOC 2 criteria (docs/reference/scanner-behaviour.md §6); `(inf.)` marks our inference. */
  readonly soc2: readonly string[];
  /** The fix, one sentence. */
  readonly fix: string;
  /** Only some resources of the type, or only some tiers; others count as not applicable. */
  readonly appliesTo?: (resource: TfResource, stack: StackView) => boolean;
  readonly check: (resource: TfResource, stack: StackView) => Problems;
  /** The resource type itself is the violation (no resource of it can pass). */
  readonly forbidsType?: boolean;
}

/** Read access to a whole synthesized stack, for cross-resource rules. */
export interface StackView {
  readonly name: string;
  /** `production` or `staging` from the provider's default tags; undefined when untagged. */
  readonly tier: string | undefined;
  readonly resources: readonly TfResource[];
  ofType(type: string): TfResource[];
  byAddress(address: string): TfResource | undefined;
  /**
   * Resources of `type` whose `attribute` points at `target`: a `${target.address.*}` reference,
   * or a literal equal to one of the target's own identifying values (its `bucket`, `name`...).
   */
  referrers(type: string, attribute: string, target: TfResource): TfResource[];
}

export type Status = "pass" | "fail" | "excepted" | "n/a";

export interface Finding {
  readonly ruleId: string;
  readonly address: string;
  readonly status: Status;
  /** What is wrong (fail and excepted). */
  readonly problems: readonly string[];
  /** The declared reason (excepted, or an exception on a passing resource). */
  readonly exceptionReason?: string;
}
