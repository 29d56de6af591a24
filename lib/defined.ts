/**
 * The value, or an error naming what is missing. For values an earlier step guarantees (a regex group
 * that always participates in the match, a key read from the same map, a list known to be non-empty):
 * if the guarantee ever breaks, the run stops with this message instead of a later "undefined" crash.
 */
export function required<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`internal error: ${what} is missing`);
  return value;
}

/**
 * A copy without the keys whose value is undefined, typed so: for passing possibly-unset values to a
 * config type whose optional keys may be absent but not undefined (exactOptionalPropertyTypes).
 */
export function definedOnly<T extends object>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
