import * as fs from "node:fs";
import * as path from "node:path";
import { loadPlatformConfig } from "../../../lib/config/load";
import type { EnvironmentConfig } from "../../../lib/config/model";
import { chartValuesProblems } from "../../../constructs/platform/chart-values";
import { clickhouseClusterValues, clickhouseResources } from "../../../constructs/platform/clickhouse-values";
import { chartDir, repoRoot } from "../../../lib/paths";
import { nodeShape } from "../../../lib/sizing/node-shape";
import { clickhouseChartInputs } from "../../../stacks/platform-stack";
import { Testing, TerraformStack } from "cdktf";

// The construct bad chart inputs are reported against (the platform stack in the app).
const scope = new TerraformStack(Testing.app(), "test");

const config = loadPlatformConfig();
const envs = config.environments;
const inputs = (env: EnvironmentConfig) =>
  clickhouseChartInputs(env, {
    storageClass: "gp3-encrypted",
    backupsBucketName: "bucket",
    dataKmsKeyArn: "arn:aws:kms:us-east-1:1:key/k",
    tiering: env.clickhouse.tiering.enabled ? { hotDays: env.clickhouse.tiering.hotDays, bucketName: "cold-bucket" } : null,
  });
const withClickHouse = (env: EnvironmentConfig, patch: Partial<EnvironmentConfig["clickhouse"]>): EnvironmentConfig => ({
  ...env,
  clickhouse: { ...env.clickhouse, ...patch },
});

describe("ClickHouse layout", () => {
  test.each(envs.map((e) => [e.name, e] as const))("%s: shards x replicas come from the environment", (_name, env) => {
    const values = clickhouseClusterValues(scope, inputs(env));
    const placement = values.placement as string[][];
    expect(placement).toHaveLength(env.clickhouse.shards);
    for (const shard of placement) expect(shard).toHaveLength(env.clickhouse.replicas);
    expect(values.zones).toEqual(env.availabilityZones);
    expect(chartValuesProblems(chartDir("clickhouse-cluster"), values)).toEqual([]);
  });

  test("pods tolerate and select the dedicated ClickHouse nodes", () => {
    const values = clickhouseClusterValues(scope, inputs(envs[0]!));
    expect(values.nodeSelector).toEqual({ dedicated: "clickhouse" });
    expect(values.tolerations).toEqual([{ key: "dedicated", operator: "Equal", value: "clickhouse", effect: "NoSchedule" }]);
  });

  test("Keeper has three members", () => {
    expect(clickhouseClusterValues(scope, inputs(envs[0]!)).keeper).toMatchObject({ replicas: 3 });
  });

  test("backups follow the tier's schedule and retention", () => {
    const env = withClickHouse(envs[0]!, {
      backup: { schedule: "30 1 * * *", fullEveryDays: 3, retentionDays: 14, storageClass: "STANDARD" },
    });
    expect(clickhouseClusterValues(scope, inputs(env)).backup).toMatchObject({
      schedule: "30 1 * * *",
      fullEveryDays: 3,
      keepRemote: 14,
      storageClass: "STANDARD",
      bucket: "bucket",
    });
  });

  test("backups are written in the storage class the configuration sets (the Standard-IA cost lever)", () => {
    const env = withClickHouse(envs[0]!, { backup: { ...envs[0]!.clickhouse.backup, storageClass: "STANDARD_IA" } });
    expect(clickhouseClusterValues(scope, inputs(env)).backup).toMatchObject({ storageClass: "STANDARD_IA" });
  });

  test("no password or credential appears in the values", () => {
    const text = JSON.stringify(envs.map((e) => clickhouseClusterValues(scope, inputs(e))));
    expect(text).not.toMatch(/"password"\s*:|"secret_access_key"|"token"\s*:/i);
  });
});

describe("ClickHouse container resources", () => {
  test("requests equal limits, in Kubernetes quantities", () => {
    expect(clickhouseResources(scope, { cpu: 6, memoryGiB: 52 })).toEqual({
      requests: { cpu: "6", memory: "52Gi" },
      limits: { cpu: "6", memory: "52Gi" },
    });
  });

  test("the chart's inputs give each pod what its node leaves after the reserve and the backup sidecar", () => {
    for (const env of envs) {
      const { server, backupSidecar } = inputs(env);
      const shape = nodeShape(env.clickhouse.instanceType);
      expect(server.cpu + backupSidecar.cpu).toBeLessThan(shape.vcpu);
      expect(server.memoryGiB + backupSidecar.memoryGiB).toBeLessThan(shape.memoryGiB);
    }
  });

  test("throws below ClickHouse's minimum", () => {
    expect(() => clickhouseResources(scope, { cpu: 0, memoryGiB: 2 })).toThrow(
      'test: server: at least ClickHouse\'s minimum of 1 vCPU and 4 GiB (cpu, memoryGiB) (got {"cpu":0,"memoryGiB":2})',
    );
  });
});

describe("clickhouse-cluster templates", () => {
  const template = (f: string) => fs.readFileSync(path.join(repoRoot(), "charts/clickhouse-cluster/templates", f), "utf8");
  const chi = template("clickhouse-installation.yaml");

  test("each replica is pinned to the zone the values give it, one server per node", () => {
    expect(chi).toMatch(/podTemplate: \{\{ printf "zone-%s" \$zone \| quote \}\}/);
    expect(chi).toMatch(/key: topology\.kubernetes\.io\/zone/);
    expect(chi).toMatch(/type: ClickHouseAntiAffinity/);
  });

  test("the autoscaler may not evict ClickHouse or Keeper pods", () => {
    expect(chi).toContain('cluster-autoscaler.kubernetes.io/safe-to-evict: "false"');
    expect(template("keeper-installation.yaml")).toContain('cluster-autoscaler.kubernetes.io/safe-to-evict: "false"');
  });

  test("Keeper members spread over zones", () => {
    expect(template("keeper-installation.yaml")).toMatch(/topologyKey: topology\.kubernetes\.io\/zone\s+whenUnsatisfiable: DoNotSchedule/);
  });

  test("the default user is read-only and local; services are internal", () => {
    expect(chi).toMatch(/default\/profile: readonly/);
    expect(chi).toMatch(/default\/networks\/ip:\s+- "::1"\s+- "127\.0\.0\.1"/);
    expect(chi).toMatch(/type: ClusterIP/);
    expect(chi).not.toMatch(/\/password: /);
  });
});
