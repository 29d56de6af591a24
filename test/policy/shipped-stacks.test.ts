import { policyReport, uncoveredTypes, violationLines } from "../../lib/policy/report";
import { buildStacks } from "../helpers/synth";

const report = policyReport([...buildStacks().values()]);

describe("the shipped stacks", () => {
  test("every declared exception carries a reason", () => {
    const excepted = report.findings.filter((f) => f.exceptionReason !== undefined);
    for (const f of excepted) expect(f.exceptionReason!.length).toBeGreaterThanOrEqual(20);
  });

  test("create no resource type that no rule checks (or UNCHECKED_TYPES explains)", () => {
    expect(uncoveredTypes(report)).toEqual([]);
  });

  test("violate no rule (npm run policy shows the table)", () => {
    expect(violationLines(report)).toEqual([]);
  });
});
