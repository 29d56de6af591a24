import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Runs git in a repository and returns its standard output. */
export function git(repo: string, ...args: string[]): string {
  return execFileSync("git", ["-C", repo, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
}

/** The full commit id of a ref, or a clear error naming the option it came from. */
export function resolveCommit(repo: string, ref: string, option: string): string {
  try {
    return git(repo, "rev-parse", "--verify", "--quiet", `${ref}^{commit}`).trim();
  } catch {
    throw new Error(`${option}: ${ref} is not a commit of ${repo}`);
  }
}

/**
 * The files of one commit in a scratch folder (`git archive`: leaves the repository's worktrees and
 * index alone), sharing the repository's node_modules. Call `remove()` when done.
 */
export function checkoutRevision(repo: string, commit: string): { dir: string; remove: () => void } {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "changed-rev-"));
  const dir = path.join(scratch, "tree");
  fs.mkdirSync(dir);
  const archive = path.join(scratch, "rev.tar");
  git(repo, "archive", "--format=tar", `--output=${archive}`, commit);
  execFileSync("tar", ["-xf", archive, "-C", dir]);
  fs.rmSync(archive);
  const modules = path.join(repo, "node_modules");
  if (fs.existsSync(modules) && !fs.existsSync(path.join(dir, "node_modules")))
    fs.symlinkSync(fs.realpathSync(modules), path.join(dir, "node_modules"), "dir");
  return { dir, remove: () => fs.rmSync(scratch, { recursive: true, force: true }) };
}

/** Synthesizes the checkout in `tree` into `out`; throws when it does not synthesize. */
export type Synthesizer = (tree: string, out: string) => void;

/**
 * The synthesizer of `npm run changed`: the revision's own `npm run synth` (its own code and
 * environment files, this checkout's node_modules). Tests synthesize in process instead.
 */
export const npmSynth: Synthesizer = (tree, out) => {
  execFileSync("npm", ["run", "--silent", "synth", "--", "--out", out, "--no-table"], {
    cwd: tree,
    stdio: ["ignore", "ignore", "inherit"],
  });
};
