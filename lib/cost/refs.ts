/** Synthesized Terraform JSON, as much of it as the estimator reads. */
export interface TerraformJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly provider?: Readonly<Record<string, readonly Record<string, unknown>[] | Record<string, unknown>>>;
}

const WHOLE_REF = /^\$\{([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([^}]+)\}$/;
const MAX_DEPTH = 8;

/** Parses a whole-string reference `${type.name.attr.path}`; undefined for anything else. */
export function parseReference(value: unknown): { type: string; name: string; path: string[] } | undefined {
  if (typeof value !== "string") return undefined;
  const [, type, name, rest] = WHOLE_REF.exec(value) ?? [];
  if (type === undefined || name === undefined || rest === undefined) return undefined;
  // `a[0].b` and `a.0.b` address the same element.
  const path = rest
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((p) => p !== "");
  return { type, name, path };
}

/**
 * Resolves a value that references another resource of the same stack (`${aws_launch_template.x.instance_type}`)
 * to the configured value, following chains of references. Values computed by AWS at apply time
 * (ids, ARNs) are not in the configuration and resolve to undefined. Anything else is returned unchanged.
 */
export function resolveValue(json: TerraformJson, value: unknown, depth = 0): unknown {
  const ref = parseReference(value);
  if (!ref) return value;
  if (depth >= MAX_DEPTH) return undefined;
  const config = json.resource?.[ref.type]?.[ref.name];
  if (!config) return undefined;
  let current: unknown = config;
  for (const part of ref.path) {
    // Single-block attributes are objects in cdktf output and one-element lists in HCL-shaped JSON.
    if (Array.isArray(current) && !/^\d+$/.test(part)) current = current[0];
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return resolveValue(json, current, depth + 1);
}

/** The resource a reference points at (any attribute of it). */
export function lookupResource(
  json: TerraformJson,
  value: unknown,
): { type: string; name: string; config: Record<string, unknown> } | undefined {
  const ref = parseReference(value);
  if (!ref) return undefined;
  const config = json.resource?.[ref.type]?.[ref.name];
  return config ? { type: ref.type, name: ref.name, config } : undefined;
}

/** A nested block, whether written as an object or as a list of one object. */
export function block(value: unknown): Record<string, unknown> | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v !== null && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
}

/** A list of blocks, whether written as a list or a single object. */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter((v): v is Record<string, unknown> => v !== null && typeof v === "object");
  const one = block(value);
  return one ? [one] : [];
}

/** A number from configuration (Terraform JSON may carry numbers as strings). */
export function num(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" && !value.includes("${") ? value : undefined;
}
