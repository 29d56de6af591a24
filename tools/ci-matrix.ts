/**
 * `node dist/tools/ci-matrix.js --out cdktf.out [--layer <layer>]`: the GitHub Actions matrix of
 * the synthesized stacks, one entry per stack with the account it deploys into and the roles CI
 * assumes there. The account comes from the stack's own AWS provider (`allowed_account_ids`), the
 * roles from environments/accounts.yaml, so the matrix can never point a stack at another account.
 *
 * Without --layer: every stack with remote state (pull-request plans, drift). With --layer: the
 * stacks of that layer, for the layer-by-layer apply on main; with --each-layer, every layer's
 * matrix at once (the apply workflow's synth job). `organization` is planned but applied by hand.
 * The optional `<env>-recovery-*` layers (lib/layers.ts) are applied after monitoring like the
 * others; a layer no environment synthesizes gets an empty matrix and count 0, and its job is skipped. Stacks with local state (the run-once `bootstrap-<account>` stacks) are in no matrix: CI
 * has no state to plan them against; an administrator runs them by hand
 * (runbooks/bootstrap-new-account.md).
 *
 * `runsOn`: stacks whose JSON configures a kubernetes or helm provider talk to the private EKS
 * endpoint (docs/reference/deploy-constraints.md row 10), so their jobs run on the environment's CodeBuild-hosted
 * runner inside the VPC (constructs/ci/names.ts); every other stack on a GitHub-hosted runner.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, Option } from "commander";
import { loadPlatformConfig } from "../lib/config/load";
import type { PlatformConfig } from "../lib/config/model";
import { readManifest } from "../lib/synth-output";
import { ciRunnerLabelPrefix } from "../constructs/ci/names";
import { APPLY_LAYERS, stackOwner, type ApplyLayer } from "../lib/layers";

/** Apply order on main (lib/layers.ts): each layer reads the outputs of layers before it. */
export { APPLY_LAYERS };
/** Stacks that change accounts or state storage: applied by a person (bootstrap ones not even planned in CI). */
export const MANUAL_STACKS = ["organization", "bootstrap"] as const;

/** `runsOn` of stacks that need no network path into a VPC. */
export const GITHUB_HOSTED_RUNNER = "ubuntu-latest";
/** Providers that reach the cluster's API endpoint (private: only from inside the VPC). */
const CLUSTER_PROVIDERS = ["kubernetes", "helm"] as const;

export interface StackTarget {
  readonly stack: string;
  /** Environment name, or the stack name for stacks outside environments (GitHub environment). */
  readonly environment: string;
  /** A layer of APPLY_LAYERS (`network` … `monitoring`, `recovery-*`), or `manual`. */
  readonly layer: string;
  readonly account: string;
  readonly accountId: string;
  /** Provider region of the stack. */
  readonly region: string;
  /** Read-only role of pull-request plans and drift checks (OIDC role and `-var role_arn`). */
  readonly planRoleArn: string;
  /** Role the S3 backend of plans assumes instead of the read-write state role (read-only state). */
  readonly stateReadRoleArn: string;
  /** Role the apply on main assumes (OIDC role; the provider default). */
  readonly deployRoleArn: string;
  readonly dependencies: readonly string[];
  /**
   * `runs-on` of the stack's jobs: `ubuntu-latest`, or the label prefix of the environment's
   * in-VPC CodeBuild runner (`codebuild-<project>`), which the workflows complete with
   * `-<run_id>-<run_attempt>` (AWS CodeBuild user guide, "Label overrides supported with the
   * CodeBuild-hosted GitHub Actions runner"; read 2026-12-02).
   */
  readonly runsOn: string;
}

interface ProviderBlock {
  region?: string;
  allowed_account_ids?: string[];
}

interface StackJson {
  provider?: Record<string, unknown[] | undefined> & { aws?: ProviderBlock[] };
  terraform?: { backend?: Record<string, unknown> };
}

/** One matrix entry per synthesized stack, sorted by apply order then name. */
export function stackTargets(outdir: string, config: PlatformConfig): StackTarget[] {
  const problems: string[] = [];
  const targets: StackTarget[] = [];
  for (const s of readManifest(outdir)) {
    const json = JSON.parse(fs.readFileSync(s.file, "utf8")) as StackJson;
    // Local state (bootstrap stacks): nothing CI could plan against or lock.
    if (json.terraform?.backend?.local !== undefined) continue;
    const provider = json.provider?.aws?.[0];
    const accountId = provider?.allowed_account_ids?.[0];
    const account = config.accounts.find((a) => a.id === accountId);
    if (!account || !provider?.region) {
      problems.push(`${s.name}: its AWS provider names account ${String(accountId)}, which environments/accounts.yaml does not declare`);
      continue;
    }
    const owner = stackOwner(
      s.name,
      config.environments.map((e) => e.name),
    );
    const env = config.environments.find((e) => e.name === owner?.environment);
    const reachesCluster = CLUSTER_PROVIDERS.some((p) => (json.provider?.[p]?.length ?? 0) > 0);
    if (reachesCluster && !env)
      problems.push(
        `${s.name}: it configures a kubernetes or helm provider but belongs to no environment, so there is no in-VPC runner to plan it on`,
      );
    targets.push({
      stack: s.name,
      environment: env?.name ?? s.name,
      layer: owner?.layer ?? "manual",
      account: account.name,
      accountId: account.id,
      region: provider.region,
      planRoleArn: account.planRoleArn,
      stateReadRoleArn: account.stateReadRoleArn,
      deployRoleArn: account.deployRoleArn,
      dependencies: s.dependencies,
      runsOn: reachesCluster && env ? ciRunnerLabelPrefix(env.name) : GITHUB_HOSTED_RUNNER,
    });
  }
  if (problems.length > 0) throw new Error(problems.join("\n"));
  const rank = (t: StackTarget) => (t.layer === "manual" ? -1 : APPLY_LAYERS.indexOf(t.layer as ApplyLayer));
  return targets.sort((a, b) => rank(a) - rank(b) || a.stack.localeCompare(b.stack));
}

/** The `strategy.matrix` value: `{ include: [...] }`. */
export function matrixFor(targets: readonly StackTarget[], layer?: string): { include: StackTarget[] } {
  return { include: targets.filter((t) => layer === undefined || t.layer === layer) };
}

/**
 * Prefix of a layer's job outputs (`recovery_network_` for `recovery-network`): underscores only,
 * so every output name is a plain identifier in `needs.synth.outputs.<prefix>matrix`.
 */
export function outputPrefix(layer: string): string {
  return `${layer.replace(/-/g, "_")}_`;
}

/** `$GITHUB_OUTPUT` lines: `<prefix>matrix=` and `<prefix>count=` for the layer, or for all stacks. */
export function githubOutputLines(targets: readonly StackTarget[], layer?: string): string {
  const matrix = matrixFor(targets, layer);
  const prefix = layer === undefined ? "" : outputPrefix(layer);
  return `${prefix}matrix=${JSON.stringify(matrix)}\n${prefix}count=${matrix.include.length}\n`;
}

/** The command line (`argv` as process.argv: node, script, arguments). */
export function main(argv: readonly string[] = process.argv): void {
  const opts = new Command()
    .name("ci-matrix")
    .description("Print the GitHub Actions matrix of the synthesized stacks.")
    .option("-o, --out <dir>", "cdktf output folder", "cdktf.out")
    .addOption(new Option("--layer <layer>", "only the stacks of one apply layer").choices([...APPLY_LAYERS]))
    .addOption(
      new Option("--each-layer", "one matrix per apply layer (`<layer>_matrix`, `<layer>_count`); needs --github-output").conflicts(
        "layer",
      ),
    )
    .option("--github-output", "append `matrix=` and `count=` lines to $GITHUB_OUTPUT instead of printing")
    .parse([...argv])
    .opts<{ out: string; layer?: string; eachLayer?: boolean; githubOutput?: boolean }>();
  const targets = stackTargets(path.resolve(opts.out), loadPlatformConfig());
  if (opts.githubOutput) {
    const file = process.env.GITHUB_OUTPUT;
    if (!file) throw new Error("--github-output: GITHUB_OUTPUT is not set");
    const layers: (string | undefined)[] = opts.eachLayer ? [...APPLY_LAYERS] : [opts.layer];
    fs.appendFileSync(file, layers.map((l) => githubOutputLines(targets, l)).join(""));
  } else if (opts.eachLayer) {
    throw new Error("--each-layer writes one matrix per layer: add --github-output");
  } else {
    process.stdout.write(`${JSON.stringify(matrixFor(targets, opts.layer))}\n`);
  }
}

if (require.main === module) main();
