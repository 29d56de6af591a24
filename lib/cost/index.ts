import * as fs from "node:fs";
import * as path from "node:path";
import type { PlatformConfig } from "../config/model";
import { readManifest } from "../synth-output";
import type { Commitment, ProxyPricing } from "./context";
import { estimateStack } from "./estimate";
import type { StackCost } from "./model";
import { usageFromPlan } from "./derived-usage";
import { offTerraformStacks, planOf } from "./off-terraform";
import type { PriceBook } from "./price-table";
import type { TerraformJson } from "./refs";
import { buildReport, type Budgets, type CostReport } from "./report";
import type { Usage } from "./usage";

export { estimateStack } from "./estimate";
export { PriceBook } from "./price-table";
export { Usage } from "./usage";
export { buildReport, budgetProblems, regionsWithoutTable } from "./report";
export { formatReport } from "./format";

/**
 * Proxy for eu-central-1 prices that are NF: the us-east-1 price × 1.25. Every eu/us pair in
 * docs/reference/public-figures.md §1 is at most 1.21× (m6i.large 0.115/0.096 = 1.198, r6i.4xlarge 1.206, gp3 1.19,
 * NAT 1.156, S3 1.065), so 1.25 errs high. Used for budget checks, where a missing price must not
 * read as zero.
 */
export const BUDGET_PROXY: ProxyPricing = { region: "us-east-1", factor: 1.25 };

export interface NamedStack {
  readonly name: string;
  readonly json: TerraformJson;
}

/** Stacks of a cdktf output folder (with manifest.json), or one `cdk.tf.json` file. */
export function readStacks(target: string): NamedStack[] {
  const stat = fs.statSync(target);
  if (stat.isFile())
    return [
      { name: path.basename(path.dirname(path.resolve(target))), json: JSON.parse(fs.readFileSync(target, "utf8")) as TerraformJson },
    ];
  if (fs.existsSync(path.join(target, "manifest.json"))) {
    return readManifest(target).map((s) => ({ name: s.name, json: JSON.parse(fs.readFileSync(s.file, "utf8")) as TerraformJson }));
  }
  const single = path.join(target, "cdk.tf.json");
  if (fs.existsSync(single)) return readStacks(single);
  throw new Error(`${target}: neither a cdktf output folder (manifest.json) nor a cdk.tf.json`);
}

export interface PlatformEstimateOptions {
  readonly prices: PriceBook;
  readonly usage: Usage;
  readonly proxy?: ProxyPricing;
  /** The environment configuration: adds off-Terraform volumes and budgets. @default none */
  readonly config?: PlatformConfig;
  /** Bill EC2 instance hours (not spot) under a Savings Plan of this term. @default on-demand */
  readonly commitment?: Commitment;
}

/** Estimates every stack, adds what Terraform does not create, and checks budgets. */
export function estimatePlatform(stacks: readonly NamedStack[], options: PlatformEstimateOptions): CostReport {
  // The ClickHouse chart (platform stack) creates the volumes: add them only when that stack is priced.
  const envs = (options.config?.environments ?? []).filter((e) => stacks.some((s) => s.name === `${e.name}-platform`));
  const all = [...stacks, ...envs.flatMap(offTerraformStacks)];
  // Bucket sizes and transfer follow each environment's declared volume; the usage file still wins.
  const usage = options.usage.withBaseOverrides(
    (options.config?.environments ?? []).flatMap((e) => usageFromPlan(planOf(e), `${e.name}-*`)),
  );
  const costs: StackCost[] = all.map((s) =>
    estimateStack(s.name, s.json, {
      prices: options.prices,
      usage,
      ...(options.proxy ? { proxy: options.proxy } : {}),
      ...(options.commitment ? { commitment: options.commitment } : {}),
    }),
  );
  const budgets: Budgets = {
    environments: Object.fromEntries((options.config?.environments ?? []).map((e) => [e.name, e.monthlyBudgetUsd])),
    organization: options.config?.organization.monthlyBudgetUsd ?? null,
  };
  return buildReport(costs, budgets, options.prices.regions());
}
