import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Synthesizer } from "../../lib/changed";
import type { synthesize as Synthesize } from "../../lib/synth-command";

/** Environment files: the only files a revision may change and still share this checkout's code. */
const isEnvironmentFile = (rel: string) => /^environments\/[^/]+\.ya?ml$/.test(rel);

/** Hash of the given files of a folder (paths relative to it, `/`-separated), names and contents. */
export function filesHash(dir: string, files: readonly string[]): string {
  const hash = createHash("sha256");
  for (const f of [...files].sort())
    hash
      .update(`${f}\0`)
      .update(fs.readFileSync(path.join(dir, f)))
      .update("\0");
  return hash.digest("hex");
}

/** Every file under `dir` (relative, `/`-separated), not following node_modules. */
export function filesUnder(dir: string): string[] {
  const walk = (rel: string): string[] =>
    fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
      if (e.name === "node_modules") return [];
      const child = rel ? `${rel}/${e.name}` : e.name;
      return e.isDirectory() ? walk(child) : [child];
    });
  return walk("");
}

export interface RevisionSynth {
  /** Synthesizes a checked-out revision, at most once per distinct content. */
  readonly synthesize: Synthesizer;
  /** How many synths actually ran, and by whose code (for the test proving the sharing is sound). */
  readonly counts: { own: number; fresh: number; reused: number };
}

/**
 * The in-process synthesizer of the `npm run changed` tests, made cheaper without changing what a
 * revision synthesizes to:
 * - a revision whose files (all of them) were synthesized before gets a copy of that output;
 * - a revision whose code (every file but the environment files) is byte for byte this checkout's
 *   runs this checkout's already loaded lib/synth-command.ts on its own environments folder
 *   (the code reads its charts, policies and tables through repoRoot(), identical by the hash);
 * - any other revision loads its own lib/synth-command.ts from its folder (fresh modules).
 *
 * `ownFiles` are this checkout's files that the scratch revisions are made from (paths relative to
 * `ownRoot`); outputs are kept under `scratch`, which the caller removes.
 */
export function revisionSynth(ownRoot: string, ownFiles: readonly string[], scratch: string): RevisionSynth {
  const ownCode = filesHash(
    ownRoot,
    ownFiles.filter((f) => !isEnvironmentFile(f)),
  );
  const outputs = new Map<string, string>();
  const counts = { own: 0, fresh: 0, reused: 0 };
  const synthesize: Synthesizer = (tree, out) => {
    const files = filesUnder(tree);
    const whole = filesHash(tree, files);
    const done = outputs.get(whole);
    if (done) {
      counts.reused++;
      fs.cpSync(done, out, { recursive: true });
      return;
    }
    const sameCode =
      filesHash(
        tree,
        files.filter((f) => !isEnvironmentFile(f)),
      ) === ownCode;
    const from = sameCode ? ownRoot : tree;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { synthesize: run } = require(path.join(from, "lib", "synth-command")) as { synthesize: typeof Synthesize };
    if (sameCode) counts.own++;
    else counts.fresh++;
    const errors: string[] = [];
    const code = run({
      out,
      environmentsDir: path.join(tree, "environments"),
      table: false,
      stdout: () => undefined,
      stderr: (t) => errors.push(t),
    });
    if (code !== 0) throw new Error(errors.join(""));
    const kept = path.join(scratch, `synth-${outputs.size}`);
    fs.cpSync(out, kept, { recursive: true });
    outputs.set(whole, kept);
  };
  return { synthesize, counts };
}
