import { buildApp } from "../app";
import { loadPlatformConfig } from "../config/load";
import { budgetProblems, estimatePlatform, PriceBook, readStacks, Usage } from "../cost";
import { policyReport } from "../policy/report";

/** What `npm run cost` finds for a set of environments: how many it could price fully, and the total. */
export interface CostSummary {
  readonly environments: number;
  /** Environments with no unpriced item, by name. */
  readonly fullyPriced: readonly string[];
  /** Regions the environments use that have no price table (lib/cost/prices/<region>.yaml). */
  readonly regionsWithoutTable: readonly string[];
  /** Sum over fully priced environments, USD/month. */
  readonly pricedUsd: number;
  readonly budgetProblems: number;
}

/**
 * The cost step of `npm run bench -- --environments N`: what `npm run cost` does for a synthesized
 * folder (read every stack, price it with the checked-in tables and usage file, check budgets).
 */
export function costStep(environmentsDir: string, out: string): CostSummary {
  const config = loadPlatformConfig(environmentsDir);
  const report = estimatePlatform(readStacks(out), { prices: PriceBook.load(), usage: Usage.load(), config });
  // Only the environment files' lines (the report also has one for the organization-wide stacks).
  const envs = report.environments.filter((e) => config.environments.some((c) => c.name === e.environment));
  const priced = envs.filter((e) => e.regionGaps.length === 0);
  return {
    environments: envs.length,
    fullyPriced: priced.map((e) => e.environment),
    regionsWithoutTable: [...new Set(envs.flatMap((e) => e.regionGaps.filter((g) => !g.hasTable).map((g) => g.region)))].sort(),
    pricedUsd: priced.reduce((n, e) => n + e.monthlyUsd, 0),
    budgetProblems: budgetProblems(report).length,
  };
}

/** What `npm run policy` finds for a set of environments. */
export interface PolicySummary {
  readonly stacks: number;
  readonly findings: number;
  readonly violations: number;
}

/**
 * The policy step: build every stack of the environments and evaluate every rule, as `npm run
 * policy` does. `outdir` only keeps cdktf's empty output folder out of the working directory.
 */
export function policyStep(environmentsDir: string, outdir: string): PolicySummary {
  const { stacks } = buildApp(loadPlatformConfig(environmentsDir), { outdir });
  const report = policyReport(stacks);
  return {
    stacks: report.stacks.length,
    findings: report.findings.length,
    violations: report.findings.filter((f) => f.status === "fail").length,
  };
}
