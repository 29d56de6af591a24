/**
 * Every name in a synthesized stack against the schema Terraform will check it against at
 * `terraform init`/`plan`: a misspelled override or escape hatch fails here, not at apply.
 */
import { schemaOf, type BlockSchema, type SchemaKind } from "./provider-schema";
import { BUILTIN, EPHEMERAL, LIFECYCLE, META, PROVIDER_META, TERRAFORM_BLOCK, TOP_LEVEL, backendSchemas } from "./known-names";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Names within two edits of the unknown one, for the message. */
function nearest(name: string, allowed: Iterable<string>): string[] {
  const dist = (a: string, b: string): number => {
    let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      const cur = [i];
      for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
    return prev[b.length]!;
  };
  return [...allowed].filter((n) => dist(name, n) <= 2).sort();
}

class Findings {
  readonly lines: string[] = [];
  constructor(private readonly stack: string) {}
  unknown(address: string, name: string, allowed: Iterable<string>, what = "attribute or block"): void {
    const near = nearest(name, allowed);
    this.lines.push(
      `${this.stack}: ${address}: unknown ${what} "${name}"${near.length ? ` (did you mean ${near.map((n) => `"${n}"`).join(", ")}?)` : ""}`,
    );
  }
  missing(address: string, why: string): void {
    this.lines.push(`${this.stack}: ${address}: ${why}`);
  }
}

/** Checks one block's body; `meta` are the names Terraform adds around the schema at this level. */
function checkBlock(f: Findings, address: string, body: unknown, schema: BlockSchema, meta: ReadonlySet<string> = new Set()): void {
  if (Array.isArray(body)) {
    body.forEach((b, i) => checkBlock(f, `${address}[${i}]`, b, schema, meta));
    return;
  }
  if (!isObject(body)) return; // a token ("${...}") or null: nothing to check by name
  for (const [name, value] of Object.entries(body)) {
    if (meta.has(name)) {
      if (name === "lifecycle") checkFlat(f, `${address}.lifecycle`, value, LIFECYCLE);
      continue;
    }
    if (name === "dynamic" && isObject(value)) {
      for (const [blockName, dyn] of Object.entries(value)) {
        const field = schema.get(blockName);
        if (!field)
          f.unknown(
            `${address}.dynamic`,
            blockName,
            [...schema].filter(([, v]) => v).map(([k]) => k),
            "block",
          );
        else if (isObject(dyn) && isObject(dyn["content"]))
          checkBlock(f, `${address}.dynamic.${blockName}.content`, dyn["content"], field.block);
      }
      continue;
    }
    if (!schema.has(name)) {
      f.unknown(address, name, [...schema.keys(), ...meta]);
      continue;
    }
    const field = schema.get(name);
    if (!field) continue;
    if (field.keyed && isObject(value))
      for (const [k, v] of Object.entries(value)) checkBlock(f, `${address}.${name}["${k}"]`, v, field.block);
    else checkBlock(f, `${address}.${name}`, value, field.block);
  }
}

function checkFlat(f: Findings, address: string, body: unknown, allowed: ReadonlySet<string>): void {
  if (!isObject(body)) return;
  for (const name of Object.keys(body)) if (!allowed.has(name)) f.unknown(address, name, allowed, "argument");
}

function schemaFor(f: Findings, kind: SchemaKind | "ephemeral", type: string, address: string): BlockSchema | undefined {
  if (kind === "ephemeral") {
    const s = EPHEMERAL[type];
    if (!s)
      f.missing(
        address,
        `ephemeral type "${type}" is not in test/schema/known-names.ts EPHEMERAL (cdktf 0.21 has no binding: add it with its documented arguments)`,
      );
    return s;
  }
  const builtin = BUILTIN[type];
  if (builtin && builtin.kind === kind) return builtin.schema;
  const s = schemaOf(kind, type);
  if (s instanceof Error) {
    f.missing(address, s.message);
    return undefined;
  }
  return s;
}

function checkTerraformBlock(f: Findings, tf: unknown): void {
  checkFlat(f, "terraform", tf, TERRAFORM_BLOCK);
  const backend = isObject(tf) ? tf["backend"] : undefined;
  if (!isObject(backend)) return;
  const schemas = backendSchemas();
  for (const [type, body] of Object.entries(backend)) {
    const schema = schemas[type];
    if (!schema) f.unknown("terraform.backend", type, Object.keys(schemas), "backend type");
    else checkBlock(f, `terraform.backend.${type}`, body, schema);
  }
}

/** One line per unknown name in a synthesized stack (Terraform JSON), each naming stack, address and name. */
export function unknownNames(stack: string, json: Json): string[] {
  const f = new Findings(stack);
  for (const key of Object.keys(json)) if (!TOP_LEVEL.has(key)) f.unknown("(top level)", key, TOP_LEVEL, "block type");
  checkTerraformBlock(f, json["terraform"]);

  for (const [type, configs] of Object.entries(isObject(json["provider"]) ? json["provider"] : {})) {
    const schema = schemaFor(f, "provider", type, `provider.${type}`);
    const list = Array.isArray(configs) ? configs : [configs];
    if (schema) list.forEach((c, i) => checkBlock(f, `provider.${type}[${i}]`, c, schema, PROVIDER_META));
  }
  for (const kind of ["resource", "data", "ephemeral"] as const) {
    const byType = json[kind];
    if (!isObject(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      const prefix = kind === "resource" ? type : `${kind}.${type}`;
      const schema = schemaFor(f, kind, type, prefix);
      if (!schema || !isObject(byName)) continue;
      for (const [name, body] of Object.entries(byName)) {
        checkBlock(f, `${prefix}.${name}`, body, schema, META[kind]);
        // A remote state's `config` is a backend configuration: the same names as the backend block.
        if (type === "terraform_remote_state" && isObject(body) && typeof body["backend"] === "string") {
          const backend = backendSchemas()[body["backend"]];
          if (backend) checkBlock(f, `${prefix}.${name}.config`, body["config"], backend);
          else f.unknown(`${prefix}.${name}.backend`, body["backend"], Object.keys(backendSchemas()), "backend type");
        }
      }
    }
  }
  return f.lines;
}
