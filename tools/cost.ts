/**
 * `npm run cost [-- <cdktf output folder | cdk.tf.json>] [--format table|markdown|json] [--usage <file>]`:
 * offline monthly cost estimate of every synthesized stack, from the checked-in price table
 * (lib/cost/prices) and usage file (lib/cost/usage.yaml); `--commitment 1y|3y` bills EC2 hours under
 * a Savings Plan of that term (spot node groups stay at the spot estimate). Without a path it synthesizes the
 * shipped environments into a scratch folder first. Exit 1 on bad input; with --check-budgets,
 * exit 2 when an environment or the organization is over budget.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Command, Option } from "commander";
import { loadPlatformConfig } from "../lib/config/load";
import type { PlatformConfig } from "../lib/config/model";
import { BUDGET_PROXY, budgetProblems, estimatePlatform, formatReport, PriceBook, readStacks, Usage } from "../lib/cost";
import type { OutputFormat } from "../lib/cost/format";
import { defaultUsagePath } from "../lib/cost/usage";
import { synthesize } from "../lib/synth-command";
import { withTenantLines } from "../lib/cost/tenants";

const opts = new Command()
  .name("cost")
  .description("Estimate the monthly cost of synthesized stacks offline.")
  .argument("[path]", "a cdktf output folder (with manifest.json) or one cdk.tf.json; default: synthesize the shipped environments")
  .addOption(new Option("-f, --format <format>", "output format").choices(["table", "markdown", "json"]).default("table"))
  .option("-u, --usage <file>", "usage file (default: lib/cost/usage.yaml)")
  .option(
    "--proxy",
    `price NF rows from ${BUDGET_PROXY.region} × ${BUDGET_PROXY.factor} (flagged ≈) instead of leaving them unpriced`,
    false,
  )
  .addOption(new Option("--commitment <term>", "bill EC2 instance hours under a Savings Plan of this term").choices(["1y", "3y"]))
  .option("--check-budgets", "exit 2 when an environment or the organization is over budget, or cannot be fully priced", false)
  .parse();
const o = opts.opts<{ format: OutputFormat; usage?: string; proxy: boolean; commitment?: "1y" | "3y"; checkBudgets: boolean }>();
const target = opts.args[0];

function main(): number {
  let config: PlatformConfig | undefined;
  try {
    config = loadPlatformConfig();
  } catch {
    config = undefined; // pricing a folder from elsewhere does not need this repository's environments
  }
  let dir = target ? path.resolve(target) : "";
  if (!target) {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cost-")), "cdktf.out");
    const code = synthesize({ out: dir, table: false, stdout: () => undefined, stderr: (t) => process.stderr.write(t) });
    if (code !== 0) return code;
  }
  const report = estimatePlatform(readStacks(dir), {
    prices: PriceBook.load(),
    usage: Usage.load(o.usage ? path.resolve(o.usage) : defaultUsagePath()),
    ...(o.proxy ? { proxy: BUDGET_PROXY } : {}),
    ...(o.commitment ? { commitment: o.commitment } : {}),
    ...(config ? { config } : {}),
  });
  process.stdout.write(withTenantLines(formatReport(report, o.format), report, config, o.format));
  return o.checkBudgets && budgetProblems(report).length > 0 ? 2 : 0;
}

try {
  process.exitCode = main();
} catch (err) {
  process.stderr.write(`cost: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
