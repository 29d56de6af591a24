import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Table from "cli-table3";
import { CUTOVER_STEPS, runCutover, type CutoverStep } from "./cutover-script";
import { LocalPostgres } from "./local-postgres";
import type { Projection, RehearsalMeasurement } from "./projection";
import { eventRowsFor, seedSql } from "./seed";
import { required } from "../defined";

export interface RehearsalOptions {
  /** Size of the seed in GB (1e9 bytes); fractions allowed. */
  readonly scaleGb: number;
  /** Parallel jobs for dump, restore and analyze. @default - the CPUs of this machine */
  readonly jobs?: number;
  /** Progress lines (seeding, running). @default - none */
  readonly log?: (line: string) => void;
}

/**
 * Seeds a throwaway source cluster with about `scaleGb` of application-shaped data, runs the whole
 * cutover script into a throwaway target, and returns what it measured. Both clusters and the
 * dump are removed afterwards, also when the script fails (the error carries its output).
 */
export async function rehearse(
  options: RehearsalOptions,
): Promise<RehearsalMeasurement & { seedSeconds: number; dumpBytes: number; clusterDirs: string[] }> {
  const jobs = Math.max(1, Math.min(options.jobs ?? os.cpus().length, os.cpus().length));
  const log = options.log ?? (() => undefined);
  let source: LocalPostgres | undefined;
  let target: LocalPostgres | undefined;
  try {
    source = await LocalPostgres.start("source");
    target = await LocalPostgres.start("target");
    source.psql("postgres", "create database app");
    target.psql("postgres", "create role app nologin; create database app");
    const rows = eventRowsFor(options.scaleGb);
    log(`seeding ${rows} events (~${options.scaleGb} GB)...`);
    const seedStart = process.hrtime.bigint();
    source.psql("app", seedSql(rows));
    const seedSeconds = Number(process.hrtime.bigint() - seedStart) / 1e9;
    const [dbBytes, largestBytes] = source
      .psql(
        "app",
        "select pg_database_size(current_database()), (select max(pg_total_relation_size(oid)) from pg_class where relkind = 'r' and relnamespace::regnamespace::text in ('public','billing'))",
      )
      .trim()
      .split("|")
      .map(Number) as [number, number];
    log(`seeded ${(dbBytes / 1e9).toFixed(3)} GB in ${seedSeconds.toFixed(1)} s; running the cutover with ${jobs} jobs...`);
    // Inside the source's folder, so the exit hook that stops the cluster removes it too.
    const dumpDir = path.join(source.dir, "dump");
    const run = runCutover("all", {
      sourceUrl: source.url("app"),
      targetUrl: target.url("app"),
      appRole: "app",
      dumpDir,
      jobs,
      pgBinDir: source.binDir,
    });
    if (run.status !== 0) throw new Error(`the cutover script failed (exit ${run.status}):\n${run.stderr.trim()}`);
    const seconds = Object.fromEntries(CUTOVER_STEPS.map((s) => [s, run.seconds[s] ?? NaN])) as Record<CutoverStep, number>;
    const dumpBytes = fs.readdirSync(dumpDir).reduce((sum, f) => sum + fs.statSync(path.join(dumpDir, f)).size, 0);
    return {
      seconds,
      databaseGb: dbBytes / 1e9,
      largestTableShare: largestBytes / dbBytes,
      parallelism: jobs,
      seedSeconds,
      dumpBytes,
      clusterDirs: [source.dir, target.dir],
    };
  } finally {
    source?.stop();
    target?.stop();
  }
}

const minutes = (s: number) => (s < 60 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`);

/**
 * The report `npm run migration:rehearse` prints: each step as measured and as projected for each
 * production size (column), with what limits it, then the window and the assumptions once.
 */
export function formatRehearsal(
  m: RehearsalMeasurement & { dumpBytes: number },
  projections: readonly { label: string; projection: Projection }[],
): string {
  const table = new Table({ head: ["step", "rehearsal", ...projections.map((p) => p.label)], style: { head: [], border: [] } });
  const first = required(projections[0], "a projection to show").projection;
  for (const [i, s] of first.steps.entries()) {
    table.push([
      s.step,
      `${s.measuredSeconds.toFixed(2)} s`,
      ...projections.map(({ projection }) => {
        const step = required(projection.steps[i], `step ${s.step} in every projection`);
        return `${minutes(step.projectedSeconds)} (${step.parallelism} jobs, ${step.limitedBy})`;
      }),
    ]);
  }
  const rehearsalDowntime = first.steps.filter((s) => s.step !== "preflight").reduce((sum, s) => sum + s.measuredSeconds, 0);
  table.push([
    "downtime (freeze..verify)",
    `${rehearsalDowntime.toFixed(2)} s`,
    ...projections.map(({ projection }) => minutes(projection.downtimeSeconds)),
  ]);
  table.push(["maintenance window", "", ...projections.map(({ projection }) => `${projection.windowMinutes} min`)]);
  return [
    `Rehearsal: ${m.databaseGb.toFixed(3)} GB seeded (largest table ${Math.round(m.largestTableShare * 100)}%), dump ${(m.dumpBytes / 1e6).toFixed(1)} MB, ${m.parallelism} jobs on ${os.cpus().length} CPUs.`,
    table.toString(),
    "Assumptions:",
    ...first.assumptions.map((a) => `  - ${a}`),
    "",
  ].join("\n");
}
