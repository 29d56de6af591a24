import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Table from "cli-table3";
import { loadPlatformConfig } from "../config/load";
import { stackTargets, type StackTarget } from "../../tools/ci-matrix";
import { compareStacks, type ChangedStack } from "./compare";
import { checkoutRevision, npmSynth, resolveCommit, type Synthesizer } from "./revision";
import { planAllReasons } from "./triggers";
import { required } from "../defined";

export { compareStacks, deployOrder, type ChangedStack } from "./compare";
export { planAllReasons } from "./triggers";
export { checkoutRevision, npmSynth, type Synthesizer } from "./revision";

export interface ChangedOptions {
  /** The git repository (its root). */
  readonly repo: string;
  /** Base revision (a pull request's base commit). */
  readonly base: string;
  /** Head revision (the pull request's merge commit). */
  readonly head: string;
  /** An existing synth output of the base; default: synthesize the base revision. */
  readonly baseOut?: string;
  /** An existing synth output of the head; default: synthesize the head revision. */
  readonly headOut?: string;
  /** How a revision is synthesized. @default - the revision's `npm run synth` */
  readonly synthesize?: Synthesizer;
}

export interface ChangedResult {
  readonly base: string;
  readonly head: string;
  /** Why every stack is planned; empty when only the stacks whose Terraform differs are. */
  readonly planAll: readonly string[];
  /** Every stack of both revisions with its change, in deploy order. */
  readonly stacks: readonly ChangedStack[];
  /** The plan matrix: the head stacks to plan (never local-state bootstrap stacks), in deploy order. */
  readonly matrix: { include: StackTarget[] };
}

/**
 * Synthesizes both revisions (unless given their outputs) and decides which stacks a pull request
 * plans: those whose synthesized Terraform differs, or all of them when a trigger of planAllReasons
 * changed or the base does not synthesize.
 */
export function changedStacks(options: ChangedOptions): ChangedResult {
  const base = resolveCommit(options.repo, options.base, "--base");
  const head = resolveCommit(options.repo, options.head, "--head");
  const synthesize = options.synthesize ?? npmSynth;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "changed-"));
  const headTree = checkoutRevision(options.repo, head);
  try {
    const headOut = options.headOut ?? path.join(scratch, "head.out");
    if (!options.headOut) {
      try {
        synthesize(headTree.dir, headOut);
      } catch (err) {
        throw new Error(`--head: ${options.head} did not synthesize: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const planAll = planAllReasons(options.repo, base, head);
    let baseOut = options.baseOut;
    if (baseOut && !fs.existsSync(path.join(baseOut, "manifest.json"))) {
      planAll.push(`the base has no synth output in ${baseOut} (it did not synthesize)`);
      baseOut = undefined;
    } else if (!baseOut) {
      const baseTree = checkoutRevision(options.repo, base);
      try {
        synthesize(baseTree.dir, path.join(scratch, "base.out"));
        baseOut = path.join(scratch, "base.out");
      } catch (err) {
        planAll.push(
          `the base ${options.base} did not synthesize (${(err instanceof Error ? err.message : String(err)).trim().replace(/\s*\n\s*/g, " ")})`,
        );
      } finally {
        baseTree.remove();
      }
    }
    const stacks = baseOut
      ? compareStacks(baseOut, headOut)
      : compareStacks(headOut, headOut).map((s) => ({ ...s, change: "no base" as const }));
    const plan = new Set(stacks.filter((s) => planAll.length > 0 || s.change === "added" || s.change === "modified").map((s) => s.stack));
    const config = loadPlatformConfig(path.join(headTree.dir, "environments"));
    // Deploy order of the whole app (a subset alone would lose the dependencies it leaves out).
    const rank = new Map(stacks.map((s, i) => [s.stack, i]));
    const order = (stack: string): number => required(rank.get(stack), `stack ${stack} in the deploy order of ${headOut}`);
    const targets = stackTargets(headOut, config)
      .filter((t) => plan.has(t.stack))
      .sort((a, b) => order(a.stack) - order(b.stack));
    return { base, head, planAll, stacks, matrix: { include: targets } };
  } finally {
    headTree.remove();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The table for people: every stack, its change, and whether the pull request plans it. */
export function renderChanged(result: ChangedResult): string {
  const planned = new Set(result.matrix.include.map((t) => t.stack));
  const table = new Table({ head: ["stack", "synthesized Terraform", "planned"], style: { head: [], border: [], compact: true } });
  for (const s of result.stacks) {
    const why = planned.has(s.stack) ? "yes" : s.stack.startsWith("bootstrap-") || s.change === "removed" ? "no (run by hand)" : "no";
    table.push([s.stack, s.change, why]);
  }
  const header = [`${result.base.slice(0, 12)}..${result.head.slice(0, 12)}: ${planned.size} of ${result.stacks.length} stacks planned`];
  for (const r of result.planAll) header.push(`plans every stack: ${r}`);
  return `${header.join("\n")}\n${table.toString()}\n`;
}
