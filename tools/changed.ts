/**
 * `npm run changed -- --base <ref> --head <ref> [--json | --github-output]`: the stacks a pull
 * request plans. Synthesizes both revisions (or reads --base-out/--head-out) and prints the stacks
 * whose synthesized Terraform differs, in deploy order: a table for people, the plan matrix
 * (`{"include":[...]}`, tools/ci-matrix.ts entries) with --json. A change to the Terraform version,
 * cdktf.json, the pinned providers or the CI itself plans every stack.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import { changedStacks, renderChanged } from "../lib/changed";
import { repoRoot } from "../lib/paths";

const opts = new Command()
  .name("changed")
  .description("List the stacks whose synthesized Terraform differs between two revisions, in deploy order.")
  .requiredOption("--base <ref>", "base revision (a pull request's base commit)")
  .option("--head <ref>", "head revision", "HEAD")
  .option("--base-out <dir>", "synth output of the base, instead of synthesizing it")
  .option("--head-out <dir>", "synth output of the head, instead of synthesizing it")
  .option("--json", "print the plan matrix as JSON")
  .option("--github-output", "append `matrix=` and `count=` lines to $GITHUB_OUTPUT and print the table")
  .parse()
  .opts<{ base: string; head: string; baseOut?: string; headOut?: string; json?: boolean; githubOutput?: boolean }>();

try {
  const result = changedStacks({
    repo: repoRoot(),
    base: opts.base,
    head: opts.head,
    ...(opts.baseOut ? { baseOut: path.resolve(opts.baseOut) } : {}),
    ...(opts.headOut ? { headOut: path.resolve(opts.headOut) } : {}),
  });
  const json = JSON.stringify(result.matrix);
  if (opts.githubOutput) {
    const file = process.env.GITHUB_OUTPUT;
    if (!file) throw new Error("--github-output: GITHUB_OUTPUT is not set");
    fs.appendFileSync(file, `matrix=${json}\ncount=${result.matrix.include.length}\n`);
  }
  process.stdout.write(opts.json ? `${json}\n` : renderChanged(result));
} catch (err) {
  process.stderr.write(`changed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
