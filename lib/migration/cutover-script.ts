import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../paths";

/**
 * The cutover script the restore host runs (shipped in its user data) and the runbook calls,
 * read from the source tree also when running from dist/.
 */
export const CUTOVER_SCRIPT = path.join(repoRoot(), "constructs", "data", "assets", "heroku-cutover.sh");

export const CUTOVER_STEPS = ["preflight", "freeze", "dump", "restore", "sequences", "grants", "analyze", "verify"] as const;
export type CutoverStep = (typeof CUTOVER_STEPS)[number];

export interface CutoverEnvironment {
  readonly sourceUrl: string;
  readonly targetUrl: string;
  readonly appRole: string;
  readonly dumpDir: string;
  readonly jobs: number;
  readonly pgBinDir: string;
}

export interface CutoverRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Seconds per finished step, from the script's `==> <step> done in <s> s` lines. */
  readonly seconds: Readonly<Record<string, number>>;
}

/** Runs one subcommand of the script (or `all`) and collects its output and step durations. */
export function runCutover(subcommand: CutoverStep | "all" | "unfreeze", env: CutoverEnvironment): CutoverRun {
  const result = spawnSync("bash", [CUTOVER_SCRIPT, subcommand], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: {
      PATH: process.env["PATH"] ?? "/usr/bin:/bin",
      // Where verify's work files go (mktemp), so a test can see that none stay behind.
      TMPDIR: os.tmpdir(),
      LANG: "C.UTF-8",
      SOURCE_URL: env.sourceUrl,
      TARGET_URL: env.targetUrl,
      APP_ROLE: env.appRole,
      DUMP_DIR: env.dumpDir,
      JOBS: String(env.jobs),
      PG_BINDIR: env.pgBinDir,
    },
  });
  const seconds: Record<string, number> = {};
  for (const [, step, time] of result.stdout.matchAll(/^==> (\w+) done in ([\d.]+) s$/gm))
    if (step !== undefined) seconds[step] = Number(time);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, seconds };
}
