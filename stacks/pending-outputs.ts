/**
 * SCAFFOLDING, removed before release: placeholder values for a layer whose resources are not
 * built yet, so the layers above can be wired and tested. `grep -r pendingOutputs stacks` must be
 * empty when every layer is real (test/stacks/foundation.test.ts checks).
 */
export function pendingOutputs<T>(layer: string, shape: T): T {
  const fill = (value: unknown, path: string): unknown => {
    if (Array.isArray(value)) return value.map((v, i) => fill(v, `${path}.${i}`));
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, path ? `${path}.${k}` : k)]));
    }
    return `pending-${layer}-${path}`;
  };
  return fill(shape, "") as T;
}
