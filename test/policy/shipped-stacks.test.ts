import { policyReport, violationLines } from "../../lib/policy/report";
import { buildStacks } from "../helpers/synth";

const report = policyReport([...buildStacks().values()]);

describe("the shipped stacks", () => {
  test("every declared exception carries a reason", () => {
    const excepted = report.findings.filter((f) => f.exceptionReason !== undefined);
    for (const f of excepted) expect(f.exceptionReason!.length).toBeGreaterThanOrEqual(20);
  });

  test("violate no rule (npm run policy shows the table)", () => {
    expect(violationLines(report)).toEqual([]);
  });
});
