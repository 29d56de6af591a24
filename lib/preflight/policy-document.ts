/**
 * IAM policy documents as synthesized: JSON strings, possibly with `${...}` references inside
 * values. A value that is an expression as a whole (`${jsonencode(...)}`, `${data...json}`) cannot
 * be read without Terraform; callers decide whether that hides something they must verify.
 */
import { isObject, type Config } from "../policy/tf";

export interface Statement {
  readonly sid: string | undefined;
  readonly effect: "Allow" | "Deny";
  readonly awsPrincipals: readonly string[];
  /** `Federated` principals: identity provider ARNs (or hosts such as cognito-identity.amazonaws.com). */
  readonly federatedPrincipals: readonly string[];
  readonly actions: readonly string[];
  readonly notActions: readonly string[] | undefined;
  readonly resources: readonly string[];
  readonly notResources: readonly string[] | undefined;
  readonly condition: Config;
}

export type ParsedPolicy =
  | { readonly kind: "document"; readonly statements: readonly Statement[] }
  | { readonly kind: "expression"; readonly text: string }
  | { readonly kind: "none" };

const list = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String));

/** Reads a policy attribute: a document, an unreadable expression, or not a policy at all. */
export function parsePolicy(value: unknown): ParsedPolicy {
  if (typeof value !== "string") return { kind: "none" };
  const trimmed = value.trim();
  if (trimmed.startsWith("${") && !trimmed.startsWith("{"))
    return /Statement|Principal|jsonencode|\.json\}/.test(trimmed) ? { kind: "expression", text: trimmed } : { kind: "none" };
  if (!trimmed.startsWith("{")) return { kind: "none" };
  let doc: unknown;
  try {
    doc = JSON.parse(trimmed);
  } catch {
    return { kind: "none" };
  }
  if (!isObject(doc) || doc["Statement"] === undefined) return { kind: "none" };
  const raw = Array.isArray(doc["Statement"]) ? doc["Statement"] : [doc["Statement"]];
  return {
    kind: "document",
    statements: raw.filter(isObject).map((s) => {
      const principal = s["Principal"];
      return {
        sid: typeof s["Sid"] === "string" ? s["Sid"] : undefined,
        effect: s["Effect"] === "Deny" ? "Deny" : "Allow",
        awsPrincipals: principal === "*" ? ["*"] : isObject(principal) ? list(principal["AWS"]) : [],
        federatedPrincipals: isObject(principal) ? list(principal["Federated"]) : [],
        actions: list(s["Action"]),
        notActions: s["NotAction"] === undefined ? undefined : list(s["NotAction"]),
        resources: list(s["Resource"]),
        notResources: s["NotResource"] === undefined ? undefined : list(s["NotResource"]),
        condition: isObject(s["Condition"]) ? s["Condition"] : {},
      };
    }),
  };
}

/**
 * Attributes that hold IAM policy documents in the AWS provider: `policy`, `assume_role_policy`,
 * `access_policies`, `inline_policy`... A `jsonencode` in any other attribute (a secret's
 * `secret_string_wo`, a task's settings) is data, not a policy.
 */
const POLICY_ATTRIBUTE = /(^|_)polic(y|ies)$/;

/** Every top-level string attribute of a resource that holds a policy document or expression. */
export function policyAttributes(body: Config): { attribute: string; policy: ParsedPolicy }[] {
  return Object.entries(body)
    .filter(([attribute]) => POLICY_ATTRIBUTE.test(attribute))
    .map(([attribute, v]) => ({ attribute, policy: parsePolicy(v) }))
    .filter((p) => p.policy.kind !== "none");
}

/** IAM wildcard match (`*`, `?`), case-insensitive as IAM matches actions. */
export function globMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    caseInsensitive ? "i" : "",
  );
  return re.test(value);
}

/** Values of the `aws:PrincipalArn` condition key under any operator (keys are case-insensitive). */
export function principalArnCondition(condition: Config): string[] {
  return Object.values(condition).flatMap((byKey) =>
    isObject(byKey)
      ? Object.entries(byKey)
          .filter(([k]) => k.toLowerCase() === "aws:principalarn")
          .flatMap(([, v]) => list(v))
      : [],
  );
}
