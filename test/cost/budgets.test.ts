import { loadPlatformConfig } from "../../lib/config/load";
import { BUDGET_PROXY, budgetProblems, estimatePlatform, PriceBook, Usage } from "../../lib/cost";
import { planOf } from "../../lib/cost/off-terraform";
import { buildStacks, synthJson } from "../helpers/synth";

// The shipped environments at their declared volumes, synthesized once, priced with the shipped
// price table and usage file. NF prices (eu-central-1 MSK, RDS, ...) use the conservative proxy so
// a missing price can never make a budget look met.
const config = loadPlatformConfig();
const stacks = [...buildStacks().entries()].map(([name, stack]) => ({ name, json: synthJson(stack) }));
const report = estimatePlatform(stacks, { prices: PriceBook.load(), usage: Usage.load(), proxy: BUDGET_PROXY, config });

describe("budgets of the shipped environments", () => {
  test("every environment declares a monthly budget", () => {
    expect(config.environments.filter((e) => e.monthlyBudgetUsd === null).map((e) => e.name)).toEqual([]);
  });

  test("no environment and not the organization exceeds its budget", () => {
    expect(budgetProblems(report)).toEqual([]);
  });

  test("an environment's budget fits inside its account's budget", () => {
    for (const e of config.environments) expect(e.monthlyBudgetUsd ?? 0).toBeLessThanOrEqual(e.account.monthlyBudgetUsd);
  });

  test("environment budgets add up to no more than the organization's", () => {
    const sum = config.environments.reduce((n, e) => n + (e.monthlyBudgetUsd ?? 0), 0);
    expect(sum).toBeLessThanOrEqual(config.organization.monthlyBudgetUsd);
  });

  // Known gaps: a price NF in cost-sizing.md. A new gap fails here until it is priced or listed.
  const KNOWN_GAPS = [{ stack: "staging-data", component: /db\.t4g\.medium/, why: "RDS db.t4g.medium PostgreSQL price NF (cost-sizing §1.2)" }];

  test("the big cost drivers are all priced (nothing material is silently missing)", () => {
    const material = ["aws_eks_cluster", "aws_eks_node_group", "aws_msk_cluster", "aws_db_instance", "aws_nat_gateway", "aws_instance", "aws_ebs_volume"];
    const missing = report.stacks
      .flatMap((s) => s.unpriced)
      .filter((u) => material.some((t) => u.address.startsWith(`${t}.`)))
      .filter((u) => !KNOWN_GAPS.some((g) => g.stack === u.stack && g.component.test(u.component)));
    expect(missing).toEqual([]);
  });

  test("ClickHouse data volumes, which no stack creates, are in the estimate", () => {
    const us = config.environments.find((e) => e.name === "us")!;
    const volumes = report.stacks.find((s) => s.stack === "us-outside-terraform")!;
    const ebs = volumes.resources.find((r) => r.type === "aws_ebs_volume")!;
    expect(ebs.components[0]!.monthlyUsd).toBeCloseTo(us.clickhouse.shards * us.clickhouse.replicas * us.clickhouse.volumeSizeGiB * 0.08);
  });

  test("bucket usage follows the environment's declared volume through the capacity model", () => {
    const us = config.environments.find((e) => e.name === "us")!;
    const backups = report.stacks.find((s) => s.stack === "us-data")!.resources.find((r) => /backup/i.test(r.address) && r.type === "aws_s3_bucket")!;
    expect(backups.components[0]!.quantity).toBe(Math.round(planOf(us).clickhouse.compressedGiBPerReplica * 1.5));
  });

  test("each production environment has a positive estimate", () => {
    for (const env of ["us", "eu"]) expect(report.environments.find((e) => e.environment === env)!.monthlyUsd).toBeGreaterThan(0);
  });
});
