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
import { Command, CommanderError } from "commander";
import { loadPlatformConfig } from "../lib/config/load";
import { CONSTRAINTS, preflightOutput, report } from "../lib/preflight";
import { synthesize } from "../lib/synth-command";

function usage(message: string): never {
  process.stderr.write(`preflight: ${message}\nusage: npm run preflight [-- --out <cdktf output folder>] [--constraints]\n`);
  process.exit(2);
}

function main(): number {
  const program = new Command()
    .name("preflight")
    .description("Walk the deploy order from an empty account and report preconditions that would not hold.")
    .option("-o, --out <dir>", "read this cdktf output folder instead of synthesizing")
    .option("--constraints", "list the constraint table and exit")
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
  try {
    program.parse();
  } catch (err) {
    if (err instanceof CommanderError && (err.code === "commander.helpDisplayed" || err.code === "commander.version")) return 0;
    usage(err instanceof Error ? err.message : String(err));
  }
  const opts = program.opts<{ out?: string; constraints?: boolean }>();
  if (program.args.length > 0) usage(`unexpected argument(s): ${program.args.join(" ")}`);
  if (opts.constraints) {
    for (const c of CONSTRAINTS) process.stdout.write(`${c.id}${c.row ? ` (deploy-constraints row ${c.row})` : ""}\n\tenforces: ${c.enforces}\n\tbreaks: ${c.breaks}\n\tsource: ${c.source}\n`);
    return 0;
  }
  const config = loadPlatformConfig();
  if (opts.out !== undefined) {
    const dir = path.resolve(opts.out);
    if (!fs.existsSync(path.join(dir, "manifest.json"))) usage(`--out ${opts.out}: no manifest.json in ${dir}; give the folder \`npm run synth\` writes (cdktf.out)`);
    return run(dir, config);
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-"));
  try {
    const out = path.join(scratch, "cdktf.out");
    const code = synthesize({ out, table: false, stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
    return code === 0 ? run(out, config) : code;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function run(dir: string, config: ReturnType<typeof loadPlatformConfig>): number {
  const result = preflightOutput(dir, config);
  process.stdout.write(report(result));
  return result.findings.length > 0 ? 1 : 0;
}

process.exitCode = main();
