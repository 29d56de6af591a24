type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Layers partial objects over a complete one: later layers win, nested objects merge, arrays and
 * scalars replace, and `undefined` never erases a value.
 */
export function mergeLayers<T>(base: T, ...layers: readonly unknown[]): T {
  let result: unknown = base;
  for (const layer of layers) result = mergeTwo(result, layer);
  return result as T;
}

function mergeTwo(base: unknown, layer: unknown): unknown {
  if (layer === undefined) return base;
  if (!isPlain(base) || !isPlain(layer)) return layer;
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(layer)) out[key] = mergeTwo(base[key], value);
  return out;
}
