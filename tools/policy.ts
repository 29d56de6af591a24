/**
 * `npm run policy`: evaluates the guardrails over every stack without writing anything, prints the
 * rules × stacks table (pass/fail/n-a/excepted), every declared exception with its reason, and
 * every violation. Exits 1 when a stack violates a rule.
 */
import { Command } from "commander";
import { buildApp } from "../lib/app";
import { loadPlatformConfig } from "../lib/config/load";
import { exceptionsList, policyReport, rulesTable, uncoveredTypes, violationLines } from "../lib/policy/report";
import { RULES } from "../lib/policy/rules";

const opts = new Command()
  .name("policy")
  .description("Evaluate the policy suite over every stack.")
  .option("-e, --environments <names>", "comma-separated environment names (default: all)")
  .option("-a, --applicable", "only rules that match a resource somewhere")
  .option("--rules", "list the rules (id, severity, scanner rules mirrored, SOC 2, fix) and exit")
  .option("--json", "print the findings as JSON (rule, stack, resource path, status, problems, exception reason)")
  .parse()
  .opts<{ environments?: string; applicable?: boolean; rules?: boolean; json?: boolean }>();

function listRules(): void {
  for (const r of RULES) {
    process.stdout.write(
      `${r.id}\t${r.severity}\t${r.title}\n\tmirrors: ${r.mirrors.join(", ")}\n\ttypes: ${r.resourceTypes.join(", ")}\n\tSOC 2: ${r.soc2.join(", ")}\n\tfix: ${r.fix}\n`,
    );
  }
}

function run(): void {
  const { stacks } = buildApp(
    loadPlatformConfig(),
    opts.environments ? { environments: opts.environments.split(",").map((s) => s.trim()) } : {},
  );
  const report = policyReport(stacks);
  if (opts.json) {
    const findings = report.findings.map(({ construct: _construct, ...f }) => f);
    process.stdout.write(`${JSON.stringify({ stacks: report.stacks, findings, uncoveredTypes: uncoveredTypes(report) }, null, 2)}\n`);
    process.exitCode = findings.some((f) => f.status === "fail") ? 1 : 0;
  } else {
    process.stdout.write(rulesTable(report, { onlyApplicable: opts.applicable ?? false }));
    process.stdout.write(`\n${exceptionsList(report)}`);
    const uncovered = uncoveredTypes(report);
    if (uncovered.length)
      process.stdout.write(`\nresource types no rule checks (add a rule or an UNCHECKED_TYPES entry): ${uncovered.join(", ")}\n`);
    const violations = violationLines(report);
    process.stdout.write(violations.length ? `\nviolations (${violations.length}):\n${violations.join("\n")}\n` : "\nviolations: none\n");
    process.exitCode = violations.length ? 1 : 0;
  }
}

if (opts.rules) listRules();
else run();
