import { lintProbe } from "./eslint-probe";

/**
 * Source code states what is true instead of asserting it (issue 18): no `x!` outside test/, where
 * a missing value gets a guard with a message (lib/defined.ts), a narrowed type or a default.
 * Tests may keep `!`: a failed expectation there is the message.
 */
const PROBE = ["const byName = new Map<string, number>();", 'export const n = byName.get("a")! + 1;', ""].join("\n");
// Declared at load, linted with the suite's other probes on first use (eslint-probe.ts).
const probes = { source: lintProbe(PROBE, "lib/cost/probe.ts"), test: lintProbe(PROBE, "test/cost/probe.test.ts") };
const nonNullLines = (probe: keyof typeof probes): number[] =>
  probes[probe]()
    .filter((m) => m.ruleId === "@typescript-eslint/no-non-null-assertion")
    .map((m) => m.line);

describe("no non-null assertions in source (eslint @typescript-eslint/no-non-null-assertion)", () => {
  test("a `!` in a source file fails lint on its line", () => {
    expect(nonNullLines("source")).toEqual([2]);
  });

  test("tests may keep `!`", () => {
    expect(nonNullLines("test")).toEqual([]);
  });
});
