/**
 * JSON with sorted keys in the layout cdktf gives manifest.json (json-stable-stringify with
 * `space: 2`: empty arrays and objects still break a line), so a merged manifest is byte-identical
 * to one written by a single synth without loading cdktf in the merging process.
 */
export function stableJson(value: unknown, space = "  ", level = 0): string {
  const indent = `\n${space.repeat(level)}`;
  const inner = `${indent}${space}`;
  if (Array.isArray(value)) {
    return `[${value.map((v) => `${inner}${stableJson(v ?? null, space, level + 1)}`).join(",")}${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${inner}${JSON.stringify(k)}: ${stableJson((value as Record<string, unknown>)[k], space, level + 1)}`);
    return `{${entries.join(",")}${indent}}`;
  }
  return JSON.stringify(value);
}
