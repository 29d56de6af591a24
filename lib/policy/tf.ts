import type { ParsedPolicy, ParsedStatement } from "../catalog/policy-document";
import { required } from "../defined";
/**
 * Reading cdktf's Terraform JSON the way the scanners do (docs/reference/scanner-behaviour.md §1): a single nested block is
 * the same as a one-element list, string booleans are booleans, `${type.name.attr}` strings are
 * references, and policy documents are parsed, failing closed when they are expressions.
 */

export type Config = Record<string, unknown>;

export const isObject = (v: unknown): v is Config => typeof v === "object" && v !== null && !Array.isArray(v);

const flatten = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(flatten) : [v]);

/**
 * Every value at a dotted path. Lists are flattened at each step, so `vpc_config.x` reads both
 * `{vpc_config: {x}}` and `{vpc_config: [{x}]}`, and `container.image` reads every container.
 */
export function at(value: unknown, path: string): unknown[] {
  let current = flatten(value);
  for (const key of path.split(".")) {
    current = current.flatMap((v) => (isObject(v) && v[key] !== undefined && v[key] !== null ? flatten(v[key]) : []));
  }
  return current;
}

/** The first value at a path, or undefined. */
export const first = (value: unknown, path: string): unknown => at(value, path)[0];

/** A boolean read like Terraform does: true/"true" and false/"false"; anything else is undefined. */
export function bool(v: unknown): boolean | undefined {
  if (v === true || v === "true") return true;
  if (v === false || v === "false") return false;
  return undefined;
}

/** A number from a number or numeric string; undefined for tokens and absent values. */
export function num(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

/** How a value reads in a message. */
export function show(v: unknown): string {
  if (v === undefined || v === null) return "absent";
  const text = JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** True when the string is (or contains) a Terraform expression. */
export const isExpression = (v: unknown): boolean => typeof v === "string" && v.includes("${");

export interface Reference {
  /** `aws_s3_bucket.backups` or `data.aws_iam_policy_document.x`. */
  readonly address: string;
  readonly attribute: string | undefined;
}

const EXPRESSION = /\$\{([^}]*)\}/g;
const REFERENCE = /(?<![\w.-])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)(?:\.([a-z0-9_]+))?/g;

/** The `${type.name.attr}` references inside a value (deeply). */
export function references(value: unknown): Reference[] {
  const found: Reference[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      for (const e of v.matchAll(EXPRESSION)) {
        for (const m of required(e[1], `expression ${e[0]}`).matchAll(REFERENCE))
          found.push({ address: required(m[1], `address in ${m[0]}`), attribute: m[2] });
      }
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) Object.values(v).forEach(walk);
  };
  walk(value);
  return found;
}

/**
 * A customer-managed KMS key: a reference to a key (resolved at plan time) or a KMS ARN that is not
 * an AWS-managed alias (`alias/aws/...`).
 */
export function isCmk(v: unknown): boolean {
  if (typeof v !== "string" || v.trim() === "") return false;
  if (v.includes("alias/aws/")) return false;
  if (isExpression(v)) return true;
  return /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+/.test(v);
}

export const OPEN_CIDRS = ["0.0.0.0/0", "::/0", "*"];

// ---- policy documents -------------------------------------------------------------------------

/** A statement read back out of Terraform JSON: the one policy-document type, parsed form. */
export type Statement = ParsedStatement;
export type { ParsedPolicy };

const strings = (v: unknown): string[] => flatten(v).filter((x): x is string => typeof x === "string");

/**
 * Parses a policy document. Unlike checkov (which passes what it cannot parse), an expression such
 * as `${jsonencode(...)}` or `${data.aws_iam_policy_document.x.json}` fails closed.
 */
export function parsePolicy(v: unknown): ParsedPolicy {
  let doc: unknown = v;
  if (typeof v === "string") {
    const text = v.trim();
    if (text.startsWith("${")) return { ok: false, why: `is a Terraform expression (${show(text)}), not a literal JSON document` };
    try {
      doc = JSON.parse(text);
    } catch {
      return { ok: false, why: `is not valid JSON (${show(text)})` };
    }
  }
  if (!isObject(doc)) return { ok: false, why: `is ${show(v)}, not a policy document` };
  const raw = flatten(doc["Statement"]);
  if (raw.length === 0 || !raw.every(isObject)) return { ok: false, why: "has no Statement list" };
  return {
    ok: true,
    statements: (raw as Config[]).map((s) => ({
      ...(typeof s["Sid"] === "string" ? { Sid: s["Sid"] } : {}),
      Effect: String(s["Effect"] ?? ""),
      Action: strings(s["Action"]),
      NotAction: strings(s["NotAction"]),
      Resource: strings(s["Resource"]),
      Principal: s["Principal"],
      Condition: s["Condition"],
    })),
  };
}

/** Principals of a statement, as strings (`*`, ARNs, service names). */
export function principals(s: Statement): string[] {
  if (typeof s.Principal === "string") return [s.Principal];
  if (isObject(s.Principal)) return Object.values(s.Principal).flatMap(strings);
  return [];
}

/** True when an IAM action pattern (with `*` wildcards) covers the action. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i");
  return re.test(action);
}

export const hasCondition = (s: Statement): boolean => isObject(s.Condition) && Object.keys(s.Condition).length > 0;
