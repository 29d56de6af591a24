/**
 * Preloaded with `node -r dist/lib/bench/rss-probe.js …` by the benchmark: on exit, writes the
 * process's peak resident memory (KiB) and CPU time (s) as JSON to the file named by BENCH_RSS_FILE.
 */
import * as fs from "node:fs";

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    const u = process.resourceUsage();
    fs.writeFileSync(file, JSON.stringify({ maxRssKiB: u.maxRSS, cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6 }));
  });
}
