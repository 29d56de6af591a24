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
  // Installs helm (cached, offline after the first run) for the chart rendering tests.
  globalSetup: "<rootDir>/test/global-setup.js",
  ci: true,
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
};
