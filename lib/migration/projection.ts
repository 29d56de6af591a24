import { rdsInstanceVcpus } from "../../constructs/observability/rds-instance-classes";
import { CUTOVER_STEPS, type CutoverStep } from "./cutover-script";

/** What one rehearsal measured. */
export interface RehearsalMeasurement {
  /** Seconds per step, from the script's own `done in` lines. */
  readonly seconds: Readonly<Record<CutoverStep, number>>;
  /** pg_database_size of the seeded source, GB (1e9 bytes). */
  readonly databaseGb: number;
  /** Share of the database in its largest table (with indexes): pg_restore -j cannot split a table. */
  readonly largestTableShare: number;
  /** Jobs the rehearsal ran with (pg_dump, pg_restore, vacuumdb), at most its CPUs. */
  readonly parallelism: number;
}

/** Where the production cutover runs. */
export interface ProductionTarget {
  readonly databaseGb: number;
  readonly rdsInstanceClass: string;
  readonly restoreHostInstanceType: string;
  /** Share of production's largest table. @default - the rehearsal's */
  readonly largestTableShare?: number;
  /** Usable bandwidth from Heroku to the restore host. @default 1000 Mbit/s */
  readonly networkMbps?: number;
  /** Speed of one production vCPU relative to one rehearsal CPU. @default 1 */
  readonly cpuFactor?: number;
}

/**
 * POLICY: the maintenance window is the projected downtime times this margin, plus the switch and
 * smoke test after verify (runbook steps 9-11), rounded up to a quarter hour.
 */
export const WINDOW_MARGIN = 1.5;
export const SWITCH_AND_SMOKE_TEST_MINUTES = 30;

/** Steps whose time grows with the data; the others depend on the number of objects only. */
const SIZE_BOUND: ReadonlySet<CutoverStep> = new Set(["dump", "restore", "analyze", "verify"]);

/** EC2 sizes: large 2 vCPU, xlarge 4, Nxlarge 4N (EC2 instance type pages; metal not modelled). */
export function ec2Vcpus(instanceType: string): number | undefined {
  const size = /^[a-z][a-z0-9-]*\.(\w+)$/.exec(instanceType)?.[1];
  if (size === "large") return 2;
  if (size === "xlarge") return 4;
  const n = /^(\d+)xlarge$/.exec(size ?? "")?.[1];
  return n ? Number(n) * 4 : undefined;
}

export interface StepProjection {
  readonly step: CutoverStep;
  readonly measuredSeconds: number;
  readonly parallelism: number;
  readonly projectedSeconds: number;
  readonly limitedBy: string;
}

export interface Projection {
  readonly steps: readonly StepProjection[];
  /** Freeze to verify: the write freeze before the switch (preflight runs earlier). */
  readonly downtimeSeconds: number;
  readonly windowMinutes: number;
  readonly assumptions: readonly string[];
}

/**
 * Scales each measured step to the production size. A size-bound step takes
 * size × (seconds per GB on one CPU) × ((1 − f) / p + f), with f the largest table's share (one
 * job handles it alone) and p the jobs that step can run at once; seconds per GB on one CPU come
 * from the rehearsal solved the same way. The dump cannot beat the network.
 */
export function projectCutover(m: RehearsalMeasurement, target: ProductionTarget): Projection {
  const rdsVcpus = rdsInstanceVcpus(target.rdsInstanceClass);
  const hostVcpus = ec2Vcpus(target.restoreHostInstanceType);
  if (rdsVcpus === undefined)
    throw new Error(
      `postgres.instanceClass: no vCPU count known for "${target.rdsInstanceClass}" (db.m*, db.r*, db.x*, db.t* classes are)`,
    );
  if (hostVcpus === undefined)
    throw new Error(
      `migration.heroku.restoreHostInstanceType: no vCPU count known for "${target.restoreHostInstanceType}" (large, xlarge, Nxlarge sizes are)`,
    );
  const fLocal = m.largestTableShare;
  const fProd = target.largestTableShare ?? fLocal;
  const networkMbps = target.networkMbps ?? 1000;
  const cpuFactor = target.cpuFactor ?? 1;
  // The runbook runs -j with the host's vCPUs; a restore job is a backend on RDS, so RDS caps it too.
  const jobs: Record<CutoverStep, [number, string]> = {
    preflight: [1, "object count"],
    freeze: [1, "object count"],
    dump: [hostVcpus, `restore host ${hostVcpus} vCPU`],
    restore: [Math.min(hostVcpus, rdsVcpus), rdsVcpus < hostVcpus ? `RDS ${rdsVcpus} vCPU` : `restore host ${hostVcpus} vCPU`],
    sequences: [1, "object count"],
    grants: [1, "object count"],
    analyze: [Math.min(hostVcpus, rdsVcpus), `RDS ${rdsVcpus} vCPU`],
    verify: [1, "one session per side"],
  };
  const amdahl = (f: number, p: number) => (1 - f) / p + f;
  const steps = CUTOVER_STEPS.map((step): StepProjection => {
    const measured = m.seconds[step];
    const [p, limit] = jobs[step];
    if (!SIZE_BOUND.has(step)) return { step, measuredSeconds: measured, parallelism: p, projectedSeconds: measured, limitedBy: limit };
    const localP = step === "verify" ? 1 : m.parallelism;
    const perGbOneCpu = measured / (m.databaseGb * amdahl(fLocal, localP));
    let seconds = (target.databaseGb * perGbOneCpu * amdahl(fProd, p)) / cpuFactor;
    let limitedBy = fProd > 0.5 && p > 1 ? `largest table (${Math.round(fProd * 100)}%)` : limit;
    const wire = (target.databaseGb * 8000) / networkMbps;
    if (step === "dump" && wire > seconds) {
      seconds = wire;
      limitedBy = `network ${networkMbps} Mbit/s`;
    }
    return { step, measuredSeconds: measured, parallelism: p, projectedSeconds: seconds, limitedBy };
  });
  // Preflight runs before the freeze: not downtime.
  const downtimeSeconds = steps.filter((s) => s.step !== "preflight").reduce((sum, s) => sum + s.projectedSeconds, 0);
  const windowMinutes = Math.ceil(((downtimeSeconds / 60) * WINDOW_MARGIN + SWITCH_AND_SMOKE_TEST_MINUTES) / 15) * 15;
  const assumptions = [
    `one ${target.restoreHostInstanceType} vCPU or ${target.rdsInstanceClass} vCPU does ${cpuFactor}x the work of one rehearsal CPU (rehearsal: ${m.parallelism} jobs)`,
    `dump and restore scale with data size; the largest table is ${Math.round(fProd * 100)}% of production (rehearsal: ${Math.round(fLocal * 100)}%) and loads on one job`,
    `jobs = restore host vCPUs (${hostVcpus}), capped by RDS vCPUs (${rdsVcpus}) for restore and analyze; Heroku serves ${hostVcpus} dump sessions without throttling`,
    `Heroku to restore host carries ${networkMbps} Mbit/s; gp3 storage on RDS is not the bottleneck (raise its throughput for the restore otherwise)`,
    `preflight, freeze, sequences and grants depend on the number of objects, taken as the rehearsal's`,
    `window = downtime x ${WINDOW_MARGIN} + ${SWITCH_AND_SMOKE_TEST_MINUTES} min for the switch and smoke test, rounded up to 15 min`,
  ];
  return { steps, downtimeSeconds, windowMinutes, assumptions };
}
