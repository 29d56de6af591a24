/**
 * IAM policy documents as synthesized: JSON strings, possibly with `${...}` references inside
 * values. A value that is an expression as a whole (`${jsonencode(...)}`, `${data...json}`) cannot
 * be read without Terraform; callers decide whether that hides something they must verify.
 */
import type { PolicyStatement } from "../catalog/policy-document";
import { isObject, type Config } from "../policy/tf";

/**
 * A statement as the preflight reads it: the one policy-document type (lib/catalog) in its parsed
 * form, lists always arrays. `NotAction` and `NotResource` stay absent when the document has none,
 * which is how the checks tell "every action but" from "these actions".
 */
export type Statement = PolicyStatement<"parsed"> & { readonly Action: readonly string[]; readonly Resource: readonly string[] };

/** The statement's `AWS` principals (`*` for `"Principal": "*"`). */
export const awsPrincipals = (s: Statement): string[] =>
  s.Principal === "*" ? ["*"] : isObject(s.Principal) ? list(s.Principal["AWS"]) : [];

/** `Federated` principals: identity provider ARNs (or hosts such as cognito-identity.amazonaws.com). */
export const federatedPrincipals = (s: Statement): string[] => (isObject(s.Principal) ? list(s.Principal["Federated"]) : []);

/** The statement's condition block, empty when it has none. */
export const conditionOf = (s: Statement): Config => (isObject(s.Condition) ? s.Condition : {});

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
    statements: raw.filter(isObject).map((s): Statement => ({
      ...(typeof s["Sid"] === "string" ? { Sid: s["Sid"] } : {}),
      // IAM accepts only Allow and Deny; anything else is kept as written and matches neither.
      Effect: String(s["Effect"]),
      ...(s["Principal"] === undefined ? {} : { Principal: s["Principal"] }),
      Action: list(s["Action"]),
      ...(s["NotAction"] === undefined ? {} : { NotAction: list(s["NotAction"]) }),
      Resource: list(s["Resource"]),
      ...(s["NotResource"] === undefined ? {} : { NotResource: list(s["NotResource"]) }),
      ...(s["Condition"] === undefined ? {} : { Condition: s["Condition"] }),
    })),
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
