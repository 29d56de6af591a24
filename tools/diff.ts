/**
 * `npm run diff -- --base <cdktf.out> --head <cdktf.out>` (or `--base-ref main`, which synthesizes
 * that revision first; --head defaults to cdktf.out): compares two synth outputs offline, per
 * stack and attribute. Replace versus update comes from the generated force-new table (the
 * providers' own schemas, lib/diff/force-new.generated.json); exits 2 when a resource whose loss is
 * destructive (lib/diff/destructive.ts: VPC, subnets, EKS cluster, ClickHouse node groups, RDS, MSK,
 * buckets, KMS keys, secrets, audit-trail log groups, the ClickHouse release) would be destroyed or
 * replaced, unless --allow-destroy. See docs/diff.md.
 */
import * as path from "node:path";
import { Command, Option } from "commander";
import { runDiff } from "../lib/diff";
import { removeRevision, synthesizeRevision } from "../lib/diff/base-ref";
import { repoRoot } from "../lib/paths";
import type { DiffFormat } from "../lib/diff/render";

const opts = new Command()
  .name("diff")
  .description("Compare two cdktf output folders and guard against destroying or replacing resources that hold data.")
  .option("--base <dir>", "synth output of the base (for example main)")
  .option("--base-ref <git-ref>", "synthesize this revision as the base instead (for example main)")
  .option("--head <dir>", "synth output of the change", "cdktf.out")
  .option("--allow-destroy", "report destroyed or replaced stateful resources without failing", false)
  .option("--stack <names>", "comma-separated stack names (default: all)")
  .addOption(new Option("--format <format>", "output format").choices(["text", "markdown"]).default("text"))
  .parse()
  .opts<{ base?: string; baseRef?: string; head: string; allowDestroy: boolean; stack?: string; format: DiffFormat }>();

function baseFolder(): string | undefined {
  if (opts.base && opts.baseRef) process.stderr.write("diff: give --base or --base-ref, not both\n");
  else if (opts.base) return path.resolve(opts.base);
  else if (opts.baseRef) return synthesizeRevision(repoRoot(), opts.baseRef);
  else process.stderr.write("diff: --base <cdktf.out> or --base-ref <git ref> is required\n");
  return undefined;
}

const base = baseFolder();
process.exitCode =
  base === undefined
    ? 1
    : runDiff({
        base,
        head: path.resolve(opts.head),
        allowDestroy: opts.allowDestroy,
        format: opts.format,
        ...(opts.stack ? { stacks: opts.stack.split(",").map((s) => s.trim()) } : {}),
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
      });
if (base !== undefined && opts.baseRef) removeRevision(base);
