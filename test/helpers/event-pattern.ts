/**
 * The subset of EventBridge event-pattern matching the shipped rules use: nested objects, lists of
 * exact values (a list field of the event matches when any element matches), and numeric
 * comparisons. Semantics from the EventBridge User Guide, "Event patterns" and "Content filtering"
 * (read 2026-12-07). Anything else throws, so a rule that starts using it gets this matcher extended
 * rather than silently passing.
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  if (pattern === null || typeof pattern !== "object" || Array.isArray(pattern))
    throw new Error(`a pattern level must be an object, got ${JSON.stringify(pattern)}`);
  return Object.entries(pattern as Record<string, unknown>).every(([key, expected]) => {
    const value =
      event !== null && typeof event === "object" && !Array.isArray(event) ? (event as Record<string, unknown>)[key] : undefined;
    const values = Array.isArray(value) ? value : [value];
    if (Array.isArray(expected)) return values.some((v) => expected.some((e) => matchesValue(e, v)));
    return values.some((v) => matchesPattern(expected, v));
  });
}

function matchesValue(expected: unknown, value: unknown): boolean {
  if (typeof expected === "string" || typeof expected === "number" || typeof expected === "boolean") return expected === value;
  if (expected !== null && typeof expected === "object" && "numeric" in expected) {
    const ops = (expected as { numeric: unknown[] }).numeric;
    if (typeof value !== "number") return false;
    for (let i = 0; i < ops.length; i += 2) {
      const [op, bound] = [ops[i], ops[i + 1] as number];
      const ok =
        op === ">="
          ? value >= bound
          : op === ">"
            ? value > bound
            : op === "<="
              ? value <= bound
              : op === "<"
                ? value < bound
                : op === "="
                  ? value === bound
                  : undefined;
      if (ok === undefined) throw new Error(`unsupported numeric operator ${JSON.stringify(op)}`);
      if (!ok) return false;
    }
    return true;
  }
  throw new Error(`unsupported pattern value ${JSON.stringify(expected)}`);
}
