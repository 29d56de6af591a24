/** Jest globalTeardown: deletes the run's temporary folder (test/temp-run.js) with all it holds. */
const { endRun } = require("./temp-run");

module.exports = async function globalTeardown() {
  const run = globalThis.__TEST_TEMP_RUN__;
  if (run) endRun(run);
};
