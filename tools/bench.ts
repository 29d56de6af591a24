/**
 * `npm run bench [-- --runs N] [-- --environments N --workers W]`: how long synth takes and how
 * much memory it needs, beside the floor (`node -e 'require("cdktf")'`) measured in the same run.
 * `npm run bench -- --tests [--fast-only | --jest-only]`: the fast tier (`npm run test:fast`) and
 * `npm test`, each run cold, wall and CPU time (lib/bench/test-run.ts; docs/performance.md, "npm test").
 *
 * Shipped environments: whole-process synth (`node dist/tools/synth.js`), in-process synth, and the
 * parallel synth. With --environments N: N generated copies of eu.yaml, synthesized by one process
 * and by W worker processes, with the outputs compared byte for byte; then the cost estimate of that
 * output and the policy suite over the same environments, each in its own process.
 * Targets (issues 2 and 9): shipped synth within 3x the floor and under 200 MiB; 50 environments
 * under 5 s and 1 GiB on 2 cores.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Table from "cli-table3";
import { Command, Option } from "commander";
import { repoRoot } from "../lib/paths";
import { loadAverage, measureNode, median, summarize, type Sample } from "../lib/bench/measure";
// Types only: each mode loads its modules itself, so the others do not pay for them.
import type * as SynthCommand from "../lib/synth-command";
import type * as Generate from "../lib/bench/generate-environments";
import type * as CompareTrees from "../lib/bench/compare-trees";
import type * as ParallelSynth from "../lib/bench/parallel-synth";
import type * as TestRun from "../lib/bench/test-run";
import type * as ScaleSteps from "../lib/bench/scale-steps";
import { required } from "../lib/defined";

interface Options {
  runs: number;
  environments?: number;
  workers: number;
}

const dist = path.join(repoRoot(), "dist");
const scratch = () => fs.mkdtempSync(path.join(os.tmpdir(), "bench-out-"));
const fmt = (s: Sample, floor?: Sample) => [
  s.seconds.toFixed(2),
  s.cpuSeconds.toFixed(2),
  s.peakMiB.toFixed(0),
  floor ? `${(s.seconds / floor.seconds).toFixed(1)}x` : "",
  floor ? `${(s.cpuSeconds / floor.cpuSeconds).toFixed(1)}x` : "",
  floor ? `${(s.peakMiB / floor.peakMiB).toFixed(1)}x` : "",
];
// CPU time is the fairer ratio on a busy machine; wall time is what the targets name.
const HEAD = ["median wall s", "CPU s", "peak MiB", "wall / floor", "CPU / floor", "memory / floor"];

function repeat(runs: number, fn: () => Sample): Sample {
  return summarize(Array.from({ length: runs }, fn));
}

/** Runs `fn` with a fresh output folder, removed afterwards. */
function inScratch(fn: (out: string) => Sample): Sample {
  const out = scratch();
  try {
    return fn(out);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** `node <bench.js> --parallel-run <envDir> <out> <workers>` (a child of the benchmark). */
function parallelArgs(envDir: string, out: string, workers: number): string[] {
  return [path.join(dist, "tools", "bench.js"), "--parallel-run", envDir, out, String(workers)];
}

/** `node <bench.js> --scale-step <cost|policy> <envDir> <out> <resultFile>`: one step of the scale run, its summary written as JSON. */
function stepArgs(step: "cost" | "policy", envDir: string, out: string, resultFile: string): string[] {
  return [path.join(dist, "tools", "bench.js"), "--scale-step", step, envDir, out, resultFile];
}

function scaleStep(step: string, envDir: string, out: string, resultFile: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { costStep, policyStep } = require("../lib/bench/scale-steps") as typeof ScaleSteps;
  const result = step === "cost" ? costStep(envDir, out) : policyStep(envDir, out);
  fs.writeFileSync(resultFile, JSON.stringify(result));
}

function singleProcessArgs(envDir: string, out: string): string[] {
  const code = `process.exitCode = require(${JSON.stringify(path.join(dist, "lib", "synth-command.js"))}).synthesize({ environmentsDir: ${JSON.stringify(envDir)}, out: ${JSON.stringify(out)}, table: false, stdout() {}, stderr: (t) => process.stderr.write(t) })`;
  return ["-e", code];
}

function inProcess(runs: number): { cold: number; warm: number } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthesize } = require("../lib/synth-command") as typeof SynthCommand;
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const out = scratch();
    const start = process.hrtime.bigint();
    const code = synthesize({ out, table: false, stdout: () => undefined, stderr: (t) => process.stderr.write(t) });
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (code !== 0) throw new Error("in-process synth failed");
    fs.rmSync(out, { recursive: true, force: true });
  }
  const [cold, ...warm] = times;
  return { cold: required(cold, "the cold run's time"), warm: median(warm) };
}

function benchShipped(opts: Options): void {
  const envDir = path.join(repoRoot(), "environments");
  const floor = repeat(opts.runs, () => measureNode(["-e", 'require("cdktf")']));
  const whole = repeat(opts.runs, () =>
    inScratch((out) => measureNode([path.join(dist, "tools", "synth.js"), "--out", out, "--no-table"])),
  );
  const parallel = repeat(opts.runs, () => inScratch((out) => measureNode(parallelArgs(envDir, out, opts.workers))));
  const { cold, warm } = inProcess(opts.runs);
  const table = new Table({ head: ["shipped environments", ...HEAD], style: { head: [], border: [] } });
  table.push(["floor: node -e 'require(\"cdktf\")'", ...fmt(floor)]);
  table.push(["synth, whole process", ...fmt(whole, floor)]);
  table.push([`synth, ${opts.workers} worker processes`, ...fmt(parallel, floor)]);
  table.push(["synth in-process, first run (loads modules)", cold.toFixed(2), "", "", `${(cold / floor.seconds).toFixed(1)}x`, "", ""]);
  table.push(["synth in-process, later runs", warm.toFixed(2), "", "", `${(warm / floor.seconds).toFixed(1)}x`, "", ""]);
  const ok = whole.seconds <= 3 * floor.seconds && whole.peakMiB < 200;
  process.stdout.write(
    `${table.toString()}\n${opts.runs} runs each, ${os.cpus().length} CPUs, load average ${loadAverage().toFixed(1)}, Node ${process.version}.\n`,
  );
  process.stdout.write(
    `Target: whole-process synth within 3x the floor and under 200 MiB: ${ok ? "met" : "NOT met"} (${(whole.seconds / floor.seconds).toFixed(1)}x, ${whole.peakMiB.toFixed(0)} MiB).\n`,
  );
}

function benchGenerated(opts: Options, count: number): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { generateEnvironments } = require("../lib/bench/generate-environments") as typeof Generate;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { differingFiles } = require("../lib/bench/compare-trees") as typeof CompareTrees;
  const envDir = generateEnvironments(count);
  const singleOut = scratch();
  const parallelOut = scratch();
  const policyOut = scratch();
  const resultFile = path.join(scratch(), "result.json");
  const floor = repeat(opts.runs, () => measureNode(["-e", 'require("cdktf")']));
  const single = repeat(opts.runs, () => measureNode(singleProcessArgs(envDir, singleOut)));
  const parallel = repeat(opts.runs, () => measureNode(parallelArgs(envDir, parallelOut, opts.workers)));
  const stacks = Object.keys(
    (JSON.parse(fs.readFileSync(path.join(singleOut, "manifest.json"), "utf8")) as { stacks: object }).stacks,
  ).length;
  const differing = differingFiles(singleOut, parallelOut);
  const cost = repeat(opts.runs, () => measureNode(stepArgs("cost", envDir, singleOut, resultFile)));
  const costResult = JSON.parse(fs.readFileSync(resultFile, "utf8")) as ScaleSteps.CostSummary;
  const policy = repeat(opts.runs, () => measureNode(stepArgs("policy", envDir, policyOut, resultFile)));
  const policyResult = JSON.parse(fs.readFileSync(resultFile, "utf8")) as ScaleSteps.PolicySummary;
  const table = new Table({ head: [`${count} generated environments (${stacks} stacks)`, ...HEAD], style: { head: [], border: [] } });
  table.push(["floor: node -e 'require(\"cdktf\")'", ...fmt(floor)]);
  table.push(["synth, one process", ...fmt(single, floor)]);
  table.push([`synth, ${opts.workers} worker processes (peak = sum)`, ...fmt(parallel, floor)]);
  table.push(["cost estimate of the synthesized folder (npm run cost)", ...fmt(cost, floor)]);
  table.push(["policy suite over every stack (npm run policy)", ...fmt(policy, floor)]);
  const ok = parallel.seconds < 5 && parallel.peakMiB < 1024;
  process.stdout.write(
    `${table.toString()}\n${opts.runs} runs each, ${os.cpus().length} CPUs, load average ${loadAverage().toFixed(1)}, Node ${process.version}.\n`,
  );
  process.stdout.write(
    `Parallel output identical to one process: ${differing.length === 0 ? "yes" : `NO (${differing.slice(0, 5).join(", ")}…)`}\n`,
  );
  process.stdout.write(
    `Target: under 5 s and 1 GiB: ${ok ? "met" : "NOT met"} (${parallel.seconds.toFixed(2)} s, ${parallel.peakMiB.toFixed(0)} MiB).\n`,
  );
  const noTable = costResult.regionsWithoutTable;
  process.stdout.write(
    `Cost: ${costResult.fullyPriced.length} of ${costResult.environments} environments fully priced ($${Math.round(costResult.pricedUsd).toLocaleString("en-US")}/month together); ` +
      `${noTable.length ? `regions without a price table: ${noTable.join(", ")}` : "every region has a price table"}; ${costResult.budgetProblems} budget problems.\n`,
  );
  process.stdout.write(
    `Policy: ${policyResult.stacks} stacks, ${policyResult.findings} findings, ${policyResult.violations} violations.\n`,
  );
  for (const dir of [envDir, singleOut, parallelOut, policyOut, path.dirname(resultFile)]) fs.rmSync(dir, { recursive: true, force: true });
  if (differing.length > 0 || policyResult.violations > 0) process.exitCode = 1;
}

async function parallelRun(envDir: string, out: string, workers: number): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthesizeInParallel } = require("../lib/bench/parallel-synth") as typeof ParallelSynth;
  const result = await synthesizeInParallel({ out, environmentsDir: envDir, workers });
  const extra = process.env.BENCH_EXTRA_RSS_FILE;
  const sum = (f: (u: (typeof result.workerUsage)[number]) => number) => result.workerUsage.reduce((n, u) => n + f(u), 0);
  if (extra) fs.writeFileSync(extra, JSON.stringify({ maxRssKiB: sum((u) => u.maxRssKiB), cpuSeconds: sum((u) => u.cpuSeconds) }));
}

const TEST_RUN_TITLES: Record<TestRun.TestRunScript, string> = {
  "test:fast": "npm run test:fast (type-check + fast tier), cold",
  test: "npm test, cold",
  "test:jest": "npm test, jest part, cold",
};

/** One cold run of a test script: jest's line per suite file, each part's wall time, the total CPU. */
function benchTestRun(script: TestRun.TestRunScript): TestRun.TestRunSample {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { measureTestRun } = require("../lib/bench/test-run") as typeof TestRun;
  const run = measureTestRun(repoRoot(), script);
  const table = new Table({ head: [TEST_RUN_TITLES[script], "wall s", "result"], style: { head: [], border: [] } });
  for (const p of run.parts) table.push([p.name, p.seconds.toFixed(1), p.ok ? "ok" : "FAILED"]);
  table.push(["total", run.seconds.toFixed(1), run.code === 0 ? "ok" : `FAILED (exit ${run.code})`]);
  const cpu =
    run.cpuSeconds === undefined
      ? "CPU time not available on this system"
      : `CPU ${run.cpuSeconds.toFixed(1)} s (user + system, all processes; ${(run.cpuSeconds / run.seconds).toFixed(2)} cores busy on average)`;
  // jest's line per test file (suite) with its wall time: where the run's time went.
  const files = run.output.split("\n").filter((l) => /^(PASS|FAIL) /.test(l));
  process.stdout.write(
    `${files.join("\n")}\n${table.toString()}\n${cpu}. ${os.cpus().length} CPUs, load average ${run.loadBefore.toFixed(1)} before, ${run.loadAfter.toFixed(1)} after, Node ${process.version}.\n`,
  );
  if (run.code !== 0) {
    process.stdout.write(`\nThe run failed; its last lines:\n${run.output.split("\n").slice(-60).join("\n")}\n`);
    process.exitCode = 1;
  }
  return run;
}

/** `--tests`: the fast tier, then `npm test`, each once and cold (or one of them, or the jest part alone). */
function benchTests(only: "fast" | "jest" | undefined): void {
  const scripts: TestRun.TestRunScript[] = only === "fast" ? ["test:fast"] : only === "jest" ? ["test:jest"] : ["test:fast", "test"];
  const verdict = (run: TestRun.TestRunSample) =>
    `${run.code === 0 && run.seconds <= 30 ? "met" : "NOT met"} (${run.seconds.toFixed(1)} s)`;
  for (const script of scripts) {
    const run = benchTestRun(script);
    if (script === "test:fast") process.stdout.write(`Target: the fast tier, type-check included, in 30 s cold: ${verdict(run)}.\n\n`);
    // Not reachable on 2 cores: docs/performance.md, "Where the 30-second target stands".
    if (script === "test") process.stdout.write(`Target (issue 18): npm test in 30 s cold with type-check and lint: ${verdict(run)}.\n\n`);
  }
}

function main(): void {
  if (process.argv[2] === "--scale-step") {
    const [step, envDir, out, resultFile] = process.argv.slice(3);
    if (!step || !envDir || !out || !resultFile) throw new Error("internal: --scale-step <step> <environments dir> <out> <result file>");
    return scaleStep(step, envDir, out, resultFile);
  }
  if (process.argv[2] === "--parallel-run") {
    const [envDir, out, workers] = process.argv.slice(3);
    if (!envDir || !out) throw new Error("internal: --parallel-run <environments dir> <out> <workers>");
    parallelRun(envDir, out, Number(workers)).catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    });
    return;
  }
  const opts = new Command()
    .name("bench")
    .description("Measure synth time and peak memory beside the cdktf floor.")
    .option("--runs <n>", "runs per measurement", (v) => Number(v))
    .option(
      "--environments <n>",
      "generate N environments (copies of eu.yaml): synthesize them, estimate their cost, run the policy suite",
      (v) => Number(v),
    )
    .option("--workers <n>", "worker processes of the parallel synth", (v) => Number(v), os.cpus().length)
    .option(
      "--tests",
      "run npm run test:fast, then npm test, once each and cold (no jest, tsc or eslint cache), and print wall and CPU time",
    )
    .addOption(new Option("--fast-only", "with --tests: only the fast tier (npm run test:fast)").conflicts("jestOnly"))
    .option("--jest-only", "with --tests: only the jest part of npm test")
    .parse()
    .opts<{ runs?: number; environments?: number; workers: number; tests?: boolean; fastOnly?: boolean; jestOnly?: boolean }>();
  if (opts.tests) return benchTests(opts.fastOnly ? "fast" : opts.jestOnly ? "jest" : undefined);
  const runs = opts.runs ?? (opts.environments ? 3 : 5);
  if (opts.environments !== undefined) benchGenerated({ runs, workers: opts.workers }, opts.environments);
  else benchShipped({ runs, workers: opts.workers });
}

main();
