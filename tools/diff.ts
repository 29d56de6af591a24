/**
 * `npm run diff -- --base <cdktf.out> --head <cdktf.out>`: compares two synth outputs offline, per
 * stack and attribute, and exits 2 when a stateful resource (database, Kafka, cluster, node group,
 * bucket, key, secret) would be destroyed or replaced, unless --allow-destroy.
 */
import * as path from "node:path";
import { Command, Option } from "commander";
import { runDiff } from "../lib/diff";
import type { DiffFormat } from "../lib/diff/render";

const opts = new Command()
  .name("diff")
  .description("Compare two cdktf output folders and guard against destroying stateful resources.")
  .requiredOption("--base <dir>", "synth output of the base (for example main)")
  .requiredOption("--head <dir>", "synth output of the change")
  .option("--allow-destroy", "report destroyed or replaced stateful resources without failing", false)
  .option("--stack <names>", "comma-separated stack names (default: all)")
  .addOption(new Option("--format <format>", "output format").choices(["text", "markdown"]).default("text"))
  .parse()
  .opts<{ base: string; head: string; allowDestroy: boolean; stack?: string; format: DiffFormat }>();

process.exitCode = runDiff({
  base: path.resolve(opts.base),
  head: path.resolve(opts.head),
  allowDestroy: opts.allowDestroy,
  format: opts.format,
  ...(opts.stack ? { stacks: opts.stack.split(",").map((s) => s.trim()) } : {}),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
});
