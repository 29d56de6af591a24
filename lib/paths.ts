import * as fs from "node:fs";
import * as path from "node:path";

let cached: string | undefined;

/** The repository root (the folder holding package.json), whether running from source or dist/. */
export function repoRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${__dirname}`);
    dir = parent;
  }
  cached = dir;
  return dir;
}

/** The repository's charts/ folder: local charts and add-on values. */
export function chartsDir(): string {
  return path.join(repoRoot(), "charts");
}

/** Folder of one chart (or add-on values) under charts/. */
export function chartDir(name: string): string {
  return path.join(chartsDir(), name);
}
