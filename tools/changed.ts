/**
 * `npm run changed -- --base <ref> --head <ref> [--json | --github-output]`: the stacks a pull
 * request plans. Synthesizes both revisions (or reads --base-out/--head-out) and prints the stacks
 * whose synthesized Terraform differs, in deploy order: a table for people, the plan matrix
 * (`{"include":[...]}`, tools/ci-matrix.ts entries) with --json. A change to the Terraform version,
 * cdktf.json, the pinned providers or the CI itself plans every stack (lib/changed/).
 */
import { runChangedCommand } from "../lib/changed/command";
import { repoRoot } from "../lib/paths";

process.exitCode = runChangedCommand(process.argv.slice(2), {
  repo: repoRoot(),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  ...(process.env.GITHUB_OUTPUT ? { githubOutput: process.env.GITHUB_OUTPUT } : {}),
});
