/**
 * One temporary folder per jest run. globalSetup creates it and points TMPDIR (and TMP, TEMP) at it
 * before any test process starts, so everything tests, cdktf's Testing, helm, promtool and the tools
 * they spawn put in `os.tmpdir()` lands inside it; globalTeardown deletes it. Tests therefore leave
 * no folder behind without each of them cleaning up (measured: ~160 folders per run before).
 *
 * The folder is named after the jest process (`jest-run-<pid>-…`) so a later run can remove the
 * folders of runs that were killed before their teardown, and only those: several runs may share
 * the machine, and a live run's folder is never touched.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const PREFIX = "jest-run-";
const VARIABLES = ["TMPDIR", "TMP", "TEMP"];

/** Whether a process with this id exists (a zombie or another user's process counts as alive). */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

/** Removes run folders under `base` whose jest process has exited; returns their names. */
function sweepAbandoned(base) {
  const removed = [];
  for (const name of fs.readdirSync(base)) {
    const match = new RegExp(`^${PREFIX}(\\d+)-`).exec(name);
    if (!match || alive(Number(match[1]))) continue;
    fs.rmSync(path.join(base, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** Creates the run folder under `base` and points the temp variables at it; returns what endRun needs. */
function startRun(base = os.tmpdir(), env = process.env) {
  sweepAbandoned(base);
  const folder = fs.mkdtempSync(path.join(base, `${PREFIX}${process.pid}-`));
  const previous = Object.fromEntries(VARIABLES.map((v) => [v, env[v]]));
  for (const v of VARIABLES) env[v] = folder;
  return { folder, previous };
}

/** Deletes the run folder and restores the temp variables; returns how many entries it held. */
function endRun(run, env = process.env) {
  const entries = fs.existsSync(run.folder) ? fs.readdirSync(run.folder).length : 0;
  fs.rmSync(run.folder, { recursive: true, force: true });
  for (const v of VARIABLES) {
    if (run.previous[v] === undefined) delete env[v];
    else env[v] = run.previous[v];
  }
  return entries;
}

module.exports = { PREFIX, startRun, endRun, sweepAbandoned };
