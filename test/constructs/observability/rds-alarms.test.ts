import { Testing } from "cdktf";
import { RdsAlarms, type RdsAlarmsProps } from "../../../constructs/observability/rds-alarms";
import { postgresDefaultMaxConnections, rdsInstanceMemoryGiB } from "../../../constructs/observability/rds-instance-classes";
import type { TfJson } from "../../helpers/synth";
import { alarmNamed, alarms, observabilityStack } from "./helpers";

function synth(extra: Partial<RdsAlarmsProps> = {}): TfJson {
  const { stack, topics } = observabilityStack();
  new RdsAlarms(stack, "Postgres", {
    namePrefix: "us",
    topics,
    instanceIdentifier: "us-postgres",
    instanceClass: "db.r6g.large",
    allocatedStorageGiB: 100,
    ...extra,
  });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

describe("RdsAlarms", () => {
  const json = synth();

  test("CPU, free storage, freeable memory and connections of the instance", () => {
    expect(
      alarms(json)
        .map((a) => a["metric_name"])
        .sort(),
    ).toEqual(["CPUUtilization", "DatabaseConnections", "FreeStorageSpace", "FreeableMemory"]);
    for (const a of alarms(json)) expect(a["dimensions"]).toEqual({ DBInstanceIdentifier: "us-postgres" });
  });

  test("thresholds derive from the instance class and storage", () => {
    // db.r6g.large: 16 GiB; max_connections = 16 GiB / 9531392 = 1802
    expect(alarmNamed(json, "us-rds-freeable-memory-low")!["threshold"]).toBe(Math.round(16 * 1024 ** 3 * 0.1));
    expect(alarmNamed(json, "us-rds-connections-high")!["threshold"]).toBe(Math.floor(1802 * 0.8));
    expect(alarmNamed(json, "us-rds-free-storage-low")).toMatchObject({
      threshold: 5 * 1024 ** 3,
      comparison_operator: "LessThanThreshold",
      statistic: "Minimum",
    });
  });

  test("a replica adds a replica-lag alarm on the replica", () => {
    expect(alarmNamed(synth({ replicaIdentifier: "us-postgres-replica" }), "us-rds-replica-lag-high")).toMatchObject({
      metric_name: "ReplicaLag",
      dimensions: { DBInstanceIdentifier: "us-postgres-replica" },
      threshold: 300,
    });
    expect(alarmNamed(json, "us-rds-replica-lag-high")).toBeUndefined();
  });

  test("memory table and max_connections formula", () => {
    expect([
      rdsInstanceMemoryGiB("db.t4g.medium"),
      rdsInstanceMemoryGiB("db.m6g.xlarge"),
      rdsInstanceMemoryGiB("db.r7g.2xlarge"),
      rdsInstanceMemoryGiB("db.z1d.large"),
    ]).toEqual([4, 16, 64, undefined]);
    expect(postgresDefaultMaxConnections(4)).toBe(450);
    expect(postgresDefaultMaxConnections(1024)).toBe(5000);
  });

  test("throws on an instance class the memory table does not know", () => {
    expect(() => synth({ instanceClass: "db.z1d.large" })).toThrow(
      'test/Postgres: instanceClass: a class in the memory table (db.r*, db.m*, db.x*, db.t* sizes large to 24xlarge; add others to rds-instance-classes.ts) (got "db.z1d.large")',
    );
  });

  test("throws on an impossible CPU threshold or storage", () => {
    expect(() => synth({ cpuPercent: 120, allocatedStorageGiB: 5 })).toThrow(
      "test/Postgres: cpuPercent: between 0 and 100 (got 120)\ntest/Postgres: allocatedStorageGiB: at least 20 (got 5)",
    );
  });

  test("throws on a replica lag below 30 seconds", () => {
    expect(() => synth({ replicaLagSeconds: 5 })).toThrow("test/Postgres: replicaLagSeconds: at least 30 (got 5)");
  });
});
