import Table from "cli-table3";
import { ALL_LEVERS, NO_LEVERS, type CapacityInput, type LeverName, type Levers } from "../sizing";
import { pricePlan, type PricedPlan, type Purchase } from "./capacity-report";
import type { ProxyPricing } from "./context";
import type { PriceBook } from "./price-table";
import { usd } from "./report";
import type { Usage } from "./usage";

/**
 * The plan `npm run capacity` recommends: every lever pulled, EC2 under a 1-year Savings Plan (the
 * shorter commitment; 3 years is shown beside it) and the stateless app group on spot. ClickHouse,
 * Keeper and Kafka never run on spot.
 */
export const RECOMMENDED_PURCHASE: Purchase = { commitment: "1y", spotApp: true };

/** What one lever, or one purchase option, saves against the same plan without it. */
export interface LeverSaving {
  readonly lever: string;
  readonly what: string;
  readonly savingUsd: number;
}

/** Everything the capacity report shows next to a plan. */
export interface LeverReport {
  readonly plan: PricedPlan;
  /** The same plan (same levers) billed on-demand, no spot. */
  readonly onDemand: PricedPlan;
  /** No lever, on-demand: the plan before issue 16. */
  readonly baseline: PricedPlan;
  /** Each lever alone: the plan with that one lever reset, minus the plan. Interactions make them not add up. */
  readonly savings: readonly LeverSaving[];
}

const LEVER_TEXT: Readonly<Record<LeverName, (l: Levers) => string>> = {
  clickhouseCodec: (l) => `ClickHouse ${l.clickhouseCodec.toUpperCase()} codec on event columns`,
  clickhouseTiering: (l) => `ClickHouse ${l.clickhouseTiering.hotDays} hot days on gp3, the rest on S3`,
  kafkaCompression: (l) => `Kafka producer compression ${l.kafkaCompression}`,
  kafkaTieredStorage: (l) => `MSK tiered storage, ${l.kafkaTieredStorage.localRetentionHours} h on the brokers`,
  graviton: () => "Graviton ClickHouse nodes and brokers: r7g, kafka.m7g",
  gravitonAppNodes: () => "Graviton app and system nodes: m7g (needs arm64 images)",
  backupStorageClass: (l) => `backups written as ${l.backupStorageClass}`,
};

export interface PlanContext {
  readonly region: string;
  readonly prices: PriceBook;
  readonly usage: Usage;
  readonly proxy?: ProxyPricing;
}

/** Prices a plan, its on-demand twin, the pre-lever baseline and each lever's saving. */
export function leverReport(input: CapacityInput, purchase: Purchase, ctx: PlanContext): LeverReport {
  const price = (levers: Levers, p: Purchase) => pricePlan({ ...input, levers }, ctx.region, ctx.prices, ctx.usage, ctx.proxy, p);
  const levers: Levers = { ...NO_LEVERS, ...input.levers };
  const plan = price(levers, purchase);
  const savings: LeverSaving[] = [];
  for (const name of Object.keys(LEVER_TEXT) as LeverName[]) {
    if (JSON.stringify(levers[name]) === JSON.stringify(NO_LEVERS[name])) continue;
    if (name === "clickhouseTiering" && !levers.clickhouseTiering.enabled) continue;
    if (name === "kafkaTieredStorage" && !levers.kafkaTieredStorage.enabled) continue;
    const without = price({ ...levers, [name]: NO_LEVERS[name] }, purchase);
    savings.push({ lever: name, what: LEVER_TEXT[name](levers), savingUsd: without.cost.monthlyUsd - plan.cost.monthlyUsd });
  }
  if (purchase.commitment) {
    const without = price(levers, { ...purchase, commitment: undefined });

    savings.push({
      lever: "commitment",
      what: `EC2 Savings Plan, ${purchase.commitment} (rate grade B)`,
      savingUsd: without.cost.monthlyUsd - plan.cost.monthlyUsd,
    });
  }
  if (purchase.spotApp) {
    const without = price(levers, { ...purchase, spotApp: false });
    savings.push({
      lever: "spot",
      what: "app nodes on spot (ESTIMATE: 60% off)",
      savingUsd: without.cost.monthlyUsd - plan.cost.monthlyUsd,
    });
  }
  return { plan, onDemand: price(levers, {}), baseline: price(NO_LEVERS, {}), savings };
}

const COMPACT = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" };

/** The levers section of `npm run capacity`: savings, totals, headroom. */
export function formatLevers(r: LeverReport, purchase: Purchase, budgetUsd?: number): string {
  const t = new Table({ head: ["lever", "saves per month"], style: { head: [], border: [] }, chars: COMPACT });
  for (const s of r.savings) t.push([s.what, usd(s.savingUsd)]);
  t.push(["all levers and purchase options together (vs the plan before them)", usd(r.baseline.cost.monthlyUsd - r.plan.cost.monthlyUsd)]);
  const how = [
    purchase.commitment ? `EC2 on a ${purchase.commitment} Savings Plan` : "on-demand",
    purchase.spotApp ? "app nodes on spot" : "",
  ]
    .filter(Boolean)
    .join(", ");
  const lines = [
    `Levers (each alone: the plan with that one lever undone costs this much more; they overlap, so they do not add up):`,
    t.toString(),
    `  this plan (${how}): ${usd(r.plan.cost.monthlyUsd)}/month; same plan on-demand only: ${usd(r.onDemand.cost.monthlyUsd)}; before the levers: ${usd(r.baseline.cost.monthlyUsd)}`,
  ];
  if (budgetUsd !== undefined) {
    const headroom = budgetUsd - r.plan.cost.monthlyUsd;
    lines.push(
      headroom >= 0
        ? `  headroom: ${usd(headroom)}/month (${((headroom / budgetUsd) * 100).toFixed(1)}% of the ${usd(budgetUsd)} budget)`
        : `  OVER the ${usd(budgetUsd)} budget by ${usd(-headroom)}/month`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Volumes of the cost curve in docs/capacity.md: launch volume to a trillion events a month. */
export const CURVE_VOLUMES = [5e9, 1e10, 2.5e10, 5e10, 1e11, 2.5e11, 5e11, 1e12] as const;

export interface CurvePoint {
  readonly eventsPerMonth: number;
  readonly monthlyUsd: number;
  readonly onDemandUsd: number;
  readonly baselineUsd: number;
}

/** The recommended plan's cost over CURVE_VOLUMES, with its on-demand twin and the pre-lever plan. */
export function costCurve(tier: CapacityInput["tier"], ctx: PlanContext, purchase: Purchase = RECOMMENDED_PURCHASE): CurvePoint[] {
  return CURVE_VOLUMES.map((eventsPerMonth) => {
    const input = { eventsPerMonth, tier };
    return {
      eventsPerMonth,
      monthlyUsd: pricePlan({ ...input, levers: ALL_LEVERS }, ctx.region, ctx.prices, ctx.usage, ctx.proxy, purchase).cost.monthlyUsd,
      onDemandUsd: pricePlan({ ...input, levers: ALL_LEVERS }, ctx.region, ctx.prices, ctx.usage, ctx.proxy).cost.monthlyUsd,
      baselineUsd: pricePlan({ ...input, levers: NO_LEVERS }, ctx.region, ctx.prices, ctx.usage, ctx.proxy).cost.monthlyUsd,
    };
  });
}
