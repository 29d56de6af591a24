import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Speed is measured by benchmarks (`npm run bench`, docs/performance.md), never by timed tests: a
 * test that reads the clock passes or fails with the machine's load, not with the code. Test code
 * (test/**\/*.ts) therefore never reads a clock; test/run-checks.js, which times the parts of
 * `npm test` for the benchmark to read, is not a test.
 */
const CLOCKS = [/\bDate\.now\s*\(/, /\bperformance\.now\s*\(/, /\bprocess\.hrtime\b/, /\bconsole\.time(?:End)?\s*\(/];

/** The lines of a source text that read a clock, as `<line>: <text>`. */
function clockReads(text: string): string[] {
  return text.split("\n").flatMap((line, i) => (CLOCKS.some((c) => c.test(line)) ? [`${i + 1}: ${line.trim()}`] : []));
}

const testRoot = path.resolve(__dirname, "..");
const tsFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "__snapshots__" ? [] : tsFiles(full);
    return e.name.endsWith(".ts") ? [full] : [];
  });

describe("timed tests", () => {
  test("no test file or helper reads a clock", () => {
    const files = tsFiles(testRoot).filter((f) => f !== __filename);
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((f) => clockReads(fs.readFileSync(f, "utf8")).map((l) => `${path.relative(testRoot, f)}:${l}`));
    expect(found).toEqual([]);
  });

  test("the scan finds each way of timing a test", () => {
    const sample = [
      "const started = Date.now();",
      "expect(performance.now() - t0).toBeLessThan(100);",
      "const [s] = process.hrtime(start);",
      'console.time("synth");',
      "const today = new Date(); // a date, not a duration",
    ].join("\n");
    expect(clockReads(sample).map((l) => l.split(":")[0])).toEqual(["1", "2", "3", "4"]);
  });
});
