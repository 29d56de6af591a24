import * as fs from "node:fs";
import * as path from "node:path";

const testRoot = path.resolve(__dirname, "..");

/** Every `*.test.ts` under the given folders (or the given files) of test/, sorted. */
export function testFilesUnder(entries: readonly string[]): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === "__snapshots__" ? [] : walk(full);
      return e.name.endsWith(".test.ts") ? [full] : [];
    });
  return entries.flatMap((e) => (e.endsWith(".test.ts") ? [path.join(testRoot, e)] : walk(path.join(testRoot, e)))).sort();
}

/**
 * Loads the test files of some folders into this suite. Jest pays about two seconds per test
 * file to load cdktf and the provider bindings into a fresh module registry; a suite pays it once
 * for all its files. The files stay where they are (mirroring the source tree) and still run on
 * their own: `npx jest test/constructs/data/postgres-instance.test.ts`.
 */
export function includeTests(dirs: readonly string[]): void {
  includeFiles(testFilesUnder(dirs));
}

/** Loads the given test files into this suite (includeTests, for a list the caller picked). */
export function includeFiles(files: readonly string[]): void {
  for (const file of files)
    loadTestFile(
      file,
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (f) => require(f),
      (name, fail) => describe(name, () => test("loads", fail)),
    );
}

/**
 * Loads one test file into the suite. A file that throws while loading (say, the shipped build fails
 * because an environment file is invalid) becomes one failing test named after it, carrying the
 * error; the suite's other files still run and report, instead of the whole suite reporting 0 tests.
 */
export function loadTestFile(file: string, load: (file: string) => void, fail: (name: string, rethrow: () => never) => void): void {
  try {
    load(file);
  } catch (error) {
    fail(path.relative(testRoot, file), () => {
      throw error;
    });
  }
}

/**
 * Folders (or files) whose tests run in each suite. Each suite is a jest test file with its own
 * module registry, and each that uses the shipped stacks builds and synthesizes them once (about 9
 * CPU-seconds with the module loading, measured 2026-12-07: docs/performance.md, "npm test"), so
 * suites are few; enough for two workers to finish together (test/suites/sequencer.js starts the longest first).
 * test/snapshots/ runs on its own: a snapshot belongs to the file that declares it.
 */
export const SUITES: Readonly<Record<string, readonly string[]>> = {
  constructs: ["constructs", "config", "catalog", "lint"],
  // Every stack test: one shipped build for all of them (they were two suites, two builds).
  stacks: ["stacks", "schema"],
  policy: ["policy", "runbooks", "charts", "prometheus", "iam", "dashboards"],
  tools: ["cost", "sizing", "diff", "diagram", "bench", "preflight", "hygiene", "az-failure", "docs", "synth", "lib"],
  // CI: scratch repositories synthesized (npm run changed), HCL output parsed back: its own worker.
  ci: ["ci"],
  // Real PostgreSQL clusters (initdb, pg_dump, pg_restore): the Heroku cutover rehearsal.
  migration: ["migration"],
};
