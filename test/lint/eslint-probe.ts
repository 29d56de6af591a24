import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { repoRoot } from "../../lib/paths";

/**
 * Lints `code` as if it were the file `filename` (relative to the repository root) and returns the
 * no-restricted-imports messages with their lines. ESLint runs as a child process (its flat config
 * is an ES module, which jest's CommonJS runtime cannot import).
 */
export function restrictedImports(code: string, filename: string): { line: number; message: string }[] {
  return lintMessages(code, filename)
    .filter((m) => m.ruleId === "no-restricted-imports")
    .map(({ line, message }) => ({ line, message }));
}

/** Every message ESLint reports for `code` linted as the file `filename`, with its rule and line. */
export function lintMessages(code: string, filename: string): { ruleId: string; line: number; message: string }[] {
  const eslint = path.join(repoRoot(), "node_modules", "eslint", "bin", "eslint.js");
  const run = spawnSync(process.execPath, [eslint, "--format", "json", "--stdin", "--stdin-filename", filename], {
    cwd: repoRoot(),
    input: code,
    encoding: "utf8",
  });
  if (!run.stdout) throw new Error(`eslint produced no report: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; message: string; line: number }[] }[];
  return result!.messages;
}
