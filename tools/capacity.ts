/**
 * `npm run capacity -- --events 1e12 --region us-east-1 [--tier production]`: the capacity plan for
 * a monthly event volume (lib/sizing) and its estimated monthly cost from the offline price table
 * (lib/cost), with dollars per billion events and what shorter retention would save.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { loadPlatformConfig } from "../lib/config/load";
import { BUDGET_PROXY, PriceBook, Usage } from "../lib/cost";
import { formatPricedPlan, pricePlan, retentionLevers } from "../lib/cost/capacity-report";
import type { CapacityInput } from "../lib/sizing";

const positive = (name: string) => (v: string) => {
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0) throw new InvalidArgumentError(`${name} needs a positive number such as 1e12.`);
  return x;
};

const o = new Command()
  .name("capacity")
  .description("Plan capacity for a monthly event volume and estimate its monthly cost offline.")
  .requiredOption("-e, --events <n>", "events per month, e.g. 5e9 or 1e12", positive("--events"))
  .addOption(
    new Option("-r, --region <region>", "AWS region (one with a price table in lib/cost/prices)")
      .choices(PriceBook.load().regions())
      .default("us-east-1"),
  )
  .addOption(new Option("-t, --tier <tier>", "environment tier").choices(["production", "staging"]).default("production"))
  .option("--kafka-retention-hours <h>", "Kafka retention (default: the tier's)", positive("--kafka-retention-hours"))
  .option("--clickhouse-retention-days <d>", "ClickHouse retention (default: the tier's)", positive("--clickhouse-retention-days"))
  .option("--replicas <n>", "ClickHouse replicas per shard (default: the tier's)", positive("--replicas"))
  .option("--no-proxy", "leave NF prices unpriced instead of using us-east-1 × 1.25")
  .option("--json", "print the plan and cost as JSON", false)
  .parse()
  .opts<{
    events: number;
    region: string;
    tier: "production" | "staging";
    kafkaRetentionHours?: number;
    clickhouseRetentionDays?: number;
    replicas?: number;
    proxy: boolean;
    json: boolean;
  }>();

function main(): number {
  const input: CapacityInput = {
    eventsPerMonth: o.events,
    tier: o.tier,
    ...(o.kafkaRetentionHours ? { kafkaRetentionHours: o.kafkaRetentionHours } : {}),
    ...(o.clickhouseRetentionDays ? { clickhouseRetentionDays: o.clickhouseRetentionDays } : {}),
    ...(o.replicas ? { clickhouseReplicas: o.replicas } : {}),
  };
  const prices = PriceBook.load();
  const usage = Usage.load();
  const proxy = o.proxy ? BUDGET_PROXY : undefined;
  const priced = pricePlan(input, o.region, prices, usage, proxy);
  if (o.json) {
    process.stdout.write(
      `${JSON.stringify({ plan: priced.plan, monthlyUsd: priced.cost.monthlyUsd, usdPerBillionEvents: priced.usdPerBillionEvents, cost: priced.cost }, null, 2)}\n`,
    );
    return 0;
  }
  let budget: number | undefined;
  try {
    budget = loadPlatformConfig().organization.monthlyBudgetUsd;
  } catch {
    budget = undefined;
  }
  const levers =
    input.kafkaRetentionHours || input.clickhouseRetentionDays
      ? []
      : retentionLevers(o.events, o.tier).map((l) => pricePlan(l, o.region, prices, usage, proxy));
  process.stdout.write(formatPricedPlan(priced, o.region, levers, budget));
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  process.stderr.write(`capacity: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
