/**
 * Jest runs TypeScript through @swc/jest: no type-checking here (`npm run typecheck` does that
 * once), which keeps a test file that loads the AWS provider at ~2 s instead of ~25 s.
 */
const fs = require("node:fs");
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, "utf8"));

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { ...swc, swcrc: false }] },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // A temporary folder per run (test/temp-run.js), and helm (cached, offline after the first run)
  // for the chart rendering tests. The teardown deletes the folder.
  globalSetup: "<rootDir>/test/global-setup.js",
  globalTeardown: "<rootDir>/test/global-teardown.js",
  // Does not stop jest writing new snapshots by itself: jest-cli's own --ci flag (false unless
  // given) overrides this file. `npm test` passes --ci; update snapshots with
  // `npx jest test/snapshots --ci=false -u` (test/hygiene/test-run.test.ts checks the first).
  ci: true,
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
};
