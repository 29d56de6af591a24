import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { repoRoot } from "../../lib/paths";

/** The no-restricted-syntax messages ESLint gives `code` linted as the file `filename` (child process: the flat config is ESM). */
function partitionMessages(code: string, filename: string): number[] {
  const eslint = path.join(repoRoot(), "node_modules", "eslint", "bin", "eslint.js");
  const run = spawnSync(process.execPath, [eslint, "--format", "json", "--stdin", "--stdin-filename", filename], {
    cwd: repoRoot(),
    input: code,
    encoding: "utf8",
  });
  if (!run.stdout) throw new Error(`eslint produced no report: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; line: number }[] }[];
  return result!.messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.line);
}

describe("no literal partition in ARNs or endpoints (eslint no-restricted-syntax)", () => {
  // One probe per line; the flagged lines are the hard-coded ones. The strings are source code for ESLint.
  /* eslint-disable no-template-curly-in-string */
  const probe = [
    'export const a = "arn:aws:iam::aws:policy/ReadOnlyAccess";',
    "export const b = (id: string) => `arn:aws:iam::${id}:root`;",
    "export const c = (region: string) => `secretsmanager.${region}.amazonaws.com`;",
    'export const d = "cloudtrail.amazonaws.com";',
    'export const e = "arn:aws-us-gov:iam::aws:policy/X".length + "arn:${partition}".length;',
    "export const f = (p: string) => `arn:${p}:s3:::bucket`;",
  ].join("\n");
  /* eslint-enable no-template-curly-in-string */

  test.each(["constructs/data/probe.ts", "stacks/probe.ts", "lib/config/probe.ts"])(
    "%s: a literal arn:aws: or <service>.<region>.amazonaws.com fails; service principals and partition-built ARNs pass",
    (file) => {
      expect(partitionMessages(probe, file)).toEqual([1, 2, 3]);
    },
  );
});
