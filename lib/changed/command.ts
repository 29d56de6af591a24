import * as fs from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import { changedStacks, renderChanged } from "./index";
import type { Synthesizer } from "./revision";

export interface ChangedCommandIo {
  readonly repo: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** $GITHUB_OUTPUT, for --github-output. */
  readonly githubOutput?: string;
  readonly synthesize?: Synthesizer;
}

/** `npm run changed` with its arguments (after the program name); returns the exit status. */
export function runChangedCommand(argv: readonly string[], io: ChangedCommandIo): number {
  const program = new Command()
    .name("changed")
    .description("List the stacks whose synthesized Terraform differs between two revisions, in deploy order.")
    .requiredOption("--base <ref>", "base revision (a pull request's base commit)")
    .option("--head <ref>", "head revision", "HEAD")
    .option("--base-out <dir>", "synth output of the base, instead of synthesizing it")
    .option("--head-out <dir>", "synth output of the head, instead of synthesizing it")
    .option("--json", "print the plan matrix as JSON")
    .option("--github-output", "append `matrix=` and `count=` lines to $GITHUB_OUTPUT and print the table")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  try {
    program.parse([...argv], { from: "user" });
  } catch (err) {
    return (err as { exitCode?: number }).exitCode ?? 1;
  }
  const opts = program.opts<{ base: string; head: string; baseOut?: string; headOut?: string; json?: boolean; githubOutput?: boolean }>();
  try {
    const githubOutput = opts.githubOutput ? io.githubOutput : undefined;
    if (opts.githubOutput && !githubOutput) throw new Error("--github-output: GITHUB_OUTPUT is not set");
    const result = changedStacks({
      repo: io.repo,
      base: opts.base,
      head: opts.head,
      ...(opts.baseOut ? { baseOut: path.resolve(opts.baseOut) } : {}),
      ...(opts.headOut ? { headOut: path.resolve(opts.headOut) } : {}),
      ...(io.synthesize ? { synthesize: io.synthesize } : {}),
    });
    const json = JSON.stringify(result.matrix);
    if (githubOutput) fs.appendFileSync(githubOutput, `matrix=${json}\ncount=${result.matrix.include.length}\n`);
    io.stdout(opts.json ? `${json}\n` : renderChanged(result));
    return 0;
  } catch (err) {
    io.stderr(`changed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
