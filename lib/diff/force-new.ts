import generated from "./force-new.generated.json";

/**
 * WHEN a resource is replaced rather than updated in place: the attribute paths whose change
 * forces a new resource, per type, generated from the providers' own source at the pinned
 * versions by tools/generate-force-new.ts (see docs/diff.md for the command). What a replacement
 * LOSES is a separate, hand-written question: destructive.ts.
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

export const FORCE_NEW: ForceNewTable = generated as ForceNewTable;

/** The entry of a type; undefined when the table has none (a type added since the last generation). */
export function forceNewOf(type: string): TypeEntry | undefined {
  return FORCE_NEW.types[type];
}

/** Whether an argument path (indices stripped) falls at or under one of the listed paths. */
export function underAny(path: string, listed: readonly string[]): string | undefined {
  return listed.find((p) => path === p || path.startsWith(`${p}.`));
}

/** Types with no entry in the table: the table must be regenerated after a new type appears. */
export function typesMissingFromTable(types: Iterable<string>, table: ForceNewTable = FORCE_NEW): string[] {
  return [...new Set(types)].filter((t) => !(t in table.types)).sort();
}
