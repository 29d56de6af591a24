/**
 * The test run itself: it leaves no temporary folder behind, never writes a snapshot unasked, and a
 * broken shipped environment file fails the tests that use it with its validation message instead
 * of stopping whole suites at import.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadPlatformConfig } from "../../lib/config/load";
import { repoRoot } from "../../lib/paths";
import { environmentsFixture, shippedFile } from "../helpers/fixtures";
import { once, sharedBuild } from "../helpers/synth";
import { loadTestFile } from "../suites/include";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const tempRun = require("../temp-run.js") as {
  PREFIX: string;
  startRun(base: string, env: NodeJS.ProcessEnv): { folder: string; previous: Record<string, string | undefined> };
  endRun(run: { folder: string; previous: Record<string, string | undefined> }, env: NodeJS.ProcessEnv): number;
  sweepAbandoned(base: string): string[];
};

const scratch: string[] = [];
const scratchDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

describe("temporary files", () => {
  test("tests run with the temp variables pointing at the run's own folder", () => {
    expect(path.basename(os.tmpdir())).toMatch(new RegExp(`^${tempRun.PREFIX}\\d+-`));
    expect(fs.statSync(os.tmpdir()).isDirectory()).toBe(true);
    expect(process.env["TMP"]).toBe(os.tmpdir());
  });

  test("the teardown deletes the run folder with everything in it and restores the variables", () => {
    const base = scratchDir("base-");
    const env: NodeJS.ProcessEnv = { TMPDIR: "/elsewhere" };
    const run = tempRun.startRun(base, env);
    expect([env["TMPDIR"], env["TMP"], env["TEMP"]]).toEqual([run.folder, run.folder, run.folder]);
    fs.mkdirSync(path.join(run.folder, "cdktf.outdir.abc", "stacks"), { recursive: true });
    fs.writeFileSync(path.join(run.folder, "cdktf.outdir.abc", "stacks", "x.json"), "{}");
    fs.writeFileSync(path.join(run.folder, "loose-file"), "");
    expect(tempRun.endRun(run, env)).toBe(2);
    expect(fs.readdirSync(base)).toEqual([]);
    expect(env).toEqual({ TMPDIR: "/elsewhere" });
  });

  test("a new run removes the folders of runs that died before their teardown, never a live run's or anything else", () => {
    const base = scratchDir("base-");
    const exited = spawnSync(process.execPath, ["-e", ""]).pid!;
    const names = [`${tempRun.PREFIX}${exited}-aaaa`, `${tempRun.PREFIX}${process.pid}-bbbb`, "cdktf.outdir.cccc"];
    for (const name of names) fs.mkdirSync(path.join(base, name));
    expect(tempRun.sweepAbandoned(base)).toEqual([`${tempRun.PREFIX}${exited}-aaaa`]);
    expect(fs.readdirSync(base).sort()).toEqual(["cdktf.outdir.cccc", `${tempRun.PREFIX}${process.pid}-bbbb`]);
  });

  test("jest run as `npm test` runs it leaves the temp folder as it found it and writes no snapshot unasked", () => {
    // A small project run by the real jest with the flags of `npm test`, the repository's
    // globalSetup/globalTeardown and two workers; each test writes a temp folder it never removes.
    // (`ci: true` in a config file does not do it: jest-cli's own --ci flag, false unless given,
    // overrides the file, so the flag has to be on the command line.)
    const base = scratchDir("base-");
    const project = scratchDir("project-");
    const writes = `const fs = require("node:fs"), os = require("node:os"), path = require("node:path");
      test("writes temp", () => { const d = fs.mkdtempSync(path.join(os.tmpdir(), "leak-")); fs.writeFileSync(path.join(d, "f"), "x"); });`;
    fs.writeFileSync(path.join(project, "a.test.js"), writes);
    fs.writeFileSync(path.join(project, "b.test.js"), `${writes}\ntest("snapshot", () => expect("x").toMatchSnapshot());`);
    const config = {
      rootDir: project,
      testMatch: ["<rootDir>/*.test.js"],
      transform: {},
      maxWorkers: 2,
      globalSetup: path.join(repoRoot(), "test", "global-setup.js"),
      globalTeardown: path.join(repoRoot(), "test", "global-teardown.js"),
    };
    fs.writeFileSync(path.join(project, "jest.config.json"), JSON.stringify(config));
    const before = fs.readdirSync(base);
    const args = [...npmTestJestFlags(), "--config", path.join(project, "jest.config.json")];
    args.push("--cacheDirectory", path.join(project, "cache"));
    const jest = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), ...args], {
      env: { ...process.env, CI: "", TMPDIR: base, TMP: base, TEMP: base },
      encoding: "utf8",
    });
    expect(jest.stderr).toContain("New snapshot was not written");
    expect(jest.stderr).toMatch(/Tests:\s+1 failed, 2 passed, 3 total/);
    expect(fs.existsSync(path.join(project, "__snapshots__"))).toBe(false);
    expect(fs.readdirSync(base)).toEqual(before);
  });
});

/**
 * The jest flags `npm test` uses, without --config: `npm test` runs test/run-checks.js, which runs
 * the package.json scripts it lists (the type-check and the lint beside jest), jest among them.
 */
function npmTestJestFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot(), "package.json"), "utf8")) as { scripts: Record<string, string> };
  const scripts = pkg.scripts;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CHECKS } = require("../run-checks") as { CHECKS: string[] };
  if (!/^node test\/run-checks\.js\b/.test(scripts["test"] ?? ""))
    throw new Error(`package.json: scripts.test does not run test/run-checks.js: ${scripts["test"]}`);
  const command = CHECKS.map((name) => scripts[name] ?? "").find((c) => c.startsWith("jest "));
  if (!command) throw new Error(`package.json: none of the scripts npm test runs (${CHECKS.join(", ")}) is a jest command`);
  const words = command.split(/\s+/).slice(1);
  return words.filter((w, i) => w !== "--config" && words[i - 1] !== "--config");
}

describe("a broken shipped environment file", () => {
  const broken = () => environmentsFixture({ "us.yaml": shippedFile("us.yaml").replace(/^vpcCidr: .*$/m, "vpcCidr: 10.10.0.0/33") });

  test("fails every use of the shared build with the loader's message naming file, field, value and what is allowed", () => {
    const dir = broken();
    scratch.push(dir);
    let loads = 0;
    const stacks = sharedBuild(() => {
      loads += 1;
      return loadPlatformConfig(dir);
    });
    for (let i = 0; i < 2; i++) expect(stacks).toThrow(/us\.yaml: vpcCidr: .*\(got "10\.10\.0\.0\/33"\)/);
    expect(loads).toBe(1);
  });

  test("builds once and hands every caller the same result", () => {
    let builds = 0;
    const get = once(() => ({ build: ++builds }));
    expect(get()).toBe(get());
    expect(builds).toBe(1);
  });

  test("a test file that throws while loading becomes one failing test; the suite's other files still load", () => {
    const loaded: string[] = [];
    const failing: { name: string; rethrow: () => never }[] = [];
    const error = new Error("environments/us.yaml: vpcCidr: ...");
    for (const file of ["stacks/broken.test.ts", "stacks/fine.test.ts"].map((f) => path.join(repoRoot(), "test", f))) {
      loadTestFile(
        file,
        (f) => {
          loaded.push(path.basename(f));
          if (f.endsWith("broken.test.ts")) throw error;
        },
        (name, rethrow) => failing.push({ name, rethrow }),
      );
    }
    expect(loaded).toEqual(["broken.test.ts", "fine.test.ts"]);
    expect(failing.map((f) => f.name)).toEqual([path.join("stacks", "broken.test.ts")]);
    expect(() => failing[0]!.rethrow()).toThrow(error);
  });
});
