import Table from "cli-table3";
import { allComponents, resourceMonthlyUsd, type CostComponent, type ResourceCost } from "./model";
import { budgetProblems, usd, type CostReport } from "./report";
import { firstPart } from "../text";

export type OutputFormat = "table" | "markdown" | "json";

const qty = (c: CostComponent) =>
  c.quantity === null ? "-" : `${c.quantity.toLocaleString("en-US", { maximumFractionDigits: 2 })} ${c.unit}`;
const cost = (c: CostComponent): string => {
  if (c.status === "unpriced") return "UNPRICED";
  if (c.status === "usage-unset") return `usage? (${usd(c.unitUsd ?? 0)}/${c.unit})`;
  return `${c.status === "proxy" ? "≈" : ""}${usd(c.monthlyUsd ?? 0)}${c.usageBased ? " *" : ""}`;
};
const source = (c: CostComponent) => (c.price ? `${c.price.source} ${c.price.asOf} ${c.price.grade}` : "");

function rowsOf(r: ResourceCost, indent = ""): string[][] {
  const rows: string[][] = [[`${indent}${r.address}`, "", "", usd(resourceMonthlyUsd(r)), ""]];
  for (const c of r.components) rows.push([`${indent}  ${c.name}`, qty(c), cost(c), "", source(c)]);
  for (const sub of r.subresources) rows.push(...rowsOf(sub, `${indent}  `));
  return rows;
}

/** Row separators off: one line per row. */
const COMPACT = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" };

/** Unpriced items, identical ones (same stack, type, component, reason) folded into one line with a count. */
function unpricedLines(report: CostReport): string[] {
  const groups = new Map<string, { count: number; example: string }>();
  for (const s of report.stacks) {
    for (const u of s.unpriced) {
      const type = firstPart(u.address, ".");
      const what = u.component === "(resource)" ? "" : `${u.component} `;
      const key = `${u.stack}: ${type} ${what}- ${u.reason}`;
      const g = groups.get(key);
      if (g) g.count++;
      else groups.set(key, { count: 1, example: `${u.stack}: ${u.address} ${what}- ${u.reason}` });
    }
  }
  return [...groups.entries()].map(([key, g]) => (g.count === 1 ? g.example : `${key.replace(": ", `: ${g.count} × `)}`));
}

/**
 * Regions whose prices are missing, across all environments: a region with no table at all first
 * (everything there is unpriced), then regions whose table lacks rows, each with the keys.
 */
function priceGapLines(report: CostReport): string[] {
  const regions = new Map<string, { hasTable: boolean; keys: Set<string>; items: number }>();
  for (const g of report.environments.flatMap((e) => e.regionGaps)) {
    const r = regions.get(g.region) ?? { hasTable: g.hasTable, keys: new Set<string>(), items: 0 };
    g.keys.forEach((k) => r.keys.add(k));
    r.items += g.items;
    regions.set(g.region, r);
  }
  const sorted = [...regions.entries()].sort(([a, x], [b, y]) => Number(x.hasTable) - Number(y.hasTable) || a.localeCompare(b));
  return sorted.map(([region, r]) =>
    r.hasTable
      ? `${region}: the table lacks ${r.keys.size} row(s) (${[...r.keys].sort().join(", ")}), ${r.items} item(s) unpriced`
      : `${region}: NO PRICE TABLE (lib/cost/prices/${region}.yaml does not exist), ${r.items} item(s) unpriced (${[...r.keys].sort().join(", ")})`,
  );
}

/** Plain-text tables: every stack's resources and components, then environments against budgets. */
export function formatTable(report: CostReport): string {
  const out: string[] = [];
  for (const s of report.stacks) {
    if (s.resources.length === 0 && s.unpriced.length === 0) continue;
    const t = new Table({
      head: ["resource / component", "monthly qty", "monthly cost", "resource total", "price source"],
      style: { head: [], border: [] },
      chars: COMPACT,
    });
    for (const r of s.resources) t.push(...rowsOf(r));
    t.push([`${s.stack} total (${s.region})`, "", "", usd(s.monthlyUsd), ""]);
    out.push(`${s.stack}\n${t.toString()}`);
  }
  out.push(summaryTable(report));
  const unpriced = unpricedLines(report);
  if (unpriced.length > 0) out.push(`UNPRICED (not in the totals):\n  ${unpriced.join("\n  ")}`);
  const gaps = priceGapLines(report);
  if (gaps.length > 0)
    out.push(
      `MISSING PRICES (totals of these environments are floors; priced regions: ${report.pricedRegions.join(", ") || "none"}):\n  ${gaps.join("\n  ")}`,
    );
  out.push("* usage-based (lib/cost/usage.yaml); ≈ proxy price from another region; month = 730 h.");
  const problems = budgetProblems(report);
  if (problems.length > 0) out.push(`BUDGET PROBLEMS:\n  ${problems.join("\n  ")}`);
  return `${out.join("\n\n")}\n`;
}

function summaryTable(report: CostReport): string {
  const t = new Table({
    head: ["environment", "stacks", "monthly cost", "budget", "unpriced items"],
    style: { head: [], border: [] },
    chars: COMPACT,
  });
  for (const e of report.environments)
    t.push([
      e.environment,
      String(e.stacks.length),
      usd(e.monthlyUsd),
      e.budgetUsd === null ? "-" : usd(e.budgetUsd),
      String(e.unpricedItems),
    ]);
  t.push(["total", "", usd(report.totalUsd), report.organizationBudgetUsd === null ? "-" : usd(report.organizationBudgetUsd), ""]);
  return t.toString();
}

/** Markdown for a pull-request comment: summary first, details folded. */
export function formatMarkdown(report: CostReport): string {
  const lines = [
    "## Estimated monthly cost",
    "",
    "| environment | monthly cost | budget | status | unpriced items |",
    "|---|---:|---:|---|---:|",
  ];
  for (const e of report.environments) {
    const status =
      e.budgetUsd === null
        ? ""
        : e.monthlyUsd > e.budgetUsd
          ? "over budget"
          : e.regionGaps.length > 0
            ? "not verified (prices missing)"
            : "within budget";
    lines.push(
      `| ${e.environment} | ${usd(e.monthlyUsd)} | ${e.budgetUsd === null ? "-" : usd(e.budgetUsd)} | ${status} | ${e.unpricedItems} |`,
    );
  }
  lines.push(
    `| **total** | **${usd(report.totalUsd)}** | ${report.organizationBudgetUsd === null ? "-" : usd(report.organizationBudgetUsd)} | | |`,
    "",
  );
  for (const s of report.stacks) {
    if (s.resources.length === 0) continue;
    lines.push(
      `<details><summary>${s.stack}: ${usd(s.monthlyUsd)}</summary>`,
      "",
      "| resource | component | quantity | monthly cost |",
      "|---|---|---:|---:|",
    );
    for (const r of s.resources) for (const c of allComponents(r)) lines.push(`| \`${r.address}\` | ${c.name} | ${qty(c)} | ${cost(c)} |`);
    lines.push("", "</details>", "");
  }
  const unpriced = unpricedLines(report);
  if (unpriced.length > 0)
    lines.push(
      `<details><summary>Unpriced (${unpriced.length}, not in the totals)</summary>`,
      "",
      ...unpriced.map((u) => `- ${u}`),
      "",
      "</details>",
      "",
    );
  const gaps = priceGapLines(report);
  if (gaps.length > 0) lines.push("**Missing prices** (totals are floors):", ...gaps.map((g) => `- ${g}`), "");
  const problems = budgetProblems(report);
  if (problems.length > 0) lines.push("**Budget problems:**", ...problems.map((p) => `- ${p}`), "");
  lines.push("_Offline estimate from lib/cost/prices (on-demand, 730 h/month); \\* usage-based (lib/cost/usage.yaml), ≈ proxy price._");
  return `${lines.join("\n")}\n`;
}

/** The whole report as JSON (prices included, so a consumer can audit every line). */
export function formatJson(report: CostReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function formatReport(report: CostReport, format: OutputFormat): string {
  return format === "markdown" ? formatMarkdown(report) : format === "json" ? formatJson(report) : formatTable(report);
}
