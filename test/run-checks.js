/**
 * `npm test`: the type-check, the lint, the format check (Prettier) and jest at the same time instead
 * of one after the other.
 *
 * Measured on the 2-core machine (docs/performance.md, "npm test"): tsc and eslint take about 30
 * CPU-seconds together, and run first they kept both cores busy while jest had not started; jest
 * itself leaves a core idle for long stretches (its last suite runs alone, tests wait on git,
 * PostgreSQL and helm). Started together, with the checks at a lower CPU priority so jest's suites
 * keep the cores when both want them, the checks fill those gaps.
 *
 * Each check is the package.json script of that name, run as npm runs it (a shell, with
 * node_modules/.bin on the PATH) without an npm process per check. jest's output streams as it comes;
 * the checks' output is printed when they end. The exit code is the first non-zero one. When jest
 * writes its totals for CI (JEST_SUMMARY_FILE, test/summary-reporter.js), a failed check counts as
 * one more failed test there, as it did when a failed check stopped the run before jest.
 */
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/** The scripts `npm test` runs, in the order their results are reported. */
const CHECKS = ["typecheck", "lint", "format:check", "test:jest"];
/** The checks beside jest: their output is printed when they end, and a failure counts as one test. */
const BACKGROUND = new Set(["typecheck", "lint", "format:check"]);

/**
 * Whether a check yields the CPU (os.setPriority niceness): beside the full jest part, which is the
 * run's long pole, yes. Beside the fast tier (`npm run test:fast`) the type-check takes about as much
 * CPU as jest and is as long a pole: niced there, it waited behind every other process on a busy
 * machine (measured: 94 s for the type-check against 57 s for jest, docs/performance.md).
 */
function yieldsCpu(name, checks) {
  return BACKGROUND.has(name) && checks.includes("test:jest");
}

function runScript(root, name, scripts, checks) {
  const command = scripts[name];
  const env = { ...process.env, PATH: `${path.join(root, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}` };
  const streamed = !BACKGROUND.has(name);
  const child = spawn(command, {
    cwd: root,
    env,
    shell: true,
    stdio: ["ignore", streamed ? "inherit" : "pipe", streamed ? "inherit" : "pipe"],
  });
  if (yieldsCpu(name, checks)) {
    try {
      os.setPriority(child.pid, 10);
    } catch {
      // Not allowed here: the check runs at normal priority, which is only slower.
    }
  }
  const output = [];
  child.stdout?.on("data", (d) => output.push(d));
  child.stderr?.on("data", (d) => output.push(d));
  const start = Date.now();
  return new Promise((resolve) => {
    child.on("close", (code, signal) =>
      resolve({ name, command, code: code ?? 1, signal, seconds: (Date.now() - start) / 1000, output: Buffer.concat(output).toString() }),
    );
  });
}

/** Adds `failedChecks` failures to jest's "N passed, N failed" summary line, if jest wrote one. */
function countFailedChecks(file, failedChecks) {
  if (!file || failedChecks === 0 || !fs.existsSync(file)) return;
  const match = /^(\d+) passed, (\d+) failed$/.exec(fs.readFileSync(file, "utf8").trim());
  if (match) fs.writeFileSync(file, `${match[1]} passed, ${Number(match[2]) + failedChecks} failed\n`);
}

/**
 * Runs the checks of the package at `root` together (by default CHECKS, what `npm test` runs;
 * `npm run test:fast` names its own); resolves to the exit code the run returns.
 */
async function runChecks(root, write = (t) => process.stdout.write(t), checks = CHECKS) {
  const scripts = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts ?? {};
  const missing = checks.filter((name) => !scripts[name]);
  if (missing.length > 0)
    throw new Error(`package.json: scripts.${missing.join(", scripts.")} is missing (this run runs ${checks.join(", ")})`);
  const results = await Promise.all(checks.map((name) => runScript(root, name, scripts, checks)));
  for (const r of results.filter((x) => BACKGROUND.has(x.name))) {
    if (r.code !== 0 || r.output.trim()) write(`\n> npm run ${r.name} (${r.command})\n${r.output}`);
  }
  const failed = results.filter((r) => r.code !== 0);
  countFailedChecks(process.env.JEST_SUMMARY_FILE, failed.filter((r) => BACKGROUND.has(r.name)).length);
  const line = results
    .map((r) => `${r.name} ${r.code === 0 ? "ok" : `FAILED (exit ${r.code}${r.signal ? `, ${r.signal}` : ""})`} ${r.seconds.toFixed(1)} s`)
    .join(", ");
  write(`\nnpm test: ${line}\n`);
  return failed.length > 0 ? failed[0].code || 1 : 0;
}

module.exports = { CHECKS, runChecks, yieldsCpu };

if (require.main === module) {
  // `node test/run-checks.js [script...]`: the named package.json scripts instead of CHECKS.
  const named = process.argv.slice(2);
  runChecks(path.resolve(__dirname, ".."), undefined, named.length > 0 ? named : CHECKS).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`npm test: ${e.message}\n`);
      process.exitCode = 1;
    },
  );
}
