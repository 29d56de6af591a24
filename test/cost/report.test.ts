import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildReport, budgetProblems, estimatePlatform, formatReport, PriceBook, readStacks, Usage } from "../../lib/cost";
import { pricePlan, formatPricedPlan } from "../../lib/cost/capacity-report";
import { prices, price, ref } from "./fixtures";

const stackJson = {
  provider: { aws: [{ region: "us-east-1" }] },
  resource: {
    aws_eks_cluster: { c: { version: "1.34", upgrade_policy: { support_type: "STANDARD" } } },
    aws_launch_template: { app: { instance_type: "m6i.xlarge" } },
    aws_eks_node_group: { app: { scaling_config: { desired_size: 3 }, launch_template: { id: ref("aws_launch_template.app.id") } } },
    aws_opensearch_domain: { search: {} },
  },
};

describe("reports", () => {
  const report = buildReport([price(stackJson.resource)], { environments: { fixture: 400 }, organization: 1000 });

  test("environments are set against their budgets; an overrun is named with both numbers", () => {
    // EKS $73 + 3 × m6i.xlarge $420.48 = $493.48 > $400
    expect(budgetProblems(report)).toEqual(["fixture: estimated $493.48/month exceeds its budget of $400.00"]);
    expect(budgetProblems(buildReport(report.stacks, { environments: { fixture: 500 }, organization: 1000 }))).toEqual([]);
  });

  test("markdown has the summary table, the unpriced list and the overrun", () => {
    const md = formatReport(report, "markdown");
    expect(md).toContain("| fixture | $493.48 | $400.00 | over budget | 1 |");
    expect(md).toMatch(/aws_opensearch_domain\.search - resource type aws_opensearch_domain is not supported/);
    expect(md).toContain("**Budget problems:**");
  });

  test("a region whose table lacks a row fails the budget check; an unsupported resource type alone does not", () => {
    // A fixture table for eu-west-1 with one row: the region has a table, but no EKS row in it.
    const book = PriceBook.of([
      { key: "kms.key", region: "eu-west-1", usd: 1, unit: "month", source: "fixture", asOf: "2026", grade: "A" },
    ]);
    const partial = buildReport(
      [price({ aws_eks_cluster: { c: { version: "1.34" } } }, "eu-west-1", {}, { prices: book })],
      { environments: { fixture: 1000 }, organization: null },
      book.regions(),
    );
    expect(book.get("eu-west-1", "eks.cluster.standard")).toBeUndefined();
    expect(budgetProblems(partial)).toEqual([
      "fixture: 1 item unpriced in eu-west-1 (eks.cluster.standard): budget not verified; add rows to lib/cost/prices/eu-west-1.yaml",
    ]);
    expect(formatReport(partial, "table")).toContain("eu-west-1: the table lacks 1 row(s) (eks.cluster.standard), 1 item(s) unpriced");
    // aws_opensearch_domain is unpriced (unsupported) but no price row can fix that: listed, not a budget problem.
    expect(budgetProblems(buildReport(report.stacks, { environments: { fixture: 500 }, organization: 1000 }, prices.regions()))).toEqual(
      [],
    );
  });

  test("the table marks unpriced resources UNPRICED and json round-trips", () => {
    expect(formatReport(report, "table")).toMatch(/UNPRICED \(not in the totals\):\n {2}fixture: aws_opensearch_domain\.search/);
    expect(JSON.parse(formatReport(report, "json")).totalUsd).toBeCloseTo(493.48);
  });
});

describe("readStacks", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cost-read-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, "stacks", "demo-cluster"), { recursive: true });
  fs.writeFileSync(path.join(dir, "stacks", "demo-cluster", "cdk.tf.json"), JSON.stringify(stackJson));
  fs.writeFileSync(
    path.join(dir, "manifest.json"),
    JSON.stringify({ stacks: { "demo-cluster": { name: "demo-cluster", synthesizedStackPath: "stacks/demo-cluster/cdk.tf.json" } } }),
  );

  test("reads a cdktf output folder by its manifest, or a single cdk.tf.json", () => {
    expect(readStacks(dir).map((s) => s.name)).toEqual(["demo-cluster"]);
    expect(readStacks(path.join(dir, "stacks", "demo-cluster", "cdk.tf.json")).map((s) => s.name)).toEqual(["demo-cluster"]);
    expect(readStacks(path.join(dir, "stacks", "demo-cluster")).map((s) => s.name)).toEqual(["demo-cluster"]);
  });

  test("throws on a folder that is neither", () => {
    expect(() => readStacks(os.tmpdir())).toThrow(/neither a cdktf output folder/);
  });

  test("estimatePlatform prices a foreign folder without this repository's environments", () => {
    const r = estimatePlatform(readStacks(dir), { prices, usage: new Usage() });
    expect(r.environments.map((e) => e.environment)).toEqual(["demo-cluster"]);
    expect(r.totalUsd).toBeCloseTo(493.48);
  });
});

describe("capacity plan pricing", () => {
  const usage = Usage.load();

  test("1e12 events/month in us-east-1: a priced plan with dollars per billion events", () => {
    const p = pricePlan({ eventsPerMonth: 1e12, tier: "production" }, "us-east-1", prices, usage);
    expect(p.cost.unpriced).toEqual([]);
    expect(p.cost.monthlyUsd).toBeGreaterThan(120000); // a year of hot retention on gp3 does not fit the budget
    expect(p.usdPerBillionEvents).toBeCloseTo(p.cost.monthlyUsd / 1000);
    expect(formatPricedPlan(p, "us-east-1", [], 120000)).toMatch(/per billion events/);
  });

  test("shorter retention is the lever that brings 1e12 near the $120k budget", () => {
    const short = pricePlan(
      { eventsPerMonth: 1e12, tier: "production", kafkaRetentionHours: 24, clickhouseRetentionDays: 30 },
      "us-east-1",
      prices,
      usage,
    );
    const full = pricePlan({ eventsPerMonth: 1e12, tier: "production" }, "us-east-1", prices, usage);
    expect(short.cost.monthlyUsd).toBeLessThan(full.cost.monthlyUsd / 3);
  });

  test("eu-central-1 NF prices are proxied only when asked, and flagged", () => {
    const plain = pricePlan({ eventsPerMonth: 2e9, tier: "production" }, "eu-central-1", prices, usage);
    expect(plain.cost.unpriced.map((u) => u.address)).toContain("aws_msk_cluster.events");
    const proxied = pricePlan({ eventsPerMonth: 2e9, tier: "production" }, "eu-central-1", prices, usage, {
      region: "us-east-1",
      factor: 1.25,
    });
    expect(proxied.cost.unpriced).toEqual([]);
    expect(proxied.cost.proxyUsd).toBeGreaterThan(0);
  });
});
