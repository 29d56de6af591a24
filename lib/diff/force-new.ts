import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../paths";

/**
 * WHEN a resource is replaced rather than updated in place: the attribute paths whose change
 * forces a new resource, per type, generated from the providers' own source at the pinned
 * versions by tools/generate-force-new.ts (see docs/diff.md for the command). What a replacement
 * LOSES is a separate, hand-written question: the resource catalog (lib/catalog/resource-types.ts).
 */
export interface TypeEntry {
  /** Argument paths (dot-separated, list indices left out): a change at or below one forces replacement. */
  readonly forceNew: readonly string[];
  /** Nested blocks whose addition or removal forces replacement (changes inside follow their own entries). */
  readonly blocks: readonly string[];
  /** Paths that force replacement only under a condition the provider checks (CustomizeDiff). */
  readonly conditional: readonly { readonly path: string; readonly via: string }[];
  /** Source file read, relative to the provider checkout; null when the source was not available. */
  readonly source: string | null;
  /** Takes the AWS provider v6 per-resource `region`: a change of region replaces it. */
  readonly regional: boolean;
}

export interface ForceNewTable {
  readonly "//": string;
  readonly providers: Readonly<Record<string, { readonly version: string; readonly provenance?: unknown }>>;
  readonly types: Readonly<Record<string, TypeEntry>>;
}

/** Where the generated table lives (read from the source tree, so `dist/` needs no copy of it). */
export const FORCE_NEW_FILE = path.join("lib", "diff", "force-new.generated.json");

let table: ForceNewTable | undefined;

/** The generated table, read once per process. */
export function forceNewTable(): ForceNewTable {
  table ??= JSON.parse(fs.readFileSync(path.join(repoRoot(), FORCE_NEW_FILE), "utf8")) as ForceNewTable;
  return table;
}

/** The entry of a type; undefined when the table has none (a type added since the last generation). */
export function forceNewOf(type: string): TypeEntry | undefined {
  return forceNewTable().types[type];
}

/** Whether an argument path (indices stripped) falls at or under one of the listed paths. */
export function underAny(path: string, listed: readonly string[]): string | undefined {
  return listed.find((p) => path === p || path.startsWith(`${p}.`));
}

/** Types with no entry in the table: the table must be regenerated after a new type appears. */
export function typesMissingFromTable(types: Iterable<string>, against: ForceNewTable = forceNewTable()): string[] {
  return [...new Set(types)].filter((t) => !(t in against.types)).sort();
}
