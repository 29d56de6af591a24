import { fork } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stableJson } from "./stable-json";
import type { WorkerResult, WorkerTask, WorkerUsage } from "./synth-worker";

export interface ParallelSynthOptions {
  /** Output folder; replaced only when every worker succeeded. */
  readonly out: string;
  /** Folder of the environment files. */
  readonly environmentsDir: string;
  /** Worker processes. @default - the number of CPUs, at most one per environment file */
  readonly workers?: number;
}

export interface ParallelSynthResult {
  readonly workers: number;
  /** Peak memory and CPU time of each worker. */
  readonly workerUsage: readonly WorkerUsage[];
}

interface ManifestJson {
  version: string;
  stacks: Record<string, unknown>;
}

/**
 * Synthesizes the app in several processes, each building the environments of a share of the
 * environment files (the last also builds the organization and bootstrap stacks), and merges
 * their output into one folder with one manifest.json. A stack's JSON does not depend on which
 * other environments share its process, so the result is byte-identical to a single-process synth
 * (test/bench/parallel-synth.test.ts). Workers are forked from synth-worker.js, so this runs from
 * compiled JavaScript (dist/) only. The parent loads no cdktf or configuration code: it starts the
 * workers at once and each validates every file.
 */
export async function synthesizeInParallel(options: ParallelSynthOptions): Promise<ParallelSynthResult> {
  const files = fs
    .readdirSync(options.environmentsDir)
    .filter((f) => /\.ya?ml$/.test(f) && f !== "accounts.yaml")
    .sort();
  const count = Math.max(1, Math.min(options.workers ?? os.cpus().length, files.length));
  // Round-robin so each worker gets a similar mix.
  const shares = Array.from({ length: count }, (_, i) => files.filter((_f, j) => j % count === i));

  const scratch = `${options.out}.parallel-${process.pid}`;
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  try {
    const tasks: WorkerTask[] = shares.map((share, i) => ({
      environmentsDir: options.environmentsDir,
      outdir: path.join(scratch, `worker-${i}`),
      files: share,
      // The last worker has the fewest files (round-robin), so it also builds the account stacks.
      accountStacks: i === count - 1 ? "all" : "none",
    }));
    const settled = await Promise.allSettled(tasks.map(runWorker));
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
    const merged = path.join(scratch, "merged");
    mergeOutputs(
      tasks.map((t) => t.outdir),
      merged,
    );
    const previous = `${options.out}.old-${process.pid}`;
    if (fs.existsSync(options.out)) fs.renameSync(options.out, previous);
    fs.renameSync(merged, options.out);
    fs.rmSync(previous, { recursive: true, force: true });
    return { workers: count, workerUsage: settled.map((r) => (r as PromiseFulfilledResult<WorkerUsage>).value) };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function runWorker(task: WorkerTask): Promise<WorkerUsage> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, "synth-worker.js"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let answer: WorkerResult | undefined;
    child.on("message", (m: WorkerResult) => (answer = m));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (answer?.ok) resolve(answer.usage);
      else
        reject(
          new Error(answer && !answer.ok ? answer.error : `synth worker for ${task.files.join(", ")} exited with ${code} and no answer`),
        );
    });
    child.send(task);
  });
}

/** Moves every worker's stacks into `into` and writes one manifest.json listing all of them. */
function mergeOutputs(outdirs: readonly string[], into: string): void {
  fs.mkdirSync(path.join(into, "stacks"), { recursive: true });
  let version: string | undefined;
  const stacks: Record<string, unknown> = {};
  for (const dir of outdirs) {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as ManifestJson;
    if (version !== undefined && manifest.version !== version)
      throw new Error(`parallel synth: workers wrote cdktf versions ${version} and ${manifest.version}`);
    version = manifest.version;
    for (const [name, entry] of Object.entries(manifest.stacks)) {
      if (name in stacks) throw new Error(`parallel synth: stack ${name} was built by two workers`);
      stacks[name] = entry;
      fs.renameSync(path.join(dir, "stacks", name), path.join(into, "stacks", name));
    }
  }
  fs.writeFileSync(path.join(into, "manifest.json"), stableJson({ version, stacks }));
}
