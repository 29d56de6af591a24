/**
 * `npm run az-failure [-- --out <dir>] [-e <env>...]`: for every production environment (or the
 * named ones), what the loss of each availability zone would take: ClickHouse shards, Keeper
 * quorum, Kafka in-sync replicas, Postgres failover, NAT egress, interface endpoints, node groups.
 * Synthesizes into a temporary folder that is always removed, or reads a cdktf.out with --out;
 * renders the local charts with Helm (.ci/install-helm.sh). Exit 0: every zone's loss survivable;
 * 1: a loss (or synth failed); 2: bad usage or input.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Command } from "commander";
import { parseArgs } from "../lib/cli/parse-args";
import { azFailure, environmentsToCheck, formatReport, lossesOf } from "../lib/az-failure";
import { loadPlatformConfig } from "../lib/config/load";
import type { PlatformConfig } from "../lib/config/model";
import { synthesize } from "../lib/synth-command";

export interface AzFailureIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const USAGE = "usage: npm run az-failure [-- --out <cdktf output folder>] [--environment <name>...]";

/** Runs the command line `args` (without node and script); returns the exit code. */
export function main(
  args: readonly string[],
  io: AzFailureIo,
  config: () => PlatformConfig = () => loadPlatformConfig(),
  helm?: string,
): number {
  const usage = (message: string) => {
    io.stderr(`az-failure: ${message}\n${USAGE}\n`);
    return 2;
  };
  const program = new Command()
    .name("az-failure")
    .description("What each availability zone's loss would take from each production environment.")
    .option("-o, --out <dir>", "read this cdktf output folder instead of synthesizing")
    .option("-e, --environment <name...>", "check these environments (default: every production-tier one)");
  const stop = parseArgs(program, args, io, USAGE);
  if (stop !== undefined) return stop;
  const opts = program.opts<{ out?: string; environment?: string[] }>();
  let environments: string[];
  try {
    environments = environmentsToCheck(config(), opts.environment).map((e) => e.name);
  } catch (err) {
    return usage(err instanceof Error ? err.message : String(err));
  }
  const run = (dir: string): number => {
    try {
      const outcomes = azFailure(dir, config(), { environments, ...(helm ? { helm } : {}) });
      io.stdout(formatReport(outcomes));
      return lossesOf(outcomes).length > 0 ? 1 : 0;
    } catch (err) {
      return usage(err instanceof Error ? err.message : String(err));
    }
  };
  if (opts.out !== undefined) {
    const dir = path.resolve(opts.out);
    if (!fs.existsSync(path.join(dir, "manifest.json")))
      return usage(`--out ${opts.out}: no manifest.json in ${dir}; give the folder \`npm run synth\` writes (cdktf.out)`);
    return run(dir);
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "az-failure-"));
  try {
    const out = path.join(scratch, "cdktf.out");
    // Only the environments checked: their layers read nothing from the account stacks.
    const code = synthesize({ out, table: false, environments, ...io });
    return code === 0 ? run(out) : code;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
}
