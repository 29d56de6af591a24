/**
 * `node dist/tools/ci-matrix.js --out cdktf.out [--layer <layer>]`: the GitHub Actions matrix of
 * the synthesized stacks, one entry per stack with the account it deploys into and the roles CI
 * assumes there. The account comes from the stack's own AWS provider (`allowed_account_ids`), the
 * roles from environments/accounts.yaml, so the matrix can never point a stack at another account.
 *
 * Without --layer: every stack (pull-request plans). With --layer: the stacks of that layer, for the
 * layer-by-layer apply on main; `organization` and `bootstrap` stacks are applied by hand.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, Option } from "commander";
import { loadPlatformConfig } from "../lib/config/load";
import type { PlatformConfig } from "../lib/config/model";
import { readManifest } from "../lib/synth-output";

/** Apply order on main. Each layer reads the outputs of the ones before it. */
export const APPLY_LAYERS = ["network", "data", "cluster", "platform", "monitoring"] as const;
/** Stacks that change accounts or state storage: planned on PRs, applied by a person. */
export const MANUAL_STACKS = ["organization", "bootstrap"] as const;

export interface StackTarget {
  readonly stack: string;
  /** Environment name, or the stack name for stacks outside environments (GitHub environment). */
  readonly environment: string;
  /** `network` … `monitoring`, or `manual`. */
  readonly layer: string;
  readonly account: string;
  readonly accountId: string;
  /** Provider region of the stack. */
  readonly region: string;
  /** Read-only role of pull-request plans (OIDC role and `-var role_arn`). */
  readonly planRoleArn: string;
  /** Role the apply on main assumes (OIDC role; the provider default). */
  readonly deployRoleArn: string;
  readonly dependencies: readonly string[];
}

interface ProviderBlock {
  region?: string;
  allowed_account_ids?: string[];
}

/** One matrix entry per synthesized stack, sorted by apply order then name. */
export function stackTargets(outdir: string, config: PlatformConfig): StackTarget[] {
  const problems: string[] = [];
  const targets: StackTarget[] = [];
  for (const s of readManifest(outdir)) {
    const json = JSON.parse(fs.readFileSync(s.file, "utf8")) as { provider?: { aws?: ProviderBlock[] } };
    const provider = json.provider?.aws?.[0];
    const accountId = provider?.allowed_account_ids?.[0];
    const account = config.accounts.find((a) => a.id === accountId);
    if (!account || !provider?.region) {
      problems.push(`${s.name}: its AWS provider names account ${String(accountId)}, which environments/accounts.yaml does not declare`);
      continue;
    }
    const env = config.environments.find((e) => s.name.startsWith(`${e.name}-`));
    const layer = env ? s.name.slice(env.name.length + 1) : "manual";
    targets.push({
      stack: s.name,
      environment: env?.name ?? s.name,
      layer: (APPLY_LAYERS as readonly string[]).includes(layer) ? layer : "manual",
      account: account.name,
      accountId: account.id,
      region: provider.region,
      planRoleArn: account.planRoleArn,
      deployRoleArn: account.deployRoleArn,
      dependencies: s.dependencies,
    });
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
  const rank = (t: StackTarget) => (t.layer === "manual" ? -1 : APPLY_LAYERS.indexOf(t.layer as (typeof APPLY_LAYERS)[number]));
  return targets.sort((a, b) => rank(a) - rank(b) || a.stack.localeCompare(b.stack));
}

/** The `strategy.matrix` value: `{ include: [...] }`. */
export function matrixFor(targets: readonly StackTarget[], layer?: string): { include: StackTarget[] } {
  return { include: targets.filter((t) => layer === undefined || t.layer === layer) };
}

function main(): void {
  const opts = new Command()
    .name("ci-matrix")
    .description("Print the GitHub Actions matrix of the synthesized stacks.")
    .option("-o, --out <dir>", "cdktf output folder", "cdktf.out")
    .addOption(new Option("--layer <layer>", "only the stacks of one apply layer").choices([...APPLY_LAYERS]))
    .option("--github-output", "append `matrix=` and `count=` lines to $GITHUB_OUTPUT instead of printing")
    .parse()
    .opts<{ out: string; layer?: string; githubOutput?: boolean }>();
  const matrix = matrixFor(stackTargets(path.resolve(opts.out), loadPlatformConfig()), opts.layer);
  const json = JSON.stringify(matrix);
  if (opts.githubOutput) {
    const file = process.env.GITHUB_OUTPUT;
    if (!file) throw new Error("--github-output: GITHUB_OUTPUT is not set");
    const prefix = opts.layer ? `${opts.layer}_` : "";
    fs.appendFileSync(file, `${prefix}matrix=${json}\n${prefix}count=${matrix.include.length}\n`);
  } else {
    process.stdout.write(`${json}\n`);
  }
}

if (require.main === module) main();
