import Table from "cli-table3";
import type { TerraformStack } from "cdktf";
import { RULES } from "./rules";
import { UNCHECKED_TYPES } from "./rules/coverage";
import { inspectStack, violationLine, type LocatedFinding } from "./stack-report";
import type { Status } from "./types";
import { required } from "../defined";

export interface PolicyReport {
  readonly stacks: readonly string[];
  readonly findings: readonly LocatedFinding[];
  /** Every resource type (and data source, `data.<type>`) the stacks declare. */
  readonly resourceTypes: readonly string[];
}

/**
 * Evaluates the rules over built (not yet synthesized) stacks. Cross-stack references are
 * prepared first, as app.synth() does, so references resolve the same way.
 */
export function policyReport(stacks: readonly TerraformStack[]): PolicyReport {
  stacks.forEach((s) => s.prepareStack());
  const inspected = stacks.map((s) => inspectStack(s));
  return {
    stacks: stacks.map((s) => s.node.id),
    findings: inspected.flatMap((i) => i.findings),
    resourceTypes: [...new Set(inspected.flatMap((i) => i.resourceTypes))].sort(),
  };
}

type Counts = Record<Status, number>;
const zero = (): Counts => ({ pass: 0, fail: 0, "n/a": 0, excepted: 0 });

/** Passing count, then ✗failing, n(ot applicable), e(xcepted); `·` when the stack has none of its types. */
const cell = (c: Counts): string =>
  c.pass + c.fail + c["n/a"] + c.excepted === 0
    ? "·"
    : [`${c.pass}`, c.fail ? `✗${c.fail}` : "", c["n/a"] ? `n${c["n/a"]}` : "", c.excepted ? `e${c.excepted}` : ""]
        .filter(Boolean)
        .join(" ");

/** The rules × stacks table: each cell counts resources pass/fail/n-a/excepted. */
export function rulesTable(report: PolicyReport, options: { onlyApplicable?: boolean } = {}): string {
  const counts = new Map<string, Counts>();
  for (const f of report.findings) {
    const key = `${f.ruleId}|${f.stack}`;
    const c = counts.get(key) ?? zero();
    c[f.status] += 1;
    counts.set(key, c);
  }
  const table = new Table({ head: ["rule", "sev", "title", ...report.stacks], style: { head: [], border: [], compact: true } });
  const totals = report.stacks.map(() => zero());
  for (const rule of RULES) {
    const row = report.stacks.map((s, i) => {
      const c = counts.get(`${rule.id}|${s}`) ?? zero();
      const total = required(totals[i], `totals of stack ${s}`);
      for (const k of Object.keys(c) as Status[]) total[k] += c[k];
      return c;
    });
    if (options.onlyApplicable && row.every((c) => c.pass + c.fail + c.excepted === 0)) continue;
    table.push([rule.id, rule.severity, rule.title.length > 44 ? `${rule.title.slice(0, 43)}…` : rule.title, ...row.map(cell)]);
  }
  table.push(["total", "", `${RULES.length} rules`, ...totals.map(cell)]);
  return `${table.toString()}\ncells: resources passing, ✗ failing, n not applicable, e excepted; · = no resource of the rule's types\n`;
}

/** Resource types no rule checks and UNCHECKED_TYPES does not explain. */
export function uncoveredTypes(report: PolicyReport): string[] {
  const covered = new Set(RULES.flatMap((r) => r.resourceTypes));
  return report.resourceTypes.filter((t) => !covered.has(t) && !(t in UNCHECKED_TYPES));
}

/** Every declared exception, with its reason and whether it is still needed. */
export function exceptionsList(report: PolicyReport): string {
  const rows = report.findings.filter((f): f is LocatedFinding & { exceptionReason: string } => f.exceptionReason !== undefined);
  if (rows.length === 0) return "exceptions: none\n";
  const table = new Table({
    head: ["stack", "resource", "rule", "state", "reason"],
    style: { head: [], border: [] },
    colWidths: [null, null, null, null, 70],
    wordWrap: true,
  } as never);
  for (const f of rows)
    table.push([f.stack, f.path, f.ruleId, f.status === "excepted" ? "in use" : `unused (${f.status})`, f.exceptionReason]);
  return `exceptions (${rows.length}):\n${table.toString()}\n`;
}

/** One line per violation, as synth prints them. */
export function violationLines(report: PolicyReport): string[] {
  return report.findings.filter((f) => f.status === "fail").map(violationLine);
}
