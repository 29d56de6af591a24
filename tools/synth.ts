/**
 * `npm run synth [-- --env eu] [-- --stack eu-data]`: validate the environment files and synthesize
 * every stack into cdktf.out/, printing stack, environment and resource count. A failure leaves the
 * previous output untouched and exits 1 with one line per problem.
 *
 * `--env <names>` and `--stack <names>` (comma-separated, combinable) rewrite only those stacks'
 * folders and their manifest.json entries; every other stack's folder stays as it was. An unknown
 * name exits 2 and lists the allowed ones. `--environments` (older) replaces the whole folder with
 * the organization stack plus the named environments.
 */
import * as path from "node:path";
import { Command } from "commander";
import { parseArgs } from "../lib/cli/parse-args";
import { repoRoot } from "../lib/paths";
import { synthesize } from "../lib/synth-command";

const io = { stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t) };
const list = (v: string) => v.split(",").map((s) => s.trim());
const program = new Command()
  .name("synth")
  .description("Synthesize every stack (or the selected ones) into a cdktf output folder.")
  .option("-o, --out <dir>", "output folder", "cdktf.out")
  .option("--env <names>", "only these environments' stacks (comma-separated); other stacks' folders are kept", list)
  .option("--stack <names>", "only these stacks (comma-separated); other stacks' folders are kept", list)
  .option("-e, --environments <names>", "replace the whole output with the organization stack and these environments", list)
  .option("--no-table", "print no table");
const usage = "usage: npm run synth -- [--out <dir>] [--env <names>] [--stack <names>] [--environments <names>] [--no-table]";

const parsed = parseArgs(program, process.argv.slice(2), io, usage);
if (parsed !== undefined) process.exitCode = parsed;
else {
  const opts = program.opts<{ out: string; env?: string[]; stack?: string[]; environments?: string[]; table: boolean }>();
  process.exitCode = synthesize({
    out: path.resolve(repoRoot(), opts.out),
    ...(opts.environments ? { environments: opts.environments } : {}),
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.stack ? { stacks: opts.stack } : {}),
    table: opts.table,
    ...io,
  });
}
