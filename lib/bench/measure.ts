import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** One measured run. */
export interface Sample {
  readonly seconds: number;
  /** Peak resident memory, MiB (for several processes: the sum of their peaks). */
  readonly peakMiB: number;
  /** CPU time, user + system, of every process involved. */
  readonly cpuSeconds: number;
}

interface Usage {
  readonly maxRssKiB: number;
  readonly cpuSeconds: number;
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const at = (i: number): number => s[i] ?? Number.NaN; // only an empty list reads past its end: no median
  return s.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
};

/** Median wall time and median peak memory of several samples. */
export function summarize(samples: readonly Sample[]): Sample {
  return {
    seconds: median(samples.map((s) => s.seconds)),
    peakMiB: median(samples.map((s) => s.peakMiB)),
    cpuSeconds: median(samples.map((s) => s.cpuSeconds)),
  };
}

/**
 * Runs `node -r rss-probe <args>` once and measures its wall time, peak memory and CPU time. A
 * child that writes the same JSON to BENCH_EXTRA_RSS_FILE, such as the parallel-synth runner
 * reporting its workers, has that added to its own.
 */
export function measureNode(args: readonly string[], env: Record<string, string> = {}): Sample {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-rss-"));
  const rssFile = path.join(dir, "rss");
  const extraFile = path.join(dir, "extra");
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["-r", path.join(__dirname, "rss-probe.js"), ...args], {
    env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile, BENCH_EXTRA_RSS_FILE: extraFile },
    encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed (exit ${result.status}):\n${result.stderr}`);
  const own = JSON.parse(fs.readFileSync(rssFile, "utf8")) as Usage;
  const extra: Usage = fs.existsSync(extraFile)
    ? (JSON.parse(fs.readFileSync(extraFile, "utf8")) as Usage)
    : { maxRssKiB: 0, cpuSeconds: 0 };
  fs.rmSync(dir, { recursive: true, force: true });
  return { seconds, peakMiB: (own.maxRssKiB + extra.maxRssKiB) / 1024, cpuSeconds: own.cpuSeconds + extra.cpuSeconds };
}

/** The one-minute load average (os.loadavg() is [1, 5, 15] minutes; all zeros on Windows). */
export const loadAverage = (): number => os.loadavg()[0] ?? 0;
