import Table from "cli-table3";
import type { Tier } from "../config/types";
import { planCapacity, type CapacityInput, type CapacityPlan } from "../sizing";
import type { Commitment, ProxyPricing } from "./context";
import { estimateStack } from "./estimate";
import { allComponents, resourceMonthlyUsd, type StackCost } from "./model";
import { planResources } from "./plan-resources";
import type { PriceBook } from "./price-table";
import { usd } from "./report";
import type { Usage } from "./usage";

export interface PricedPlan {
  readonly plan: CapacityPlan;
  readonly cost: StackCost;
  readonly usdPerBillionEvents: number;
}

/** How instance hours are bought: on-demand by default. */
export interface Purchase {
  /** EC2 instance hours under a Savings Plan of this term (not spot, not MSK/RDS). @default none */
  readonly commitment?: Commitment | undefined;
  /** The stateless app node group on spot capacity. @default false */
  readonly spotApp?: boolean;
}

/** Plans capacity for a volume and prices the plan with the offline estimator. */
export function pricePlan(
  input: CapacityInput,
  region: string,
  prices: PriceBook,
  usage: Usage,
  proxy?: ProxyPricing,
  purchase: Purchase = {},
): PricedPlan {
  const plan = planCapacity(input);
  const { json, usage: overrides } = planResources(plan, region, purchase.spotApp ?? false);
  const cost = estimateStack(`capacity-${region}`, json, {
    prices,
    usage: usage.withOverrides(overrides),
    ...(proxy ? { proxy } : {}),
    ...(purchase.commitment ? { commitment: purchase.commitment } : {}),
  });
  return { plan, cost, usdPerBillionEvents: cost.monthlyUsd / (input.eventsPerMonth / 1e9) };
}

/** Row separators off: one line per row. */
const COMPACT = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" };

const n = (x: number, digits = 0) => x.toLocaleString("en-US", { maximumFractionDigits: digits });

/** The plan and its cost as text: sizing, cost by resource, levers, warnings. */
export function formatPricedPlan(p: PricedPlan, region: string, levers: readonly PricedPlan[] = [], budgetUsd?: number): string {
  const { plan, cost } = p;
  const t = plan.traffic;
  const out: string[] = [];
  out.push(
    `Capacity plan: ${n(plan.input.eventsPerMonth)} events/month, ${plan.input.tier}, ${region}, ${plan.input.availabilityZones} AZs`,
    `  traffic     ${n(t.avgEventsPerSecond)} events/s average, ${n(t.peakEventsPerSecond)} at peak; ${n(t.avgRawMBps, 1)} MB/s raw average, ${n(t.peakRawMBps, 1)} MB/s peak; ${n(t.rawTbPerMonth, 1)} TB raw/month`,
    `  kafka       ${plan.kafka.brokerCount} × ${plan.kafka.instanceType}, ${n(plan.kafka.volumeSizeGiB)} GiB each (autoscaling to ${n(plan.kafka.maxVolumeSizeGiB)}), ${plan.kafka.partitions} partitions, ${plan.kafka.retentionHours} h retention; ` +
      `${plan.input.levers.kafkaCompression} producer compression ${n(plan.kafka.compressionRatio, 2)}×; on brokers × RF 3 = ${n(plan.kafka.storedGiB)} GiB` +
      (plan.kafka.tieredGiB > 0 ? `, MSK tiered storage ${n(plan.kafka.tieredGiB)} GiB (one copy)` : "") +
      `  [brokers for throughput ${plan.kafka.brokersFor.throughput}, storage ${plan.kafka.brokersFor.storage}, partitions ${plan.kafka.brokersFor.partitions}]`,
    `  clickhouse  ${plan.clickhouse.shards} shard(s) × ${plan.clickhouse.replicas} replicas of ${plan.clickhouse.instanceType}, ${n(plan.clickhouse.volumeSizeGiB)} GiB gp3 each; ${plan.clickhouse.retentionDays} days = ${n(plan.clickhouse.compressedGiBPerReplica)} GiB per replica at ${n(plan.clickhouse.compressionRatio)}× (${plan.input.levers.clickhouseCodec})` +
      (plan.clickhouse.coldGiBPerReplica > 0
        ? `: ${n(plan.clickhouse.hotGiBPerReplica)} GiB hot on gp3, ${n(plan.clickhouse.coldGiBPerReplica)} GiB cold on S3 (each replica its own copy)`
        : "") +
      `  [shards for cpu ${plan.clickhouse.shardsFor.cpu}, disk ${plan.clickhouse.shardsFor.disk}; ingest ${n(plan.clickhouse.ingestVcpu, 1)} vCPU]`,
    `  app nodes   ${plan.app.desiredSize} × ${plan.app.instanceType} (min ${plan.app.minSize}, max ${plan.app.maxSize})`,
    `  postgres    ${plan.postgres.instanceClass}`,
    "",
  );
  const table = new Table({ head: ["resource", "component", "monthly cost"], style: { head: [], border: [] }, chars: COMPACT });
  for (const r of cost.resources) {
    for (const c of allComponents(r)) {
      const value =
        c.monthlyUsd === null
          ? c.status === "usage-unset"
            ? "usage?"
            : "UNPRICED"
          : `${c.status === "proxy" ? "≈" : ""}${usd(c.monthlyUsd)}`;
      table.push([r.address, c.name, value]);
    }
    if (allComponents(r).length > 1) table.push(["", `${r.address} total`, usd(resourceMonthlyUsd(r))]);
  }
  table.push(["total", "", usd(cost.monthlyUsd)], ["per billion events", "", usd(p.usdPerBillionEvents)]);
  out.push(table.toString());
  if (cost.proxyUsd > 0) out.push(`≈ ${usd(cost.proxyUsd)} of this uses us-east-1 prices × 1.25 where ${region} prices are NF.`);
  if (cost.unpriced.length > 0)
    out.push(`UNPRICED (not in the total): ${cost.unpriced.map((u) => `${u.address} ${u.component}`).join("; ")}`);
  if (budgetUsd !== undefined)
    out.push(
      cost.monthlyUsd > budgetUsd
        ? `Over the ${usd(budgetUsd)}/month budget by ${usd(cost.monthlyUsd - budgetUsd)}.`
        : `Within the ${usd(budgetUsd)}/month budget.`,
    );
  if (levers.length > 0) {
    const lt = new Table({
      head: ["lever: retention", "kafka brokers", "clickhouse nodes", "monthly cost", "$/billion events"],
      style: { head: [], border: [] },
      chars: COMPACT,
    });
    for (const l of levers) {
      lt.push([
        `kafka ${l.plan.kafka.retentionHours} h, clickhouse ${l.plan.clickhouse.retentionDays} d`,
        `${l.plan.kafka.brokerCount} × ${l.plan.kafka.instanceType}`,
        `${l.plan.clickhouse.shards * l.plan.clickhouse.replicas} × ${l.plan.clickhouse.instanceType}`,
        usd(l.cost.monthlyUsd),
        usd(l.usdPerBillionEvents),
      ]);
    }
    out.push(`What shorter retention buys (same levers and purchase options as the plan):\n${lt.toString()}`);
  }
  if (plan.warnings.length > 0) out.push(`WARNINGS:\n  ${plan.warnings.join("\n  ")}`);
  return `${out.join("\n")}\n`;
}

/** Retention alternatives worth showing next to a plan. */
export function retentionLevers(eventsPerMonth: number, tier: Tier): CapacityInput[] {
  return [
    { eventsPerMonth, tier, kafkaRetentionHours: 24 },
    { eventsPerMonth, tier, kafkaRetentionHours: 24, clickhouseRetentionDays: 90 },
    { eventsPerMonth, tier, kafkaRetentionHours: 24, clickhouseRetentionDays: 30 },
  ];
}
