import type { StackCost } from "./model";

/** Spend of one environment (all its stacks) against its budget. */
export interface EnvironmentCost {
  readonly environment: string;
  readonly stacks: readonly string[];
  readonly monthlyUsd: number;
  readonly proxyUsd: number;
  readonly unpricedItems: number;
  readonly budgetUsd: number | null;
}

export interface CostReport {
  readonly stacks: readonly StackCost[];
  readonly environments: readonly EnvironmentCost[];
  readonly totalUsd: number;
  readonly organizationBudgetUsd: number | null;
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
export function buildReport(stacks: readonly StackCost[], budgets: Budgets = { environments: {}, organization: null }): CostReport {
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
    }));
  return { stacks, environments, totalUsd: stacks.reduce((n, s) => n + s.monthlyUsd, 0), organizationBudgetUsd: budgets.organization };
}

/** Budget overruns, one sentence each (empty when everything fits). */
export function budgetProblems(report: CostReport): string[] {
  const out: string[] = [];
  for (const e of report.environments) {
    if (e.budgetUsd !== null && e.monthlyUsd > e.budgetUsd) out.push(`${e.environment}: estimated ${usd(e.monthlyUsd)}/month exceeds its budget of ${usd(e.budgetUsd)}`);
  }
  if (report.organizationBudgetUsd !== null && report.totalUsd > report.organizationBudgetUsd) {
    out.push(`organization: estimated ${usd(report.totalUsd)}/month exceeds the organization budget of ${usd(report.organizationBudgetUsd)}`);
  }
  return out;
}

export function usd(n: number): string {
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
