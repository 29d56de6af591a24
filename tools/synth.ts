/**
 * `npm run synth`: validate the environment files and synthesize every stack into cdktf.out/,
 * printing stack, environment and resource count. A failure leaves the previous output untouched
 * and exits 1 with one line per problem.
 */
import * as path from "node:path";
import { Command } from "commander";
import { repoRoot } from "../lib/paths";
import { synthesize } from "../lib/synth-command";

const opts = new Command()
  .name("synth")
  .description("Synthesize every stack into a cdktf output folder.")
  .option("-o, --out <dir>", "output folder", "cdktf.out")
  .option("-e, --environments <names>", "comma-separated environment names (default: all)")
  .option("--no-table", "print no table")
  .parse()
  .opts<{ out: string; environments?: string; table: boolean }>();

process.exitCode = synthesize({
  out: path.resolve(repoRoot(), opts.out),
  ...(opts.environments ? { environments: opts.environments.split(",").map((s) => s.trim()) } : {}),
  table: opts.table,
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
});
