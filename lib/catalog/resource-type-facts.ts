import { isFree, isUsageBased, PRICERS } from "../cost/registry";
import { forceNewOf } from "../diff/force-new";
import { RULES } from "../policy/rules";
import { UNCHECKED_TYPES } from "../policy/rules/coverage";
import { resourceTypeOf } from "./resource-types";

/**
 * Everything the repository knows about one Terraform resource type, each fact read from the one
 * place that owns it: statefulness from the catalog (resource-types.ts), pricing from the cost
 * registry (lib/cost/registry.ts, owned by the cost model: referenced, not moved), the guardrail
 * families from the policy rules, and the replacement rules from the generated force-new table.
 */
export interface ResourceTypeFacts {
  readonly type: string;
  /** Whether a destroy or replacement loses data (for some or all resources of the type), and what. */
  readonly stateful: boolean;
  readonly loses?: string;
  /**
   * The cost registry's answer: the type's own pricer (keyed by the type), free, usage-based (declared
   * with its reason, listed unpriced in the estimate), or not priced at all.
   */
  readonly pricing: "pricer" | "free" | "usage-based" | "unpriced";
  /** Guardrail families checking the type: the `<FAMILY>` of rule ids `<FAMILY>-<nn>`, sorted. */
  readonly policyFamilies: readonly string[];
  /** Why no guardrail can check the type (UNCHECKED_TYPES of lib/policy/rules/coverage.ts), when none does. */
  readonly unchecked?: string;
  /**
   * Where its replacement rules come from: the provider source file the force-new table was
   * generated from; "no source" when the table has the type without its source (only a region
   * change replaces it there); "not in table" when the table must be regenerated.
   */
  readonly replacementRules: string;
}

export function resourceTypeFacts(type: string): ResourceTypeFacts {
  const entry = resourceTypeOf(type);
  const forceNew = forceNewOf(type);
  const families = RULES.filter((r) => r.resourceTypes.includes(type)).map((r) => r.id.replace(/-\d+$/, ""));
  return {
    type,
    stateful: entry?.stateful ?? false,
    ...(entry?.stateful ? { loses: entry.loses } : {}),
    pricing: Object.hasOwn(PRICERS, type) ? "pricer" : isFree(type) ? "free" : isUsageBased(type) ? "usage-based" : "unpriced",
    policyFamilies: [...new Set(families)].sort(),
    ...(Object.hasOwn(UNCHECKED_TYPES, type) ? { unchecked: UNCHECKED_TYPES[type] } : {}),
    replacementRules: forceNew === undefined ? "not in table" : (forceNew.source ?? "no source"),
  };
}

/**
 * What is wrong with the facts of some types: a stateful type no guardrail checks (unless the policy
 * coverage list says why there is nothing to check, as for an Elastic IP), or whose
 * replacement rules were not read from provider source, and any type the force-new table lacks.
 */
export function factsProblems(facts: readonly ResourceTypeFacts[]): string[] {
  return facts.flatMap((f) => [
    ...(f.replacementRules === "not in table" ? [`${f.type}: not in lib/diff/force-new.generated.json (regenerate it: docs/diff.md)`] : []),
    ...(f.stateful && f.policyFamilies.length === 0 && f.unchecked === undefined
      ? [`${f.type}: stateful, but no guardrail (lib/policy/rules) checks it`]
      : []),
    ...(f.stateful && f.replacementRules === "no source"
      ? [`${f.type}: stateful, but its replacement rules were not read from provider source (force-new table source: null)`]
      : []),
  ]);
}
