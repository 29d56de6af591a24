import * as fs from "node:fs";
import * as path from "node:path";
import { includeTests, SUITES, testFilesUnder } from "./include";

includeTests(SUITES["stacks"]!);

describe("test suites", () => {
  test("every test file outside test/snapshots runs in exactly one suite", () => {
    const all = testFilesUnder(["."]).filter((f) => !f.includes("/test/snapshots/"));
    const inSuites = Object.values(SUITES).flatMap((dirs) => testFilesUnder(dirs));
    expect(inSuites.sort()).toEqual(all);
  });

  test("every suite and the snapshot files have a place in the start order (test/suites/sequencer.js)", () => {
    const files = [
      ...Object.keys(SUITES).map((s) => `${s}.suite.ts`),
      ...fs.readdirSync(path.join(__dirname, "..", "snapshots")).filter((f) => f.endsWith(".test.ts")),
    ];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const order = (require("./sequencer") as { LONGEST_FIRST: string[] }).LONGEST_FIRST;
    expect([...order].sort()).toEqual(files.sort());
    for (const f of Object.keys(SUITES).map((s) => `${s}.suite.ts`)) expect(fs.existsSync(path.join(__dirname, f))).toBe(true);
  });
});
