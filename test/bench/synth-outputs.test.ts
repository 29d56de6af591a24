import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { differingFiles, listFiles } from "../../lib/bench/compare-trees";
import { loadPlatformConfig } from "../../lib/config/load";
import { DIAGRAMS_DIR, renderDiagrams, stalePages } from "../../lib/diagram";
import { repoRoot } from "../../lib/paths";
import { shippedSynthOut } from "../helpers/synth";

const run = promisify(execFile);
const root = repoRoot();
// Workers are forked from compiled JavaScript, so this file compiles the sources once into the
// build output folder (gitignored dist/; module resolution and repoRoot() work from there, also in
// a git worktree whose node_modules is a link to another checkout's). No timing.
const build = path.join(root, "dist", "parallel-synth-test");
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

beforeAll(() => {
  fs.rmSync(build, { recursive: true, force: true });
  execFileSync(
    path.join(root, "node_modules", ".bin", "swc"),
    ["lib", "stacks", "constructs", "tools", "-d", build, "--quiet", "--config-file", ".swcrc"],
    { cwd: root },
  );
}, 60_000);

/**
 * One single-process synth of the shipped environments (`npm run synth`'s lib/synth-command.ts, run
 * once per suite in the jest process and shared: test/helpers/synth.ts) serves two checks: the
 * parallel synth reproduces it byte for byte, and the committed diagrams match it.
 */
const single = () => shippedSynthOut();
const parallel = (envDir: string, out: string) =>
  run(process.execPath, [path.join(build, "tools", "bench.js"), "--parallel-run", envDir, out, "2"], { cwd: root });

describe("synth outputs", () => {
  test("output is byte-identical to a single-process synth of the shipped environments", async () => {
    const split = tmp("parallel-");
    // The workers run while this process makes (or finds) the single-process output.
    const workers = parallel(path.join(root, "environments"), split);
    let reference: string;
    try {
      reference = single();
    } finally {
      await workers;
    }
    expect(listFiles(split)).toContain("manifest.json");
    expect(listFiles(split).filter((f) => f.endsWith("cdk.tf.json")).length).toBeGreaterThan(15);
    expect(differingFiles(reference, split)).toEqual([]);
  }, 120_000);

  test(`the committed ${DIAGRAMS_DIR} match the synthesized stacks (run \`npm run diagram\` after changing stacks)`, () => {
    expect(listFiles(single())).toContain("manifest.json");
    const config = loadPlatformConfig();
    const pages = renderDiagrams(single(), config);
    expect([...pages.keys()].sort()).toEqual(["README.md", ...config.environments.map((e) => `${e.name}.md`)].sort());
    // A new environment file has no page until `npm run diagram` runs, and the index then lists one
    // more environment: adding a file must not fail the tests, so only then are those two pages
    // allowed to differ. Every page that exists must match what its stacks draw.
    const dir = path.join(root, DIAGRAMS_DIR);
    const unrendered = config.environments.filter((e) => !fs.existsSync(path.join(dir, `${e.name}.md`))).map((e) => `${e.name}.md`);
    const allowed = unrendered.length > 0 ? [...unrendered, "README.md"] : [];
    expect(stalePages(dir, pages).filter((p) => !allowed.includes(p))).toEqual([]);
  });

  test("invalid environment files: refused with the validation message, previous output untouched", async () => {
    const envDir = tmp("envs-");
    for (const f of fs.readdirSync(path.join(root, "environments")).filter((x) => x.endsWith(".yaml")))
      fs.copyFileSync(path.join(root, "environments", f), path.join(envDir, f));
    fs.writeFileSync(
      path.join(envDir, "eu.yaml"),
      fs.readFileSync(path.join(envDir, "eu.yaml"), "utf8").replace(/^region: .*$/m, "region: mars-north-1"),
    );
    const out = tmp("previous-");
    fs.writeFileSync(path.join(out, "marker"), "previous synth");
    await expect(parallel(envDir, out)).rejects.toMatchObject({ stderr: expect.stringContaining("mars-north-1") });
    expect(fs.readdirSync(out)).toEqual(["marker"]);
  }, 120_000);
});
