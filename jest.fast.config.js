/**
 * `npm run test:fast`: the fast tier (test/suites/tiers.ts), the test files that run no real tool and
 * build no whole app, loaded into one suite file (test/suites/fast.fast.ts) so cdktf loads once. `npm test` (jest.suites.config.js) runs these and every other file.
 */
const base = require("./jest.config.js");

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ["<rootDir>/test/suites/*.fast.ts"],
  maxWorkers: 1,
  // The run's temporary folder only: the fast tier runs no helm, so it installs none.
  globalSetup: "<rootDir>/test/global-setup-fast.js",
};
