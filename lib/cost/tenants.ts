import Table from "cli-table3";
import type { PlatformConfig } from "../config/model";
import type { OutputFormat } from "./format";
import { usd, type CostReport } from "./report";
import { stackOwner } from "../layers";
import { offTerraformStackName } from "./off-terraform";

/** What one dedicated install (docs/tenants.md) costs: its environments' stacks and its account's bootstrap stack. */
export interface TenantCost {
  readonly tenant: string;
  readonly accounts: readonly string[];
  readonly environments: readonly string[];
  readonly stacks: readonly string[];
  readonly monthlyUsd: number;
  /** Part of monthlyUsd priced by the proxy (≈). */
  readonly proxyUsd: number;
  readonly unpricedItems: number;
  /** The tenant's environments' budgets added up: what its contract pays for. */
  readonly budgetUsd: number | null;
}

/** One line per tenant, from the stack estimates of a report; shared environments are not in any. */
export function tenantCosts(report: CostReport, config: PlatformConfig): TenantCost[] {
  const tenants = [...new Set(config.environments.flatMap((e) => e.tenant ?? []))].sort();
  return tenants.map((tenant) => {
    const envs = config.environments.filter((e) => e.tenant === tenant);
    const accounts = [...new Set(envs.map((e) => e.account.name))].sort();
    const names = new Set([...accounts.map((a) => `bootstrap-${a}`)]);
    const own = (stack: string) =>
      names.has(stack) ||
      envs.some((e) => stack === offTerraformStackName(e.name)) ||
      stackOwner(
        stack,
        envs.map((e) => e.name),
      ) !== undefined;
    const stacks = report.stacks.filter((s) => own(s.stack));
    const budgets = envs.map((e) => e.monthlyBudgetUsd);
    return {
      tenant,
      accounts,
      environments: envs.map((e) => e.name),
      stacks: stacks.map((s) => s.stack),
      monthlyUsd: stacks.reduce((n, s) => n + s.monthlyUsd, 0),
      proxyUsd: stacks.reduce((n, s) => n + s.proxyUsd, 0),
      unpricedItems: stacks.reduce((n, s) => n + s.unpriced.length, 0),
      budgetUsd: budgets.every((b): b is number => b !== null) ? budgets.reduce((n, b) => n + b, 0) : null,
    };
  });
}

const row = (t: TenantCost) => [
  t.tenant,
  t.accounts.join(", "),
  t.environments.join(", "),
  `${t.proxyUsd > 0 ? "≈" : ""}${usd(t.monthlyUsd)}${t.unpricedItems > 0 ? ` + ${t.unpricedItems} unpriced` : ""}`,
  t.budgetUsd === null ? "-" : usd(t.budgetUsd),
  t.budgetUsd === null ? "" : t.monthlyUsd > t.budgetUsd ? "OVER" : t.unpricedItems > 0 ? "unverified (unpriced items)" : "ok",
];
const HEAD = ["tenant", "account", "environments", "monthly", "budget", ""];

/**
 * The cost report with a "Tenants" section added: a table (or markdown table) after the report, or
 * a `tenants` array in JSON. Unchanged when no environment is a tenant's.
 */
export function withTenantLines(formatted: string, report: CostReport, config: PlatformConfig | undefined, format: OutputFormat): string {
  const tenants = config ? tenantCosts(report, config) : [];
  if (tenants.length === 0) return formatted;
  if (format === "json") return `${JSON.stringify({ ...(JSON.parse(formatted) as object), tenants }, null, 2)}\n`;
  if (format === "markdown") {
    const lines = [`| ${HEAD.join(" | ")} |`, `|${HEAD.map(() => " --- ").join("|")}|`, ...tenants.map((t) => `| ${row(t).join(" | ")} |`)];
    return `${formatted.trimEnd()}\n\n### Tenants (dedicated installs)\n\n${lines.join("\n")}\n`;
  }
  const table = new Table({ head: HEAD, style: { head: [], border: [] } });
  table.push(...tenants.map(row));
  return `${formatted.trimEnd()}\n\nTenants (dedicated installs, docs/tenants.md)\n${table.toString()}\n`;
}
