import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { repoRoot } from "../../lib/paths";

/** One message ESLint reports, with its rule and line. */
export interface LintMessage {
  readonly ruleId: string;
  readonly line: number;
  readonly message: string;
}

interface Probe {
  readonly code: string;
  readonly filename: string;
  messages?: LintMessage[];
  /** Why the batch holding this probe failed: every later read throws it again. */
  error?: unknown;
}

/**
 * Probes declared so far and not yet linted. Test files declare their probes when they load and read
 * the messages in their tests, so the probes of every file of a suite (test/suites/) are linted by one
 * ESLint process, which pays ESLint's and typescript-eslint's loading once instead of once per probe
 * (docs/performance.md, "ESLint probes").
 */
const pending: Probe[] = [];
let batches = 0;

// ESLint runs in a child process: its flat config is an ES module, which jest's CommonJS runtime
// cannot import. The child lints each probe as the file it names (ESLint's lintText with filePath,
// what `eslint --stdin --stdin-filename` does) and prints the messages as JSON.
const LINT_ALL = `
const { ESLint } = require(process.argv[1]);
let input = "";
process.stdin.on("data", (d) => (input += d)).on("end", async () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = [];
  for (const p of JSON.parse(input)) {
    const [result] = await eslint.lintText(p.code, { filePath: p.filename });
    out.push(result.messages.map(({ ruleId, line, message }) => ({ ruleId, line, message })));
  }
  process.stdout.write(JSON.stringify(out));
});`;

function lintPending(): void {
  const batch = pending.splice(0);
  try {
    lintBatch(batch);
  } catch (error) {
    for (const p of batch) p.error = error;
    throw error;
  }
}

function lintBatch(batch: Probe[]): void {
  const root = repoRoot();
  const run = spawnSync(process.execPath, ["-e", LINT_ALL, path.join(root, "node_modules", "eslint")], {
    cwd: root,
    input: JSON.stringify(batch.map((p) => ({ code: p.code, filename: path.join(root, p.filename) }))),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0 || !run.stdout) throw new Error(`eslint produced no report (exit ${run.status}): ${run.stderr}`);
  const results = JSON.parse(run.stdout) as LintMessage[][];
  batch.forEach((p, i) => (p.messages = results[i] ?? []));
  batches++;
}

/**
 * Declares `code`, linted as if it were the file `filename` (relative to the repository root), and
 * returns a function giving every message ESLint reports for it. Declare at load time, call in a
 * test: the first call lints every probe declared until then, in one process.
 */
export function lintProbe(code: string, filename: string): () => LintMessage[] {
  const probe: Probe = { code, filename };
  pending.push(probe);
  return () => {
    if (probe.error === undefined && !probe.messages) lintPending();
    if (probe.error !== undefined) throw probe.error;
    return probe.messages ?? [];
  };
}

/** How many ESLint processes the probes have needed so far in this module registry. */
export const lintBatches = (): number => batches;

/** The no-restricted-imports messages of a probe, with their lines. */
export function restrictedImports(messages: readonly LintMessage[]): { line: number; message: string }[] {
  return messages.filter((m) => m.ruleId === "no-restricted-imports").map(({ line, message }) => ({ line, message }));
}
