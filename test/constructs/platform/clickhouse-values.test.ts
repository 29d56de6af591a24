import * as fs from "node:fs";
import * as path from "node:path";
import { loadPlatformConfig } from "../../../lib/config/load";
import type { EnvironmentConfig } from "../../../lib/config/model";
import { chartValuesProblems } from "../../../constructs/platform/chart-values";
import { clickhouseClusterValues, clickhouseResources } from "../../../constructs/platform/clickhouse-values";
import { chartDir, repoRoot } from "../../../lib/paths";
import { clickhouseChartInputs } from "../../../stacks/platform-stack";

const config = loadPlatformConfig();
const envs = config.environments;
const inputs = (env: EnvironmentConfig) => clickhouseChartInputs(env, { storageClass: "gp3-encrypted", backupsBucketName: "bucket", dataKmsKeyArn: "arn:aws:kms:us-east-1:1:key/k" });
const withClickHouse = (env: EnvironmentConfig, patch: Partial<EnvironmentConfig["clickhouse"]>): EnvironmentConfig => ({ ...env, clickhouse: { ...env.clickhouse, ...patch } });

describe("ClickHouse layout", () => {
  test.each(envs.map((e) => [e.name, e] as const))("%s: shards x replicas come from the environment", (_name, env) => {
    const values = clickhouseClusterValues(inputs(env));
    const placement = values.placement as string[][];
    expect(placement).toHaveLength(env.clickhouse.shards);
    for (const shard of placement) expect(shard).toHaveLength(env.clickhouse.replicas);
    expect(values.zones).toEqual(env.availabilityZones);
    expect(chartValuesProblems(chartDir("clickhouse-cluster"), values)).toEqual([]);
  });

  test("pods tolerate and select the dedicated ClickHouse nodes", () => {
    const values = clickhouseClusterValues(inputs(envs[0]));
    expect(values.nodeSelector).toEqual({ dedicated: "clickhouse" });
    expect(values.tolerations).toEqual([{ key: "dedicated", operator: "Equal", value: "clickhouse", effect: "NoSchedule" }]);
  });

  test("Keeper has three members", () => {
    expect(clickhouseClusterValues(inputs(envs[0])).keeper).toMatchObject({ replicas: 3 });
  });

  test("backups follow the tier's schedule and retention", () => {
    const env = withClickHouse(envs[0], { backup: { schedule: "30 1 * * *", fullEveryDays: 3, retentionDays: 14 } });
    expect(clickhouseClusterValues(inputs(env)).backup).toMatchObject({ schedule: "30 1 * * *", fullEveryDays: 3, keepRemote: 14, bucket: "bucket" });
  });

  test("no password or credential appears in the values", () => {
    const text = JSON.stringify(envs.map((e) => clickhouseClusterValues(inputs(e))));
    expect(text).not.toMatch(/"password"\s*:|"secret_access_key"|"token"\s*:/i);
  });
});

describe("ClickHouse pod sizing", () => {
  test("requests equal limits and leave room for the node and the backup sidecar", () => {
    const r = clickhouseResources("r6i.2xlarge", { vcpu: 8, memoryGiB: 64 }) as { requests: { cpu: string; memory: string }; limits: unknown };
    expect(r.requests).toEqual(r.limits);
    expect(Number(r.requests.cpu)).toBeLessThan(8);
    expect(parseInt(r.requests.memory, 10)).toBeLessThan(64);
  });

  test("throws for a type too small for ClickHouse", () => {
    expect(() => clickhouseResources("m6i.large", { vcpu: 2, memoryGiB: 8 })).toThrow(/leaves .* for ClickHouse/);
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
