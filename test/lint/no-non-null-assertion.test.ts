import { lintMessages } from "./eslint-probe";

/**
 * Source code states what is true instead of asserting it (issue 18): no `x!` outside test/, where
 * a missing value gets a guard with a message (lib/defined.ts), a narrowed type or a default.
 * Tests may keep `!`: a failed expectation there is the message.
 */
const PROBE = ["const byName = new Map<string, number>();", 'export const n = byName.get("a")! + 1;', ""].join("\n");
const nonNullLines = (filename: string): number[] =>
  lintMessages(PROBE, filename)
    .filter((m) => m.ruleId === "@typescript-eslint/no-non-null-assertion")
    .map((m) => m.line);

describe("no non-null assertions in source (eslint @typescript-eslint/no-non-null-assertion)", () => {
  test("a `!` in a source file fails lint on its line", () => {
    expect(nonNullLines("lib/cost/probe.ts")).toEqual([2]);
  });

  test("tests may keep `!`", () => {
    expect(nonNullLines("test/cost/probe.test.ts")).toEqual([]);
  });
});
