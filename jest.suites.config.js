/**
 * The configuration `npm test` uses: test files grouped into a few suites (test/suites/), so
 * cdktf and the provider bindings load once per suite instead of once per file. `jest.config.js`
 * runs files one by one, for `npx jest <file>` while developing.
 */
const base = require("./jest.config.js");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ["<rootDir>/test/suites/*.suite.ts", "<rootDir>/test/snapshots/*.test.ts"],
  // Longest suite first, also on a clean clone (no timings cached yet).
  testSequencer: "<rootDir>/test/suites/sequencer.js",
};
