import * as fs from "node:fs";
import * as path from "node:path";
import { GoPackage } from "./evaluate";
import {
  conditionalForceNew,
  frameworkForceNew,
  frameworkSchema,
  locateTypes,
  sdkForceNew,
  type ForceNewEntry,
  type LocatedType,
} from "./extract";
import { parseGoFile } from "./go-parse";
import type { ForceNewTable, TypeEntry } from "../force-new";

/** One provider's source checkout (or a folder mirroring its layout) and the version it is. */
export interface ProviderSource {
  /** Type prefix: `aws`, `kubernetes`, `helm`. */
  readonly name: string;
  readonly dir: string;
  /** Release the checkout is at (`6.25.0`). */
  readonly version: string;
}

const goFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name.startsWith(".") || e.name === "vendor" || e.name === "testdata" ? [] : goFiles(full);
    return e.name.endsWith(".go") && !e.name.endsWith("_test.go") ? [full] : [];
  });

/** `names.AttrName` -> "name": string constants of the provider's `names` package, if it has one. */
function qualifiedConsts(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const dir = path.join(root, "names");
  if (!fs.existsSync(dir)) return out;
  for (const file of goFiles(dir)) {
    for (const [k, v] of parseGoFile(file, fs.readFileSync(file, "utf8")).consts) if (v.kind === "string") out.set(`names.${k}`, v.value);
  }
  return out;
}

/** The text a file must contain for it to register one of the wanted types. */
function registers(text: string, provider: string, types: readonly string[]): boolean {
  return types.some(
    (t) => text.includes(`("${t}"`) || text.includes(`"${t}":`) || text.includes(`ProviderTypeName + "${t.slice(provider.length)}"`),
  );
}

/** Reads the packages of a provider that register the wanted types and extracts each type's entry. */
export function readProvider(
  source: ProviderSource,
  types: readonly string[],
): { entries: Map<string, ForceNewEntry>; unresolved: string[] } {
  const wanted = types.filter((t) => t.startsWith(`${source.name}_`));
  const consts = qualifiedConsts(source.dir);
  const files = goFiles(source.dir);
  const packageDirs = [
    ...new Set(files.filter((f) => registers(fs.readFileSync(f, "utf8"), source.name, wanted)).map((f) => path.dirname(f))),
  ].sort();
  const entries = new Map<string, ForceNewEntry>();
  const unresolved = new Set<string>();
  for (const dir of packageDirs) {
    const pkgFiles = files.filter((f) => path.dirname(f) === dir);
    const pkg = new GoPackage(
      pkgFiles.map((f) => parseGoFile(f, fs.readFileSync(f, "utf8"))),
      consts,
    );
    for (const located of locateTypes(pkg, source.name, source.dir)) {
      if (!wanted.includes(located.type)) continue;
      entries.set(located.type, extractEntry(pkg, located, fs.readFileSync(path.join(source.dir, located.file), "utf8")));
    }
    for (const name of pkg.unresolved) unresolved.add(name);
  }
  return { entries, unresolved: [...unresolved].sort() };
}

function extractEntry(pkg: GoPackage, located: LocatedType, fileText: string): ForceNewEntry {
  const out: ForceNewEntry = { forceNew: [], blocks: [], conditional: conditionalForceNew(pkg, fileText), source: located.file };
  if (located.style === "sdkv2" && located.fn) {
    const resource = pkg.call(located.fn.params, located.fn.body, [], 0);
    if (resource) sdkForceNew(pkg, resource, "", out);
  } else if (located.receiver) {
    const schema = frameworkSchema(pkg, located.receiver);
    if (schema) frameworkForceNew(pkg, schema, "", out);
  }
  const sorted = (xs: string[]) => [...new Set(xs)].sort();
  // A path that always forces replacement needs no conditional note as well.
  const conditional = out.conditional.filter((c) => !out.forceNew.includes(c.path)).sort((a, b) => a.path.localeCompare(b.path));
  return { ...out, forceNew: sorted(out.forceNew), blocks: sorted(out.blocks), conditional };
}

/**
 * Whether a type takes the AWS provider v6 per-resource `region` argument: the cdktf binding (generated
 * from the pinned provider's schema) has a `region` field. Global types (IAM, Organizations, ...) do not.
 */
export function isRegional(type: string, bindingsRoot: string): boolean {
  if (!type.startsWith("aws_")) return false;
  const file = path.join(bindingsRoot, "lib", type.slice(4).replace(/_/g, "-"), "index.d.ts");
  if (!fs.existsSync(file)) return false;
  const config = /export interface \w+Config extends cdktf\.TerraformMetaArguments \{([\s\S]*?)\n\}/.exec(fs.readFileSync(file, "utf8"));
  return /readonly region\?: string;/.test(config?.[1] ?? "");
}

/** Reads a provenance note a source folder may carry (which commit each file came from). */
function provenanceOf(dir: string): unknown {
  const file = path.join(dir, "PROVENANCE.json");
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as unknown) : undefined;
}

export interface BuildOptions {
  readonly sources: readonly ProviderSource[];
  readonly types: readonly string[];
  /** Folder of @cdktf/provider-aws, for which types are regional. */
  readonly awsBindings?: string;
  /** The command that produced the table, recorded in it. */
  readonly command: string;
}

/** The whole table, deterministic (sorted keys) so a regeneration diffs cleanly. */
export function buildTable(options: BuildOptions): { table: ForceNewTable; unresolved: string[] } {
  const types = [...new Set(options.types)].sort();
  const read = new Map<string, TypeEntry>();
  const unresolved: string[] = [];
  for (const source of options.sources) {
    const { entries, unresolved: names } = readProvider(source, types);
    for (const [type, e] of entries)
      read.set(type, { ...e, regional: options.awsBindings ? isRegional(type, options.awsBindings) : false });
    unresolved.push(...names.map((n) => `${source.name}: ${n}`));
  }
  const providers = Object.fromEntries(
    [...options.sources]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((s) => {
        const provenance = provenanceOf(s.dir);
        return [s.name, { version: s.version, ...(provenance ? { provenance } : {}) }];
      }),
  );
  const table: ForceNewTable = {
    "//": `Generated by tools/generate-force-new.ts; do not edit. Regenerate: ${options.command}`,
    providers,
    types: Object.fromEntries(
      types.map((t) => [
        t,
        read.get(t) ?? {
          forceNew: [],
          blocks: [],
          conditional: [],
          source: null,
          regional: options.awsBindings ? isRegional(t, options.awsBindings) : false,
        },
      ]),
    ),
  };
  return { table, unresolved };
}
