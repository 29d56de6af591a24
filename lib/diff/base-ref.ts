import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * Synthesizes a git revision of this repository into a scratch folder and returns the output
 * folder: a detached worktree of `ref`, sharing this checkout's node_modules, removed afterwards.
 * Lets `npm run diff -- --base-ref main` answer "what does my branch change" in one command.
 */
export function synthesizeRevision(repoRoot: string, ref: string): string {
  const git = (...args: string[]) => execFileSync("git", ["-C", repoRoot, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  try {
    git("rev-parse", "--verify", `${ref}^{commit}`);
  } catch {
    throw new Error(`--base-ref: ${ref} is not a commit of this repository`);
  }
  // Created only once the ref is known good; the caller removes it (removeRevision) after the diff.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "diff-base-"));
  const tree = path.join(scratch, "tree");
  const out = path.join(scratch, "cdktf.out");
  git("worktree", "add", "--detach", tree, ref);
  try {
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(tree, "node_modules"), "dir");
    execFileSync("npm", ["run", "--silent", "synth", "--", "--out", out, "--no-table"], {
      cwd: tree,
      stdio: ["ignore", "ignore", "inherit"],
    });
  } catch {
    git("worktree", "remove", "--force", tree);
    fs.rmSync(scratch, { recursive: true, force: true });
    throw new Error(`--base-ref: ${ref} did not synthesize (see above)`);
  }
  git("worktree", "remove", "--force", tree);
  return out;
}

/** Removes the scratch folder synthesizeRevision made for an output folder it returned. */
export function removeRevision(out: string): void {
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
}
