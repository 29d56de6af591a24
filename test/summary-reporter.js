/**
 * Writes jest's totals to a file for .ci/run, which prints them as the plain
 * `N passed, N failed` line CI reads (jest's own summary is not parsed there).
 */
const fs = require("node:fs");

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.JEST_SUMMARY_FILE;
    if (!file) return;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    fs.writeFileSync(file, `${results.numPassedTests} passed, ${failed} failed\n`);
  }
}

module.exports = SummaryReporter;
