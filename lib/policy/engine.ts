import type { Finding, Problems, Rule, StackView, TfResource } from "./types";
import { at, isObject, type Config } from "./tf";

/** Terraform JSON as cdktf writes it (`resource.<type>.<name>`, `data.<type>.<name>`). */
export interface TfDocument {
  readonly resource?: Record<string, Record<string, Config>>;
  readonly data?: Record<string, Record<string, Config>>;
  readonly provider?: Record<string, unknown>;
}

const stripMetadata = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(stripMetadata);
  if (!isObject(v)) return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k]) => k !== "//")
      .map(([k, x]) => [k, stripMetadata(x)]),
  );
};

/** Attributes whose literal value identifies a resource when another one names it. */
const IDENTIFYING = ["bucket", "name", "id", "arn", "cluster_name", "identifier"];

/** Builds the read-only view the rules see. */
export function stackView(name: string, doc: TfDocument): StackView {
  const resources: TfResource[] = [];
  for (const [mode, block] of [
    ["", doc.resource],
    ["data.", doc.data],
  ] as const) {
    for (const [type, byName] of Object.entries(block ?? {})) {
      for (const [resourceName, config] of Object.entries(byName)) {
        const t = `${mode}${type}`;
        resources.push({ type: t, name: resourceName, address: `${t}.${resourceName}`, config: stripMetadata(config) as Config });
      }
    }
  }
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const byType = new Map<string, TfResource[]>();
  for (const r of resources) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  const tags = at(doc.provider, "aws.default_tags.tags")[0];
  const tier = isObject(tags) && typeof tags["tier"] === "string" ? tags["tier"] : undefined;
  return {
    name,
    tier,
    resources,
    ofType: (type) => byType.get(type) ?? [],
    byAddress: (address) => byAddress.get(address),
    referrers(type, attribute, target) {
      const literals = IDENTIFYING.map((k) => target.config[k]).filter((v): v is string => typeof v === "string" && !v.includes("${"));
      return (byType.get(type) ?? []).filter((r) =>
        at(r.config, attribute).some(
          (v) => typeof v === "string" && (v.includes(`\${${target.address}.`) || v === `\${${target.address}}` || literals.includes(v)),
        ),
      );
    },
  };
}

const asList = (p: Problems): string[] => (!p ? [] : typeof p === "string" ? [p] : [...p]);

/** Looks up a declared exception: its reason, or undefined. */
export type ExceptionLookup = (address: string, ruleId: string) => string | undefined;

/**
 * Runs every rule over every resource of its types. A failing resource with a declared exception
 * is `excepted`; the exception's reason is kept either way, so unused exceptions can be listed.
 */
export function evaluate(rules: readonly Rule[], stack: StackView, exceptionFor: ExceptionLookup = () => undefined): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const type of rule.resourceTypes) {
      for (const resource of stack.ofType(type)) {
        const reason = exceptionFor(resource.address, rule.id);
        const base = { ruleId: rule.id, address: resource.address, ...(reason !== undefined ? { exceptionReason: reason } : {}) };
        if (rule.appliesTo && !rule.appliesTo(resource, stack)) {
          findings.push({ ...base, status: "n/a", problems: [] });
          continue;
        }
        const problems = asList(rule.check(resource, stack));
        const status = problems.length === 0 ? "pass" : reason !== undefined ? "excepted" : "fail";
        findings.push({ ...base, status, problems });
      }
    }
  }
  return findings;
}
