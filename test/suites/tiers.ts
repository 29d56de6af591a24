import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

/**
 * The fast tier (`npm run test:fast`): the test files that need neither a real tool nor a build of a
 * whole app. Derived from the source, never from a list of files, so a new test file lands in the
 * right tier by what it does:
 * - a real tool: a file the test loads (itself, a helper, the library code under test, transitively)
 *   imports `child_process` (helm, promtool, git, eslint, PostgreSQL, child synths);
 * - a whole app: a file the test loads calls an entry point that builds or synthesizes every stack of
 *   an environment set (WHOLE_APP).
 * Every other test file is fast. `npm test` runs both tiers; this only picks a subset.
 */

/** Functions that build or synthesize a whole app (test/helpers/synth.ts, lib/app.ts, lib/synth-command.ts, lib/bench). */
export const WHOLE_APP = ["buildStacks", "shippedSynthOut", "sharedBuild", "buildApp", "synthesize", "synthesizeInParallel"];

/**
 * Files that define WHOLE_APP entry points without running them on import: loading them builds
 * nothing (test/helpers/synth.ts is loaded by most construct tests for synthJson()). A call from any
 * other file counts.
 */
const DEFINES_ENTRY_POINTS = new Set(["test/helpers/synth.ts", "lib/synth-command.ts"]);

/**
 * Constructs and stacks describe resources: they load library code for its data (say, the path of
 * the cutover script), never to run it, and none of them imports child_process itself
 * (test/hygiene/test-tiers.test.ts checks). The walk does not follow imports out of them, or every construct test would
 * count as running PostgreSQL.
 */
const DESCRIBE_RESOURCES = /^(constructs|stacks)\//;

const REAL_TOOL = /^(node:)?child_process$/;

export interface TierReason {
  /** Repository-relative file that made the test slow, and why. */
  readonly file: string;
  readonly why: "real tool" | "whole app";
}

/** Resolves a relative import to a .ts/.js file of the repository, or undefined (a package, JSON, a missing file). */
function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.js`, path.join(base, "index.ts")])
    if (/\.(ts|js)$/.test(candidate) && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return undefined;
}

/** Classifies test files by what they load; results are cached per file for one classifier. */
export function tierClassifier(root: string): (testFile: string) => TierReason | undefined {
  const own = new Map<string, { imports: string[]; reason: TierReason | undefined }>();
  const scan = (file: string) => {
    let entry = own.get(file);
    if (entry) return entry;
    const text = fs.readFileSync(file, "utf8");
    const info = ts.preProcessFile(text, true, true);
    const rel = path.relative(root, file);
    const specs = info.importedFiles.map((f) => f.fileName);
    let reason: TierReason | undefined;
    if (specs.some((s) => REAL_TOOL.test(s))) reason = { file: rel, why: "real tool" };
    else if (!DEFINES_ENTRY_POINTS.has(rel) && callsWholeApp(file, text)) reason = { file: rel, why: "whole app" };
    entry = { imports: specs.map((s) => resolveLocal(file, s)).filter((f): f is string => f !== undefined), reason };
    own.set(file, entry);
    return entry;
  };
  return (testFile) => {
    const seen = new Set<string>();
    const queue = [path.resolve(testFile)];
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      if (seen.has(file)) continue;
      seen.add(file);
      const entry = scan(file);
      if (entry.reason) return entry.reason;
      queue.push(...entry.imports.filter((f) => !DESCRIBE_RESOURCES.test(path.relative(root, f))));
    }
    return undefined;
  };
}

/** Whether the file calls one of WHOLE_APP (`buildStacks()`, `helpers.buildStacks<T>()`); definitions, comments and strings are not calls. */
function callsWholeApp(file: string, text: string): boolean {
  if (!WHOLE_APP.some((name) => text.includes(name))) return false; // most files: no parse needed
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const names = new Set(WHOLE_APP);
  const visit = (node: ts.Node): boolean => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (name !== undefined && names.has(name)) return true;
    }
    return ts.forEachChild(node, visit) ?? false;
  };
  return visit(source);
}
