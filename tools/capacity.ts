/**
 * `npm run capacity -- --events 1e12 --region us-east-1 [--tier production]`: the capacity plan for
 * a monthly event volume (lib/sizing) and its estimated monthly cost from the offline price table
 * (lib/cost), with every cost lever pulled (lib/sizing/levers.ts), each lever's saving, the
 * headroom under the organization budget and what shorter retention would save. `--on-demand`
 * prices the same plan without commitments or spot; `--no-levers` shows the plan before them.
 * `--curve --markdown` prints docs/capacity.md.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { loadPlatformConfig } from "../lib/config/load";
import { BUDGET_PROXY, PriceBook, Usage } from "../lib/cost";
import { capacityDoc } from "../lib/cost/capacity-doc";
import { formatPricedPlan, pricePlan, retentionLevers, type Purchase } from "../lib/cost/capacity-report";
import type { Commitment } from "../lib/cost/context";
import { costCurve, formatLevers, leverReport, RECOMMENDED_PURCHASE } from "../lib/cost/levers-report";
import { ALL_LEVERS, NO_LEVERS, type CapacityInput, type Levers } from "../lib/sizing";
import { KAFKA_COMPRESSION_RATIO, type KafkaCompression } from "../lib/sizing/constants";

const positive = (name: string) => (v: string) => {
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0) throw new InvalidArgumentError(`${name} needs a positive number such as 1e12.`);
  return x;
};

const o = new Command()
  .name("capacity")
  .description("Plan capacity for a monthly event volume and estimate its monthly cost offline.")
  .option("-e, --events <n>", "events per month, e.g. 5e9 or 1e12 (required unless --curve)", positive("--events"))
  .addOption(
    new Option("-r, --region <region>", "AWS region (one with a price table in lib/cost/prices)")
      .choices(PriceBook.load().regions())
      .default("us-east-1"),
  )
  .addOption(new Option("-t, --tier <tier>", "environment tier").choices(["production", "staging"]).default("production"))
  .option("--kafka-retention-hours <h>", "Kafka retention (default: the tier's)", positive("--kafka-retention-hours"))
  .option("--clickhouse-retention-days <d>", "ClickHouse retention (default: the tier's)", positive("--clickhouse-retention-days"))
  .option("--replicas <n>", "ClickHouse replicas per shard (default: the tier's)", positive("--replicas"))
  .addOption(
    new Option("--commitment <term>", "EC2 Savings Plan term").choices(["none", "1y", "3y"]).default(RECOMMENDED_PURCHASE.commitment),
  )
  .option("--no-spot", "keep the app node group on-demand instead of spot")
  .option("--on-demand", "the same plan at on-demand prices only (no Savings Plan, no spot)", false)
  .option("--no-levers", "the plan before the cost levers (x86, raw bytes, everything on EBS), on-demand")
  .addOption(new Option("--clickhouse-codec <codec>", "event-column codec").choices(["lz4", "zstd"]).default(ALL_LEVERS.clickhouseCodec))
  .option(
    "--clickhouse-hot-days <d>",
    "days on gp3 before parts move to S3",
    positive("--clickhouse-hot-days"),
    ALL_LEVERS.clickhouseTiering.hotDays,
  )
  .option("--no-clickhouse-tiering", "keep all ClickHouse data on gp3")
  .addOption(
    new Option("--kafka-compression <codec>", "producer compression")
      .choices(Object.keys(KAFKA_COMPRESSION_RATIO))
      .default(ALL_LEVERS.kafkaCompression),
  )
  .option(
    "--kafka-local-retention-hours <h>",
    "hours on the brokers with MSK tiered storage",
    positive("--kafka-local-retention-hours"),
    ALL_LEVERS.kafkaTieredStorage.localRetentionHours,
  )
  .option("--no-kafka-tiered-storage", "keep all Kafka retention on broker volumes")
  .option("--no-graviton", "x86 ClickHouse nodes and brokers (r6i, kafka.m5)")
  .option("--graviton-app-nodes", "Graviton app and system nodes too (m7g; needs arm64 images, not deployed)", false)
  .addOption(
    new Option("--backup-storage-class <class>", "storage class of backups")
      .choices(["STANDARD", "STANDARD_IA"])
      .default(ALL_LEVERS.backupStorageClass),
  )
  .option("--curve", "the cost curve from 5e9 to 1e12 events a month instead of one plan", false)
  .option("--markdown", "with --curve: print docs/capacity.md", false)
  .option("--no-proxy", "leave NF prices unpriced instead of using us-east-1 × 1.25")
  .option("--json", "print the plan and cost as JSON", false)
  .parse()
  .opts<{
    events?: number;
    region: string;
    tier: "production" | "staging";
    kafkaRetentionHours?: number;
    clickhouseRetentionDays?: number;
    replicas?: number;
    commitment: "none" | Commitment;
    spot: boolean;
    onDemand: boolean;
    levers: boolean;
    clickhouseCodec: "lz4" | "zstd";
    clickhouseHotDays: number;
    clickhouseTiering: boolean;
    kafkaCompression: KafkaCompression;
    kafkaLocalRetentionHours: number;
    kafkaTieredStorage: boolean;
    graviton: boolean;
    gravitonAppNodes: boolean;
    backupStorageClass: "STANDARD" | "STANDARD_IA";
    curve: boolean;
    markdown: boolean;
    proxy: boolean;
    json: boolean;
  }>();

function leversOf(): Levers {
  if (!o.levers) return NO_LEVERS;
  return {
    clickhouseCodec: o.clickhouseCodec,
    clickhouseTiering: { enabled: o.clickhouseTiering, hotDays: o.clickhouseHotDays },
    kafkaCompression: o.kafkaCompression,
    kafkaTieredStorage: { enabled: o.kafkaTieredStorage, localRetentionHours: o.kafkaLocalRetentionHours },
    graviton: o.graviton,
    gravitonAppNodes: o.gravitonAppNodes,
    backupStorageClass: o.backupStorageClass,
  };
}

function purchaseOf(): Purchase {
  if (o.onDemand || !o.levers) return {};
  return { ...(o.commitment !== "none" ? { commitment: o.commitment } : {}), spotApp: o.spot };
}

function budget(): number | undefined {
  try {
    return loadPlatformConfig().organization.monthlyBudgetUsd;
  } catch {
    return undefined;
  }
}

function main(): number {
  const prices = PriceBook.load();
  const usage = Usage.load();
  const ctx = { region: o.region, prices, usage, ...(o.proxy ? { proxy: BUDGET_PROXY } : {}) };
  if (o.curve) {
    if (o.markdown) process.stdout.write(capacityDoc(ctx, o.tier, budget()));
    else process.stdout.write(`${JSON.stringify(costCurve(o.tier, ctx), null, 2)}\n`);
    return 0;
  }
  if (o.events === undefined) throw new Error("--events is required (or --curve)");
  const levers = leversOf();
  const purchase = purchaseOf();
  const input: CapacityInput = {
    eventsPerMonth: o.events,
    tier: o.tier,
    levers,
    ...(o.kafkaRetentionHours ? { kafkaRetentionHours: o.kafkaRetentionHours } : {}),
    ...(o.clickhouseRetentionDays ? { clickhouseRetentionDays: o.clickhouseRetentionDays } : {}),
    ...(o.replicas ? { clickhouseReplicas: o.replicas } : {}),
  };
  const report = leverReport(input, purchase, ctx);
  const priced = report.plan;
  if (o.json) {
    process.stdout.write(
      `${JSON.stringify({ plan: priced.plan, monthlyUsd: priced.cost.monthlyUsd, usdPerBillionEvents: priced.usdPerBillionEvents, savings: report.savings, onDemandUsd: report.onDemand.cost.monthlyUsd, cost: priced.cost }, null, 2)}\n`,
    );
    return 0;
  }
  const retention =
    input.kafkaRetentionHours || input.clickhouseRetentionDays
      ? []
      : retentionLevers(o.events, o.tier).map((l) => pricePlan({ ...l, levers }, o.region, prices, usage, ctx.proxy, purchase));
  process.stdout.write(formatPricedPlan(priced, o.region, retention, budget()));
  process.stdout.write(formatLevers(report, purchase, budget()));
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  process.stderr.write(`capacity: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
