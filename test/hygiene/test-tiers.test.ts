import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import { repoRoot } from "../../lib/paths";
import { fastTestFiles } from "../suites/fast-tier";
import { SUITES, testFilesUnder } from "../suites/include";
import { tierClassifier } from "../suites/tiers";

/**
 * The fast tier (`npm run test:fast`, test/suites/tiers.ts) leaves out every test that runs a real
 * tool or builds a whole app, found through what each test loads. A scratch tree holds one file per
 * case, so each rule is shown catching its kind of file and passing the others.
 */
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "test-tiers-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const tree: Record<string, string> = {
  "lib/tool.ts": 'import { spawnSync } from "node:child_process";\nexport const run = () => spawnSync("helm");\nexport const NAME = "x";\n',
  "lib/uses-app.ts": 'import { buildApp } from "./app";\nexport const all = () => buildApp({});\n',
  "lib/app.ts": "export function buildApp(config: object) {\n  return config;\n}\n",
  "lib/pure.ts": "export const twice = (n: number) => 2 * n;\n",
  "constructs/thing.ts": 'import { NAME } from "../lib/tool";\nexport const thing = NAME;\n',
  "test/helpers/synth.ts":
    'import { buildApp } from "../../lib/app";\nexport function buildStacks() {\n  return buildApp({});\n}\nexport const synthJson = (x: unknown) => x;\n',
  "test/helpers/runs-tool.ts": 'export { run } from "../../lib/tool";\n',
  "test/tool.test.ts": 'import { run } from "./helpers/runs-tool";\ntest("t", () => run());\n',
  "test/whole.test.ts": 'import { buildStacks } from "./helpers/synth";\ntest("t", () => buildStacks());\n',
  "test/generic.test.ts": 'import { buildStacks } from "./helpers/synth";\ntest("t", () => buildStacks<object>());\n',
  "test/indirect.test.ts": 'import { all } from "../lib/uses-app";\ntest("t", () => all());\n',
  "test/unit.test.ts":
    'import { synthJson } from "./helpers/synth";\nimport { twice } from "../lib/pure";\n// not buildStacks() here: synthJson(new Stack()) only\ntest("t", () => synthJson(twice(1)) && "buildApp(x)");\n',
  "test/construct.test.ts": 'import { thing } from "../constructs/thing";\ntest("t", () => thing);\n',
  "test/defines.test.ts": "function synthesize(n: number) {\n  return n;\n}\nexport const s = synthesize;\n",
};
for (const [file, text] of Object.entries(tree)) {
  fs.mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
  fs.writeFileSync(path.join(scratch, file), text);
}
const classify = tierClassifier(scratch);
const reason = (file: string) => classify(path.join(scratch, file));

describe("test tiers", () => {
  test("a test that reaches child_process through a helper and a library module runs a real tool", () => {
    expect(reason("test/tool.test.ts")).toEqual({ file: "lib/tool.ts", why: "real tool" });
  });

  test("a test that calls a whole-app entry point, directly, with type arguments or through library code, builds a whole app", () => {
    expect(reason("test/whole.test.ts")).toEqual({ file: "test/whole.test.ts", why: "whole app" });
    expect(reason("test/generic.test.ts")).toEqual({ file: "test/generic.test.ts", why: "whole app" });
    expect(reason("test/indirect.test.ts")).toEqual({ file: "lib/uses-app.ts", why: "whole app" });
  });

  test("loading the helper that defines the entry points, naming one in a comment or a string, or defining a function of that name is fast", () => {
    expect(reason("test/unit.test.ts")).toBeUndefined();
    expect(reason("test/defines.test.ts")).toBeUndefined();
  });

  test("a construct's own imports are not followed (constructs load library code for data, never to run it)", () => {
    expect(reason("test/construct.test.ts")).toBeUndefined();
  });

  test("that holds in the repository: no file under constructs/ or stacks/ imports child_process", () => {
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const offenders = ["constructs", "stacks"]
      .flatMap((d) => walk(path.join(repoRoot(), d)))
      .filter((f) => f.endsWith(".ts"))
      .filter((f) => ts.preProcessFile(fs.readFileSync(f, "utf8")).importedFiles.some((i) => /^(node:)?child_process$/.test(i.fileName)));
    expect(offenders).toEqual([]);
  });

  test("the fast tier is part of the suites, and leaves out every test file that imports child_process itself", () => {
    const all = testFilesUnder(Object.values(SUITES).flat());
    const fast = fastTestFiles();
    expect(fast.length).toBeGreaterThan(0);
    expect(fast.every((f) => all.includes(f))).toBe(true);
    const obviouslySlow = all.filter((f) =>
      ts.preProcessFile(fs.readFileSync(f, "utf8")).importedFiles.some((i) => /^(node:)?child_process$/.test(i.fileName)),
    );
    expect(obviouslySlow.length).toBeGreaterThan(0);
    expect(obviouslySlow.filter((f) => fast.includes(f))).toEqual([]);
  });
});
