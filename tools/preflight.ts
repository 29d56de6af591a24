/**
 * `npm run preflight [-- --out <dir>]`: walks the documented deploy order from an empty account
 * (bootstrap-<account>, organization, then each environment's layers) and checks every resource's
 * preconditions when its turn comes: principals exist, remote state is written earlier, private
 * endpoints are reachable, known AWS constraints hold (lib/preflight/constraints.ts). Synthesizes
 * into a temporary folder that is always removed, or reads an existing cdktf.out with --out.
 * Exit 0: no findings; 1: findings (or synth failed); 2: bad usage.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Command } from "commander";
import { parseArgs } from "../lib/cli/parse-args";
import { loadPlatformConfig } from "../lib/config/load";
import type { PlatformConfig } from "../lib/config/model";
import { CONSTRAINTS, preflightOutput, report } from "../lib/preflight";
import { synthesize } from "../lib/synth-command";

export interface PreflightIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const USAGE = "usage: npm run preflight [-- --out <cdktf output folder>] [--constraints]";

/** Runs the command line `args` (without node and script); returns the exit code. */
export function main(args: readonly string[], io: PreflightIo, config: () => PlatformConfig = () => loadPlatformConfig()): number {
  const usage = (message: string) => {
    io.stderr(`preflight: ${message}\n${USAGE}\n`);
    return 2;
  };
  const program = new Command()
    .name("preflight")
    .description("Walk the deploy order from an empty account and report preconditions that would not hold.")
    .option("-o, --out <dir>", "read this cdktf output folder instead of synthesizing")
    .option("--constraints", "list the constraint table and exit");
  const stop = parseArgs(program, args, io, USAGE);
  if (stop !== undefined) return stop;
  const opts = program.opts<{ out?: string; constraints?: boolean }>();
  if (opts.constraints) {
    for (const c of CONSTRAINTS)
      io.stdout(
        `${c.id}${c.row ? ` (deploy-constraints row ${c.row})` : ""}\n\tenforces: ${c.enforces}\n\tbreaks: ${c.breaks}\n\tsource: ${c.source}\n`,
      );
    return 0;
  }
  if (opts.out !== undefined) {
    const dir = path.resolve(opts.out);
    if (!fs.existsSync(path.join(dir, "manifest.json")))
      return usage(`--out ${opts.out}: no manifest.json in ${dir}; give the folder \`npm run synth\` writes (cdktf.out)`);
    return run(dir, config(), io);
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-"));
  try {
    const out = path.join(scratch, "cdktf.out");
    const code = synthesize({ out, table: false, ...io });
    return code === 0 ? run(out, config(), io) : code;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function run(dir: string, config: PlatformConfig, io: PreflightIo): number {
  const result = preflightOutput(dir, config);
  io.stdout(report(result));
  return result.findings.length > 0 ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
}
