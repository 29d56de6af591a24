/**
 * The attribute and block names each Terraform type accepts, read from the generated cdktf
 * provider bindings in node_modules (@cdktf/provider-aws 21.22.1 = hashicorp/aws 6.25,
 * -kubernetes 12.1.1, -helm 12.1.2). The bindings are generated from the provider's own schema
 * (`terraform providers schema -json`): every resource class's `synthesizeAttributes()` and every
 * struct's `<struct>ToTerraform()` lists the Terraform names of its fields, and a field that is a
 * nested block (or object attribute) maps through its own struct function. Reading those
 * functions from the module source (without loading the module) takes milliseconds per type; the
 * jsii assembly holds the same names but is 125 MB for the AWS provider alone.
 *
 * Only the types a stack uses are read, once per process.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The names one block accepts: a name maps to the block nested under it, or null (a value). */
export type BlockSchema = ReadonlyMap<string, Field>;
export type Field = { readonly block: BlockSchema; readonly keyed: boolean } | null;

export type SchemaKind = "resource" | "data" | "provider";

const PACKAGES: Readonly<Record<string, string>> = {
  aws: "@cdktf/provider-aws",
  kubernetes: "@cdktf/provider-kubernetes",
  helm: "@cdktf/provider-helm",
};

/** Where the binding of a type lives: `lib/<type without provider prefix, kebab-case>/index.js`. */
export function bindingFile(kind: SchemaKind, type: string): { file: string; pkg: string } | undefined {
  const provider = kind === "provider" ? type : type.split("_")[0]!;
  const pkg = PACKAGES[provider];
  if (!pkg) return undefined;
  const rest = type.slice(provider.length + 1).replace(/_/g, "-");
  const dir = kind === "provider" ? "provider" : kind === "data" ? `data-${provider}-${rest}` : rest;
  return { pkg, file: path.join(path.dirname(require.resolve(`${pkg}/package.json`)), "lib", dir, "index.js") };
}

const FUNCTION = /^function (\w+)ToTerraform\(struct\) \{\n([\s\S]*?)^\}/gm;
const RETURN_OBJECT = /return \{(?:\};|\n([\s\S]*?)\n\s*\};)/;
const FIELD = /^\s*["']?([\w-]+)["']?: (.*),$/gm;
const STRUCT_REF = /(?<!cdktf\.)\b([a-zA-Z]\w*)ToTerraform\b/;

type RawFields = Map<string, { struct?: string; keyed: boolean }>;

function parseFields(body: string): RawFields {
  const fields: RawFields = new Map();
  for (const m of body.matchAll(FIELD)) {
    const ref = STRUCT_REF.exec(m[2]!);
    fields.set(m[1]!, ref ? { struct: ref[1]!, keyed: m[2]!.includes("hashMapper(") } : { keyed: false });
  }
  return fields;
}

function parseModule(source: string, file: string, type: string): BlockSchema {
  const structs = new Map<string, RawFields>();
  for (const m of source.matchAll(FUNCTION)) {
    const ret = RETURN_OBJECT.exec(m[2]!);
    if (ret) structs.set(m[1]!, parseFields(ret[1] ?? "")); // `return {};`: a block without fields
  }
  const top = /synthesizeAttributes\(\) \{\n\s*return \{\n([\s\S]*?)\n\s*\};/.exec(source);
  if (!top) throw new Error(`${file}: no synthesizeAttributes() found (binding layout changed?)`);
  const built = new Map<string, Map<string, Field>>();
  const build = (fields: RawFields): Map<string, Field> => {
    const out = new Map<string, Field>();
    for (const [name, f] of fields) {
      if (!f.struct) {
        out.set(name, null);
        continue;
      }
      const nested = structs.get(f.struct);
      if (!nested) throw new Error(`${file}: ${type}.${name} maps through ${f.struct}ToTerraform, which the module does not define`);
      let block = built.get(f.struct);
      if (!block) {
        block = new Map();
        built.set(f.struct, block); // before recursing: recursive structs stay finite
        for (const [k, v] of build(nested)) block.set(k, v);
      }
      out.set(name, { block, keyed: f.keyed });
    }
    return out;
  };
  return build(parseFields(top[1]!));
}

const cache = new Map<string, BlockSchema | Error>();

/**
 * The schema of one resource, data source or provider type, or an Error saying why there is none
 * (no binding of that name: the type itself is misspelled, or its provider is not one we pin).
 */
export function schemaOf(kind: SchemaKind, type: string): BlockSchema | Error {
  const key = `${kind}:${type}`;
  let hit = cache.get(key);
  if (hit) return hit;
  const where = bindingFile(kind, type);
  if (!where)
    hit = new Error(`no pinned provider binding for ${kind} type "${type}" (pinned providers: ${Object.keys(PACKAGES).join(", ")})`);
  else if (!fs.existsSync(where.file))
    hit = new Error(`${where.pkg} has no ${kind} type "${type}" (no ${path.relative(process.cwd(), where.file)})`);
  else {
    const source = fs.readFileSync(where.file, "utf8");
    const declared = /\.tfResourceType = "([^"]+)";/.exec(source)?.[1];
    hit = declared === type ? parseModule(source, where.file, type) : new Error(`${where.file} binds "${declared}", not "${type}"`);
  }
  cache.set(key, hit);
  return hit;
}

/** A schema from a nested list of names (for the hand-kept lists: backends, ephemeral types). */
export function schemaFromNames(
  names: readonly (string | readonly [string, readonly (string | readonly [string, readonly string[]])[]])[],
): BlockSchema {
  const out = new Map<string, Field>();
  for (const n of names) {
    if (typeof n === "string") out.set(n, null);
    else out.set(n[0], { block: schemaFromNames(n[1]), keyed: false });
  }
  return out;
}
