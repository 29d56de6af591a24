/**
 * `npm run preflight`: walks the deploy order from an empty account over a synthesized cdktf.out
 * and reports every precondition that would not hold when its resource's turn comes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlatformConfig } from "../config/model";
import { repoRoot } from "../paths";
import { readManifest } from "../synth-output";
import { stackTargets } from "../../tools/ci-matrix";
import { CONSTRAINTS, type Constraint } from "./constraints";
import { contextOf, preflightContext, type PreflightContext, type WorkflowFile } from "./context";
import { formatFinding, type Finding } from "./finding";
import { applyOrder } from "./order";
import { checkPrincipals } from "./principals";
import { checkReachability } from "./reachability";
import { checkRemoteState } from "./remote-state";
import { checkStateBuckets } from "./state-buckets";
import { World } from "./world";

export { formatFinding, type Finding } from "./finding";
export { CONSTRAINTS } from "./constraints";

export interface PreflightResult {
  readonly findings: readonly Finding[];
  readonly stacksWalked: number;
  readonly resourcesChecked: number;
  readonly constraints: number;
}

/** Runs the walk checks and every constraint row over stacks already placed in deploy order. */
export function preflight(
  world: World,
  unplaced: readonly string[] = [],
  constraints: readonly Constraint[] = CONSTRAINTS,
  context: PreflightContext = preflightContext(),
): PreflightResult {
  const findings: Finding[] = [
    ...unplaced.map((stack) => ({
      stack,
      address: "stack",
      missing: "has no place in the documented deploy order (bootstrap-<account>, organization, <environment>-<layer>)",
      fix: "name the stack after an account, `organization`, or an environment and layer of tools/ci-matrix.ts APPLY_LAYERS",
      check: "order",
    })),
    ...checkRemoteState(world),
    ...checkStateBuckets(world),
    ...checkPrincipals(world),
    ...checkReachability(world),
    ...constraints.flatMap((c) => c.check(world, context).map((f) => ({ ...f, check: c.id }))),
  ];
  const rank = new Map(world.stacks.map((s) => [s.name, s.index]));
  findings.sort(
    (a, b) =>
      (rank.get(a.stack) ?? -1) - (rank.get(b.stack) ?? -1) || a.address.localeCompare(b.address) || a.missing.localeCompare(b.missing),
  );
  return {
    findings,
    stacksWalked: world.stacks.length,
    resourcesChecked: world.stacks.reduce((n, s) => n + world.resourcesOf(s).length, 0),
    constraints: constraints.length,
  };
}

/** Reads a cdktf output folder, places its stacks in deploy order and runs the preflight. */
export function preflightOutput(
  outdir: string,
  config: PlatformConfig,
  options: { readonly today?: Date; readonly workflowsDir?: string } = {},
): PreflightResult {
  const targets = stackTargets(outdir, config);
  const runsOn = new Map(targets.map((t) => [t.stack, t.runsOn]));
  const order = applyOrder(readManifest(outdir), config, (stack) => runsOn.get(stack));
  const context = contextOf(
    config,
    readWorkflows(options.workflowsDir ?? path.join(repoRoot(), ".github", "workflows")),
    targets,
    options.today,
  );
  return preflight(new World(order.stacks), order.unplaced, CONSTRAINTS, context);
}

/** The workflow files of a folder (none when it does not exist). */
export function readWorkflows(dir: string): WorkflowFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((file) => ({ file, text: fs.readFileSync(path.join(dir, file), "utf8") }));
}

/** The report: every finding, then one summary line. */
export function report(result: PreflightResult): string {
  const summary = `${result.stacksWalked} stacks walked in deploy order, ${result.resourcesChecked} resources checked, ${result.constraints} constraints + principals, remote state, state buckets, reachability`;
  if (result.findings.length === 0) return `preflight: no findings (${summary})\n`;
  return `${result.findings.map(formatFinding).join("\n")}\n\npreflight: ${result.findings.length} finding(s) (${summary})\n`;
}
