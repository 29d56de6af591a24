import type { Problems, StackView, TfResource } from "../types";
import { at, bool, first, isCmk, num, parsePolicy, show, type Statement } from "../tf";

/** `<path> must be true` unless it reads true. Absent fails: make security settings explicit. */
export const mustBeTrue =
  (path: string) =>
  (r: TfResource): Problems =>
    bool(first(r.config, path)) === true ? undefined : `${path} is ${show(first(r.config, path))}, must be true`;

/** Fails only when the value reads true (absent passes, like checkov's negative checks). */
export const mustNotBeTrue =
  (path: string) =>
  (r: TfResource): Problems =>
    bool(first(r.config, path)) === true ? `${path} is true` : undefined;

/** `<path> must be false`, explicitly. */
export const mustBeFalse =
  (path: string) =>
  (r: TfResource): Problems =>
    bool(first(r.config, path)) === false ? undefined : `${path} is ${show(first(r.config, path))}, must be false`;

/** The value must equal one of the allowed literals. */
export const mustBeOneOf =
  (path: string, allowed: readonly unknown[]) =>
  (r: TfResource): Problems => {
    const v = first(r.config, path);
    return allowed.includes(v) ? undefined : `${path} is ${show(v)}, must be ${allowed.map((a) => show(a)).join(" or ")}`;
  };

/** The value must be a customer-managed KMS key (reference or KMS ARN, never alias/aws/*). */
export const mustBeCmk =
  (path: string) =>
  (r: TfResource): Problems =>
    isCmk(first(r.config, path)) ? undefined : `${path} is ${show(first(r.config, path))}, must name a customer-managed KMS key`;

/** The value must be a number at least `min`. */
export const mustBeAtLeast =
  (path: string, min: number) =>
  (r: TfResource): Problems => {
    const v = num(first(r.config, path));
    return v !== undefined && v >= min ? undefined : `${path} is ${show(first(r.config, path))}, must be at least ${min}`;
  };

/** The list at `path` must contain every one of `required`. */
export const mustContainAll =
  (path: string, required: readonly string[]) =>
  (r: TfResource): Problems => {
    const have = at(r.config, path);
    const missing = required.filter((x) => !have.includes(x));
    return missing.length ? `${path} lacks ${missing.join(", ")}` : undefined;
  };

/** Combines checks; every problem of every check is reported. */
export const all =
  (...checks: ((r: TfResource, s: StackView) => Problems)[]) =>
  (r: TfResource, s: StackView): string[] =>
    checks.flatMap((c) => {
      const p = c(r, s);
      return !p ? [] : typeof p === "string" ? [p] : [...p];
    });

/** Presence of the resource type is itself the problem. */
export const forbidden = (why: string) => (): Problems => why;

export const isProduction = (_r: TfResource, s: StackView): boolean => s.tier === "production";

/** Allow statements of a policy attribute; a policy that cannot be read is reported by IAM-13. */
export function allowStatements(value: unknown): Statement[] {
  const parsed = parsePolicy(value);
  return parsed.ok ? parsed.statements.filter((s) => s.Effect === "Allow") : [];
}

/** Which policy attributes each type carries (identity, resource, trust and SCP documents). */
export const POLICY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_iam_policy: ["policy"],
  aws_iam_role_policy: ["policy"],
  aws_iam_group_policy: ["policy"],
  aws_iam_user_policy: ["policy"],
  aws_iam_role: ["assume_role_policy", "inline_policy.policy"],
  aws_kms_key: ["policy"],
  aws_kms_key_policy: ["policy"],
  aws_s3_bucket_policy: ["policy"],
  aws_sns_topic_policy: ["policy"],
  aws_sns_topic: ["policy"],
  aws_sqs_queue_policy: ["policy"],
  aws_secretsmanager_secret_policy: ["policy"],
  aws_secretsmanager_secret: ["policy"],
  aws_ecr_repository_policy: ["policy"],
  aws_cloudwatch_log_resource_policy: ["policy_document"],
  aws_organizations_policy: ["content"],
  aws_ssoadmin_permission_set_inline_policy: ["inline_policy"],
};

/** Identity-policy documents of a resource (IAM policies, inline role policies, SSO inline policies). */
export const IDENTITY_POLICY_TYPES = [
  "aws_iam_policy",
  "aws_iam_role_policy",
  "aws_iam_group_policy",
  "aws_iam_user_policy",
  "aws_iam_role",
  "aws_ssoadmin_permission_set_inline_policy",
];

export function identityStatements(r: TfResource): Statement[] {
  const attrs = r.type === "aws_iam_role" ? ["inline_policy.policy"] : (POLICY_ATTRIBUTES[r.type] ?? []);
  return attrs.flatMap((a) => at(r.config, a)).flatMap(allowStatements);
}
