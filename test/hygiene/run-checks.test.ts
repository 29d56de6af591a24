import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseRunLine } from "../../lib/bench/test-run";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CHECKS, runChecks, yieldsCpu } = require("../run-checks") as {
  CHECKS: string[];
  yieldsCpu: (name: string, checks: readonly string[]) => boolean;
  runChecks: (root: string, write: (t: string) => void, checks?: readonly string[]) => Promise<number>;
};

/**
 * test/run-checks.js (`npm test`) runs the type-check and the lint beside jest: a failing check must
 * still fail the run, be shown, and count in the totals CI prints, as when it stopped the run first.
 * Scratch packages stand in for this one; their scripts are shell commands, as npm would run them.
 */
const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function run(scripts: Record<string, string>, checks?: readonly string[]): Promise<{ code: number; out: string; summary: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "run-checks-"));
  scratch.push(dir);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ scripts }));
  const summary = path.join(dir, "summary");
  const previous = process.env.JEST_SUMMARY_FILE;
  process.env.JEST_SUMMARY_FILE = summary;
  const out: string[] = [];
  try {
    const code = await runChecks(dir, (t) => out.push(t), checks);
    return { code, out: out.join(""), summary: fs.existsSync(summary) ? fs.readFileSync(summary, "utf8") : "" };
  } finally {
    if (previous === undefined) delete process.env.JEST_SUMMARY_FILE;
    else process.env.JEST_SUMMARY_FILE = previous;
  }
}

// What the stand-in jest does: write the totals line, as test/summary-reporter.js does.
const fakeJest = `node -e 'require("fs").writeFileSync(process.env.JEST_SUMMARY_FILE, "7 passed, 0 failed\\n")'`;

describe("npm test runs its checks together", () => {
  test("the type-check, the lint, the format check and jest, read from package.json", () => {
    expect(CHECKS).toEqual(["typecheck", "lint", "format:check", "test:jest"]);
  });

  test("all pass: exit 0, jest's totals unchanged", async () => {
    const r = await run({ typecheck: "true", lint: "true", "format:check": "true", "test:jest": fakeJest });
    expect(r.code).toBe(0);
    expect(r.summary).toBe("7 passed, 0 failed\n");
    expect(r.out).toMatch(/npm test: typecheck ok .*, lint ok .*, format:check ok .*, test:jest ok/);
  });

  test("a failing type-check fails the run, prints its output and counts as one failure", async () => {
    const r = await run({
      typecheck: "echo 'a.ts(1,1): error TS2322' && exit 2",
      lint: "true",
      "format:check": "true",
      "test:jest": fakeJest,
    });
    expect(r.code).toBe(2);
    expect(r.out).toContain("a.ts(1,1): error TS2322");
    expect(r.out).toContain("typecheck FAILED (exit 2)");
    expect(r.summary).toBe("7 passed, 1 failed\n");
    // `npm run bench -- --tests` reads each part's time and result from the same line.
    expect(parseRunLine(r.out).map((p) => [p.name, p.ok])).toEqual([
      ["typecheck", false],
      ["lint", true],
      ["format:check", true],
      ["test:jest", true],
    ]);
    // Each part's time is read as a number (how long it took is the benchmark's business, not a test's).
    expect(parseRunLine(r.out).every((p) => Number.isFinite(p.seconds) && p.seconds >= 0)).toBe(true);
  });

  test("a failing lint, format check or jest fails the run", async () => {
    expect((await run({ typecheck: "true", lint: "true", "format:check": "exit 2", "test:jest": fakeJest })).summary).toBe(
      "7 passed, 1 failed\n",
    );
    expect((await run({ typecheck: "true", lint: "exit 1", "format:check": "true", "test:jest": fakeJest })).summary).toBe(
      "7 passed, 1 failed\n",
    );
    expect((await run({ typecheck: "true", lint: "true", "format:check": "true", "test:jest": "exit 1" })).code).toBe(1);
  });

  test("a missing script is named", async () => {
    await expect(run({ typecheck: "true", lint: "true", "format:check": "true" })).rejects.toThrow(
      "package.json: scripts.test:jest is missing",
    );
  });

  test("`npm run test:fast` runs the checks it names and no other; a failing one still fails the run", async () => {
    const scripts = { typecheck: "true", lint: "exit 1", "format:check": "exit 1", "test:jest": "exit 1", "test:jest:fast": fakeJest };
    const r = await run(scripts, ["typecheck", "test:jest:fast"]);
    expect(r.code).toBe(0);
    expect(parseRunLine(r.out).map((p) => p.name)).toEqual(["typecheck", "test:jest:fast"]);
    expect((await run({ ...scripts, typecheck: "exit 2" }, ["typecheck", "test:jest:fast"])).summary).toBe("7 passed, 1 failed\n");
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts["test:fast"]).toBe("node test/run-checks.js typecheck test:jest:fast");
  });

  test("the checks yield the CPU to the full jest part only: beside the fast tier the type-check is as long a pole", () => {
    expect(CHECKS.filter((c) => yieldsCpu(c, CHECKS))).toEqual(["typecheck", "lint", "format:check"]);
    expect(yieldsCpu("typecheck", ["typecheck", "test:jest:fast"])).toBe(false);
    expect(yieldsCpu("test:jest:fast", ["typecheck", "test:jest:fast"])).toBe(false);
  });
});
