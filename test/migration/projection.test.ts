import * as fs from "node:fs";
import { rdsInstanceVcpus } from "../../constructs/observability/rds-instance-classes";
import { CUTOVER_STEPS, type CutoverStep } from "../../lib/migration/cutover-script";
import { ec2Vcpus, projectCutover, type RehearsalMeasurement } from "../../lib/migration/projection";
import { formatRehearsal, rehearse } from "../../lib/migration/rehearsal";

const seconds = (value: (s: CutoverStep) => number) =>
  Object.fromEntries(CUTOVER_STEPS.map((s) => [s, value(s)])) as Record<CutoverStep, number>;
// 1 GB in 10 s per step on 2 jobs, no dominant table.
const measured: RehearsalMeasurement = { seconds: seconds(() => 10), databaseGb: 1, largestTableShare: 0, parallelism: 2 };
const target = { databaseGb: 100, rdsInstanceClass: "db.r6g.4xlarge", restoreHostInstanceType: "c6i.4xlarge", networkMbps: 1e6 };
const step = (p: ReturnType<typeof projectCutover>, name: CutoverStep) => p.steps.find((s) => s.step === name)!;

describe("cutover projection", () => {
  test("vCPUs from the instance class tables", () => {
    expect(rdsInstanceVcpus("db.r6g.large")).toBe(2);
    expect(rdsInstanceVcpus("db.m7g.4xlarge")).toBe(16);
    expect(rdsInstanceVcpus("db.t4g.medium")).toBe(2);
    expect(rdsInstanceVcpus("db.z1d.large")).toBeUndefined();
    expect(ec2Vcpus("c6i.4xlarge")).toBe(16);
    expect(ec2Vcpus("c7g.large")).toBe(2);
    expect(ec2Vcpus("c6i.metal")).toBeUndefined();
  });

  test("size-bound steps scale with size and with the jobs the production hosts run", () => {
    const p = projectCutover(measured, target);
    // 10 s/GB on 2 jobs = 20 CPU-seconds per GB; 100 GB on 16 jobs = 125 s.
    expect(step(p, "restore").projectedSeconds).toBeCloseTo(125);
    expect(step(p, "dump").projectedSeconds).toBeCloseTo(125);
    // verify reads one session per side: linear in size only.
    expect(step(p, "verify").projectedSeconds).toBeCloseTo(1000);
    // Object-count steps stay as measured.
    expect(step(p, "grants").projectedSeconds).toBe(10);
  });

  test("a small RDS class caps restore and analyze, not the dump", () => {
    const p = projectCutover(measured, { ...target, rdsInstanceClass: "db.r6g.large" });
    expect(step(p, "restore").parallelism).toBe(2);
    expect(step(p, "restore").projectedSeconds).toBeCloseTo(1000);
    expect(step(p, "restore").limitedBy).toBe("RDS 2 vCPU");
    expect(step(p, "dump").parallelism).toBe(16);
  });

  test("the largest table bounds parallel steps (one job per table)", () => {
    const p = projectCutover({ ...measured, largestTableShare: 0.8 }, target);
    // Rehearsal: 10 s = GB × c × (0.2/2 + 0.8) → c = 11.1; production 100 × c × (0.2/16 + 0.8).
    expect(step(p, "restore").projectedSeconds).toBeCloseTo((100 * 10 * (0.2 / 16 + 0.8)) / 0.9);
    expect(step(p, "restore").limitedBy).toBe("largest table (80%)");
  });

  test("the dump cannot beat the network", () => {
    const p = projectCutover(measured, { ...target, networkMbps: 100 });
    expect(step(p, "dump").projectedSeconds).toBeCloseTo(8000);
    expect(step(p, "dump").limitedBy).toBe("network 100 Mbit/s");
  });

  test("downtime excludes preflight; the window adds margin and switch time, in quarter hours", () => {
    const p = projectCutover(measured, target);
    const sum = p.steps.filter((s) => s.step !== "preflight").reduce((a, s) => a + s.projectedSeconds, 0);
    expect(p.downtimeSeconds).toBeCloseTo(sum);
    expect(p.windowMinutes % 15).toBe(0);
    expect(p.windowMinutes).toBeGreaterThanOrEqual((sum / 60) * 1.5 + 30);
    expect(p.windowMinutes).toBeLessThan((sum / 60) * 1.5 + 45);
  });

  test("unknown classes are named with the config field", () => {
    expect(() => projectCutover(measured, { ...target, rdsInstanceClass: "db.z1d.large" })).toThrow(
      /postgres.instanceClass: no vCPU count known for "db.z1d.large"/,
    );
    expect(() => projectCutover(measured, { ...target, restoreHostInstanceType: "c6i.metal" })).toThrow(
      /migration.heroku.restoreHostInstanceType: no vCPU count known for "c6i.metal"/,
    );
  });

  test("a tiny rehearsal end to end: every step timed, the report printed, nothing left behind", async () => {
    const m = await rehearse({ scaleGb: 0.001, jobs: 2 });
    expect(Object.values(m.seconds).every((s) => Number.isFinite(s) && s >= 0)).toBe(true);
    expect(m.databaseGb).toBeGreaterThan(0);
    expect(m.largestTableShare).toBeGreaterThan(0);
    expect(m.largestTableShare).toBeLessThan(1);
    const report = formatRehearsal(m, [
      { label: "100 GB", projection: projectCutover(m, target) },
      { label: "200 GB", projection: projectCutover(m, { ...target, databaseGb: 200 }) },
    ]);
    expect(report).toMatch(/step .* rehearsal .* 100 GB .* 200 GB/);
    expect(report).toMatch(/downtime \(freeze\.\.verify\)/);
    expect(report).toMatch(/maintenance window .* \d+ min .* \d+ min/);
    // Both clusters (and the dump inside the source's folder) are gone.
    expect(m.clusterDirs).toHaveLength(2);
    expect(m.clusterDirs.filter((d) => fs.existsSync(d))).toEqual([]);
  }, 120_000);
});
