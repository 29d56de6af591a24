import * as path from "node:path";
import { SUITES, testFilesUnder } from "./include";
import { tierClassifier } from "./tiers";

/**
 * The test files of every suite that the fast tier runs (test/suites/tiers.ts decides), sorted. They
 * load into one suite file, test/suites/fast.fast.ts: one jest worker beside the type-check, which
 * keeps the other core busy (a second worker loads cdktf and the construct code again, measured at
 * about 11 CPU-seconds: docs/performance.md, "The fast tier").
 */
export function fastTestFiles(root = path.resolve(__dirname, "..", "..")): string[] {
  const slow = tierClassifier(root);
  return testFilesUnder(Object.values(SUITES).flat()).filter((f) => slow(f) === undefined);
}
