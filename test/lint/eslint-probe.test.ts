import { lintBatches, lintProbe } from "./eslint-probe";

/**
 * The probes of the lint tests are linted in batches (eslint-probe.ts): probes declared together cost
 * one ESLint process, and each gets its own file's messages back.
 */
const nonNull = ["const byName = new Map<string, number>();", 'export const n = byName.get("a")! + 1;', ""].join("\n");
const source = lintProbe(nonNull, "lib/probe.ts");
const inTest = lintProbe(nonNull, "test/probe.test.ts");
const rule = "@typescript-eslint/no-non-null-assertion";

describe("ESLint probes", () => {
  test("probes declared together are linted by one process, each as the file it names", () => {
    const before = lintBatches();
    expect(source().filter((m) => m.ruleId === rule)).toEqual([expect.objectContaining({ line: 2 })]);
    expect(inTest().filter((m) => m.ruleId === rule)).toEqual([]);
    expect(lintBatches() - before).toBeLessThanOrEqual(1);
  });

  test("a probe declared later is linted in a batch of its own, once", () => {
    const later = lintProbe(nonNull, "stacks/probe.ts");
    const before = lintBatches();
    expect(later().map((m) => m.ruleId)).toContain(rule);
    expect(later().map((m) => m.ruleId)).toContain(rule);
    expect(lintBatches()).toBe(before + 1);
  });
});
