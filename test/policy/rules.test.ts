import { evaluate, stackView, type TfDocument } from "../../lib/policy/engine";
import { RULES } from "../../lib/policy/rules";
import { SEVERITIES } from "../../lib/policy/types";
import { VIOLATIONS } from "./fixtures/violations";
import { mutate, secureWorld } from "./fixtures/world";

const run = (doc: TfDocument, tier = "fixture") => evaluate(RULES, stackView(tier, doc));
const secure = run(secureWorld());

describe("the rule set", () => {
  test("has at least 100 rules with unique ids and complete metadata", () => {
    expect(RULES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[A-Z0-9]+-\d{2}$/);
      expect(r.mirrors.length).toBeGreaterThan(0);
      expect(r.resourceTypes.length).toBeGreaterThan(0);
      expect(SEVERITIES).toContain(r.severity);
      expect(r.soc2.length).toBeGreaterThan(0);
      expect(r.fix).toMatch(/^[A-Z].*\.$/); // one sentence
    }
  });

  test("every rule has a failing fixture", () => {
    expect(Object.keys(VIOLATIONS).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  test("the secure fixture violates nothing", () => {
    expect(secure.filter((f) => f.status === "fail").map((f) => `${f.ruleId} ${f.address}: ${f.problems.join("; ")}`)).toEqual([]);
  });
});

describe.each(RULES.map((r) => [r.id, r] as const))("%s", (id, rule) => {
  test(`passes on the secure fixture (${rule.title})`, () => {
    const mine = secure.filter((f) => f.ruleId === id);
    // A forbidden type passes by absence; every other rule must see a compliant resource.
    if (rule.forbidsType) expect(mine).toEqual([]);
    else expect(mine.filter((f) => f.status === "pass").length).toBeGreaterThan(0);
  });

  test.each((VIOLATIONS[id] ?? []).map((m, i) => [i, m] as const))("fires on failing fixture %i", (_i, mutation) => {
    const findings = evaluate([rule], stackView("fixture", mutate(secureWorld(), mutation))).filter((f) => f.status === "fail");
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]!.problems.join(" ")).not.toBe("");
  });
});

describe("tiers", () => {
  test("production-only rules do not apply to staging", () => {
    const staging = run(secureWorld("staging"));
    for (const id of ["RDS-05", "RDS-06", "RDS-18", "DATA-01", "S3-10", "S3-11", "KMS-04", "LOG-03"]) {
      expect(staging.filter((f) => f.ruleId === id).every((f) => f.status === "n/a")).toBe(true);
    }
  });

  test("staging still keeps 7 days of database backups", () => {
    const findings = run(mutate(secureWorld("staging"), { "aws_db_instance.pg": { backup_retention_period: 3 } }));
    expect(findings.find((f) => f.ruleId === "RDS-04" && f.address === "aws_db_instance.pg")?.status).toBe("fail");
  });
});
