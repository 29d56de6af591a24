import type { StackCost } from "./model";

/** Price rows an environment needs in one region and the table lacks (or the region has no table). */
export interface RegionGap {
  readonly region: string;
  /** The region has a file in lib/cost/prices at all. */
  readonly hasTable: boolean;
  /** Missing price keys, sorted. */
  readonly keys: readonly string[];
  /** Unpriced items those keys leave out of the total. */
  readonly items: number;
}

/** Spend of one environment (all its stacks) against its budget. */
export interface EnvironmentCost {
  readonly environment: string;
  readonly stacks: readonly string[];
  readonly monthlyUsd: number;
  readonly proxyUsd: number;
  readonly unpricedItems: number;
  readonly budgetUsd: number | null;
  /** Per region, the price rows this environment needs and the table lacks: its total is a floor. */
  readonly regionGaps: readonly RegionGap[];
}

export interface CostReport {
  readonly stacks: readonly StackCost[];
  readonly environments: readonly EnvironmentCost[];
  readonly totalUsd: number;
  readonly organizationBudgetUsd: number | null;
  /** Regions with a price table (lib/cost/prices/<region>.yaml). */
  readonly pricedRegions: readonly string[];
}

/** Stacks are named `<environment>-<layer>`; the per-account `bootstrap-<account>` stacks form one group; others stand alone. */
export function environmentOfStack(stack: string, environments: readonly string[]): string {
  if (stack.startsWith("bootstrap-")) return "bootstrap";
  return environments.find((e) => stack.startsWith(`${e}-`)) ?? stack;
}

export interface Budgets {
  /** Environment name → monthly budget (null: none). */
  readonly environments: Readonly<Record<string, number | null>>;
  readonly organization: number | null;
}

/** Groups stack estimates by environment and sets them against the budgets. */
export function buildReport(
  stacks: readonly StackCost[],
  budgets: Budgets = { environments: {}, organization: null },
  pricedRegions: readonly string[] = [],
): CostReport {
  const names = Object.keys(budgets.environments);
  const groups = new Map<string, StackCost[]>();
  for (const s of stacks) {
    const env = environmentOfStack(s.stack, names);
    groups.set(env, [...(groups.get(env) ?? []), s]);
  }
  const environments = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([environment, list]): EnvironmentCost => ({
      environment,
      stacks: list.map((s) => s.stack),
      monthlyUsd: list.reduce((n, s) => n + s.monthlyUsd, 0),
      proxyUsd: list.reduce((n, s) => n + s.proxyUsd, 0),
      unpricedItems: list.reduce((n, s) => n + s.unpriced.length, 0),
      budgetUsd: budgets.environments[environment] ?? null,
      regionGaps: regionGaps(list, pricedRegions),
    }));
  return {
    stacks,
    environments,
    totalUsd: stacks.reduce((n, s) => n + s.monthlyUsd, 0),
    organizationBudgetUsd: budgets.organization,
    pricedRegions: [...pricedRegions].sort(),
  };
}

function regionGaps(stacks: readonly StackCost[], pricedRegions: readonly string[]): RegionGap[] {
  const byRegion = new Map<string, { keys: Set<string>; items: number }>();
  for (const u of stacks.flatMap((s) => s.unpriced)) {
    if (!u.missingPrice) continue;
    const g = byRegion.get(u.missingPrice.region) ?? { keys: new Set<string>(), items: 0 };
    g.keys.add(u.missingPrice.key);
    g.items++;
    byRegion.set(u.missingPrice.region, g);
  }
  return [...byRegion.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([region, g]) => ({ region, hasTable: pricedRegions.includes(region), keys: [...g.keys].sort(), items: g.items }));
}

/** Regions the report's stacks use that have no price table at all. */
export function regionsWithoutTable(report: CostReport): string[] {
  return [...new Set(report.environments.flatMap((e) => e.regionGaps.filter((g) => !g.hasTable).map((g) => g.region)))].sort();
}

/**
 * Budget overruns, and budgets that cannot be verified because a region's price table lacks rows
 * the environment needs (its total would be a floor, and a floor can hide an overrun); one sentence
 * each, empty when everything is priced and fits. Items unpriced for other reasons (a resource type
 * the estimator does not model, a price NF in every region) are listed by the report, not here.
 */
export function budgetProblems(report: CostReport): string[] {
  const out: string[] = [];
  for (const e of report.environments) {
    if (e.budgetUsd !== null && e.monthlyUsd > e.budgetUsd)
      out.push(`${e.environment}: estimated ${usd(e.monthlyUsd)}/month exceeds its budget of ${usd(e.budgetUsd)}`);
    // Every group counts toward the organization's budget, so a gap matters wherever a budget is set.
    if (e.budgetUsd === null && report.organizationBudgetUsd === null) continue;
    for (const g of e.regionGaps) {
      const table = g.hasTable ? "" : " (no price table for this region)";
      out.push(
        `${e.environment}: ${g.items} ${g.items === 1 ? "item" : "items"} unpriced in ${g.region}${table} (${g.keys.join(", ")}): budget not verified; add rows to lib/cost/prices/${g.region}.yaml`,
      );
    }
  }
  if (report.organizationBudgetUsd !== null && report.totalUsd > report.organizationBudgetUsd) {
    out.push(
      `organization: estimated ${usd(report.totalUsd)}/month exceeds the organization budget of ${usd(report.organizationBudgetUsd)}`,
    );
  }
  return out;
}

export function usd(n: number): string {
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
