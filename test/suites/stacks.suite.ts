import { includeTests, SUITES, testFilesUnder } from "./include";

includeTests(SUITES["stacks"]!);

describe("test suites", () => {
  test("every test file outside test/snapshots runs in exactly one suite", () => {
    const all = testFilesUnder(["."]).filter((f) => !f.includes("/test/snapshots/"));
    const inSuites = Object.values(SUITES).flatMap((dirs) => testFilesUnder(dirs));
    expect(inSuites.sort()).toEqual(all);
  });
});
