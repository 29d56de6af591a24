import * as fs from "node:fs";
import * as path from "node:path";
import { loadPlatformConfig } from "../../lib/config/load";
import { clickhouseDefaults } from "../../lib/config/sections/clickhouse";
import { kafkaDefaults } from "../../lib/config/sections/kafka";
import { Usage } from "../../lib/cost";
import { capacityDoc } from "../../lib/cost/capacity-doc";
import { allComponents } from "../../lib/cost/model";
import { leverReport, RECOMMENDED_PURCHASE, type PlanContext } from "../../lib/cost/levers-report";
import { repoRoot } from "../../lib/paths";
import { ALL_LEVERS, LEVER_NAMES, NO_LEVERS } from "../../lib/sizing";
import { KAFKA_REPLICATION_FACTOR } from "../../lib/sizing/constants";
import { prices } from "./fixtures";

// The budget is the organization's (environments/accounts.yaml), not a number in this file.
const budget = loadPlatformConfig().organization.monthlyBudgetUsd;
const ctx: PlanContext = { region: "us-east-1", prices, usage: Usage.load() };
const trillion = leverReport({ eventsPerMonth: 1e12, tier: "production", levers: ALL_LEVERS }, RECOMMENDED_PURCHASE, ctx);
const lines = (p: typeof trillion.plan) => p.cost.resources.flatMap(allComponents).map((c) => c.name);

describe("the 1T-events plan (npm run capacity -- --events 1e12 --region us-east-1)", () => {
  test("fits the organization budget with every line priced", () => {
    expect(trillion.plan.cost.unpriced).toEqual([]);
    expect(trillion.plan.cost.monthlyUsd).toBeLessThanOrEqual(budget);
  });

  test("the budget check catches a plan over it: the pre-lever plan and the on-demand plan are over", () => {
    expect(trillion.baseline.cost.monthlyUsd).toBeGreaterThan(budget);
    expect(trillion.onDemand.cost.monthlyUsd).toBeGreaterThan(trillion.plan.cost.monthlyUsd);
  });

  test("holds the production bars: 2+ replicas over 3 zones, RF 3, backups, the tier's retention", () => {
    const p = trillion.plan.plan;
    expect(p.input.availabilityZones).toBe(3);
    expect(p.clickhouse.replicas).toBeGreaterThanOrEqual(2);
    expect(KAFKA_REPLICATION_FACTOR).toBe(3);
    expect(p.clickhouse.retentionDays).toBe(clickhouseDefaults.production.retentionDays);
    expect(p.kafka.retentionHours).toBe(kafkaDefaults.production.retentionHours);
    const backups = trillion.plan.cost.resources.find((r) => r.address === "aws_s3_bucket.backups")!;
    expect(allComponents(backups).reduce((s, c) => s + (c.monthlyUsd ?? 0), 0)).toBeGreaterThan(0);
  });

  test("ClickHouse and Kafka never run on spot; the stateless app group does", () => {
    const spot = trillion.plan.cost.resources.filter((r) => allComponents(r).some((c) => /spot/.test(c.name))).map((r) => r.address);
    expect(spot).toEqual(["aws_eks_node_group.app"]);
  });

  test("--on-demand prices the same plan with no Savings Plan or spot line", () => {
    expect(trillion.onDemand.plan.clickhouse).toEqual(trillion.plan.plan.clickhouse);
    expect(trillion.onDemand.plan.kafka).toEqual(trillion.plan.plan.kafka);
    expect(lines(trillion.onDemand).filter((n) => /spot|savings plan/.test(n))).toEqual([]);
  });

  test("every lever and purchase option saves money on its own", () => {
    const pulled = LEVER_NAMES.filter((n) => JSON.stringify(ALL_LEVERS[n]) !== JSON.stringify(NO_LEVERS[n]));
    expect(trillion.savings.map((s) => s.lever).sort()).toEqual([...pulled, "commitment", "spot"].sort());
    for (const s of trillion.savings) expect([s.lever, s.savingUsd > 0]).toEqual([s.lever, true]);
  });

  test("with no lever pulled there is nothing to list", () => {
    const none = leverReport({ eventsPerMonth: 1e9, tier: "production", levers: NO_LEVERS }, {}, ctx);
    expect(none.savings).toEqual([]);
    expect(none.plan.cost.monthlyUsd).toBeCloseTo(none.baseline.cost.monthlyUsd);
  });
});

describe("docs/capacity.md", () => {
  test("is what `npm run capacity -- --curve --markdown` prints today", () => {
    const file = fs.readFileSync(path.join(repoRoot(), "docs", "capacity.md"), "utf8");
    expect(file).toBe(capacityDoc(ctx, "production", budget));
  });

  test("the comparison catches a stale doc: another price table gives another doc", () => {
    const cheaper = { ...ctx, prices: prices.withRow({ ...prices.get("us-east-1", "s3.standard.storage")!, usd: 0.02 }) };
    expect(capacityDoc(cheaper, "production", budget)).not.toBe(capacityDoc(ctx, "production", budget));
  });

  test("has the curve as a table and as a Mermaid xychart, one point per volume", () => {
    const doc = capacityDoc(ctx, "production", budget);
    expect(doc).toMatch(/```mermaid\nxychart-beta/);
    expect(doc.match(/^\| [0-9.]+ [BT] \|/gm)).toHaveLength(8);
  });
});
