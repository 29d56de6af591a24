/**
 * A parallel-synth worker process (forked by parallel-synth.ts): synthesizes the environments it is
 * sent into its own folder, then reports back and exits.
 */
import * as path from "node:path";
import type { BuildOptions } from "../app";
import type * as App from "../app";
import { loadPlatformConfig } from "../config/load";

/** What the parent sends. */
export interface WorkerTask {
  readonly environmentsDir: string;
  readonly outdir: string;
  /** Environment files (base names) whose environments this worker builds. */
  readonly files: readonly string[];
  readonly accountStacks: NonNullable<BuildOptions["accountStacks"]>;
}

/** What the worker answers: ok with its peak memory, or the error. */
export type WorkerResult = { readonly ok: true; readonly usage: WorkerUsage } | { readonly ok: false; readonly error: string };

/** Peak memory (KiB) and CPU time (s) of a process. */
export interface WorkerUsage {
  readonly maxRssKiB: number;
  readonly cpuSeconds: number;
}

export function ownUsage(): WorkerUsage {
  const u = process.resourceUsage();
  return { maxRssKiB: u.maxRSS, cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6 };
}

export function runTask(task: WorkerTask): void {
  // Every worker validates all files (cheap next to synth), so the parent needs no config code.
  const config = loadPlatformConfig(task.environmentsDir);
  const environments = config.environments.filter((e) => task.files.includes(path.basename(e.file))).map((e) => e.name);
  // Loaded after validation: bad input fails before the stacks' modules are read.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildApp } = require("../app") as typeof App;
  const { app } = buildApp(config, { outdir: task.outdir, environments, accountStacks: task.accountStacks });
  app.synth();
}

if (require.main === module) {
  process.once("message", (task: WorkerTask) => {
    let result: WorkerResult;
    try {
      runTask(task);
      result = { ok: true, usage: ownUsage() };
    } catch (err) {
      // Configuration problems are already one readable message; anything else needs its stack.
      result = {
        ok: false,
        error: err instanceof Error ? (err.name === "ConfigError" ? err.message : (err.stack ?? err.message)) : String(err),
      };
    }
    if (!process.send) throw new Error("synth-worker runs as a forked child with an IPC channel (child_process.fork)");
    process.send(result, () => process.disconnect());
  });
}
