/**
 * Jest globalSetup of the fast tier (jest.fast.config.js): the run's own temporary folder
 * (test/temp-run.js), removed by test/global-teardown.js. No tool install: the fast tier runs none.
 */
const { startRun } = require("./temp-run");

module.exports = async function globalSetup() {
  globalThis.__TEST_TEMP_RUN__ = startRun();
};
