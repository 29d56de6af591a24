import type { IConstruct } from "constructs";
import { RULES_BY_ID } from "./rules";

export const EXCEPTION_METADATA = "policy-exception";

export interface PolicyException {
  readonly ruleId: string;
  readonly reason: string;
}

/**
 * Declares, next to the resource, that a guardrail does not apply to it and why. It covers the
 * construct and everything under it. `npm run policy` lists every exception with its reason.
 */
export function policyException(construct: IConstruct, ruleId: string, reason: string): void {
  const problems: string[] = [];
  if (!RULES_BY_ID.has(ruleId)) problems.push(`ruleId "${ruleId}" is not a guardrail (see npm run policy for the ids)`);
  if (reason.trim().length < 20)
    problems.push(`reason "${reason}" is too short: say why the rule does not fit and what compensates (20+ characters)`);
  if (problems.length) throw new Error(`policyException on ${construct.node.path}: ${problems.join("; ")}`);
  construct.node.addMetadata(EXCEPTION_METADATA, { ruleId, reason: reason.trim() } satisfies PolicyException);
}

/** Exceptions declared on a construct or any of its scopes, nearest first. */
export function exceptionsOf(construct: IConstruct): PolicyException[] {
  return construct.node.scopes
    .slice()
    .reverse()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === EXCEPTION_METADATA).map((m) => m.data as PolicyException));
}
