import * as fs from "node:fs";
import * as path from "node:path";
import { ClickHouseNodeGroups } from "../../constructs/eks/clickhouse-node-groups";
import { chartValuesProblems } from "../../constructs/platform/chart-values";
import { clickhouseClusterValues } from "../../constructs/platform/clickhouse-values";
import { loadPlatformConfig } from "../../lib/config/load";
import type { EnvironmentConfig } from "../../lib/config/model";
import { chartDir, repoRoot } from "../../lib/paths";
import { clickhouseChartInputs } from "../../stacks/platform-stack";
import { all, synth, testStack } from "../constructs/network/harness";
import { Testing, TerraformStack } from "cdktf";

// The construct bad chart inputs are reported against (the platform stack in the app).
const scope = new TerraformStack(Testing.app(), "test");

// Defect: the chart put replica r in zones[r mod zones] while the node groups were sized for
// (shard + replica) mod zones, so with 2+ shards a pod stayed Pending and a node idled. Now one
// function places replicas; the chart receives each replica's zone and computes none.

const template = (f: string) => fs.readFileSync(path.join(repoRoot(), "charts/clickhouse-cluster/templates", f), "utf8");
const base = loadPlatformConfig().environments.find((e) => e.availabilityZones.length >= 3)!;

/** The environment with another layout and zone list. */
function variant(shards: number, replicas: number, zoneCount: number): EnvironmentConfig {
  return { ...base, availabilityZones: base.availabilityZones.slice(0, zoneCount), clickhouse: { ...base.clickhouse, shards, replicas } };
}

/** Desired nodes of each zone's ClickHouse node group, as synthesized. */
function nodesByZone(env: EnvironmentConfig): Map<string, number> {
  const stack = testStack();
  new ClickHouseNodeGroups(stack, "clickhouse", {
    clusterName: "c",
    nodeGroupNamePrefix: "c",
    nodeRoleArn: "arn:aws:iam::123456789012:role/n",
    kubernetesVersion: env.kubernetes.version,
    availabilityZones: env.availabilityZones,
    subnetIdsByZone: env.availabilityZones.map((z) => `subnet-${z}`),
    securityGroupIds: ["sg"],
    rootVolumeKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k",
    shards: env.clickhouse.shards,
    replicas: env.clickhouse.replicas,
    instanceType: env.clickhouse.instanceType,
    storage: "ebs",
  });
  const groups = all(synth(stack), "aws_eks_node_group") as { subnet_ids: string[]; scaling_config: { desired_size: number } }[];
  return new Map(groups.map((g) => [g.subnet_ids[0]!.replace("subnet-", ""), g.scaling_config.desired_size]));
}

describe("ClickHouse replica zones: chart and node groups agree", () => {
  test("the chart takes each replica's pod template from the placement values and computes no zone", () => {
    const chi = template("clickhouse-installation.yaml");
    expect(chi).toMatch(/range \$s, \$replicaZones := \$v\.placement/);
    expect(chi).toMatch(/range \$r, \$zone := \$replicaZones/);
    expect(chi).toMatch(/podTemplate: \{\{ printf "zone-%s" \$zone \| quote \}\}/);
    // One pod template per zone, named after it and pinned to it.
    expect(chi).toMatch(
      /- name: \{\{ printf "zone-%s" \$zone \| quote \}\}\s+#[^\n]*\n\s+zone:\s+key: topology\.kubernetes\.io\/zone\s+values: \[\{\{ \$zone \| quote \}\}\]/,
    );
    expect(chi).not.toMatch(/\bmod\b/);
  });

  const cases: [number, number, number][] = [];
  for (const zones of [2, 3])
    for (let replicas = 1; replicas <= zones; replicas++) for (const shards of [1, 2, 3, 4, 5, 7]) cases.push([shards, replicas, zones]);

  test.each(cases)(
    "%i shards × %i replicas over %i zones: every pod has a node in its zone, no node idles",
    (shards, replicas, zoneCount) => {
      const env = variant(shards, replicas, zoneCount);
      const values = clickhouseClusterValues(
        scope,
        clickhouseChartInputs(env, {
          storageClass: "gp3-encrypted",
          backupsBucketName: "b",
          dataKmsKeyArn: "arn:aws:kms:us-east-1:1:key/k",
          tiering: null,
        }),
      );
      expect(chartValuesProblems(chartDir("clickhouse-cluster"), values)).toEqual([]);
      const placement = values.placement as string[][];
      expect(placement).toHaveLength(shards);
      const podsByZone = new Map<string, number>();
      for (const shard of placement) {
        expect(shard).toHaveLength(replicas);
        expect(new Set(shard).size).toBe(replicas); // a shard's replicas in different zones
        for (const zone of shard) podsByZone.set(zone, (podsByZone.get(zone) ?? 0) + 1);
      }
      const nodes = nodesByZone(env);
      for (const zone of env.availabilityZones) expect([zone, podsByZone.get(zone) ?? 0]).toEqual([zone, nodes.get(zone)]);
      for (const zone of podsByZone.keys()) expect(env.availabilityZones).toContain(zone);
    },
  );
});

describe("PodDisruptionBudgets in the chart", () => {
  const pdb = template("pdb.yaml");

  test("one budget per shard, selecting that shard's pods, at most one replica down", () => {
    expect(pdb).toMatch(/range \$s, \$replicaZones := \$v\.placement/);
    expect(pdb).toMatch(
      /maxUnavailable: 1\n\s+selector:\n\s+matchLabels:\n(\s+#[^\n]*\n)?\s+clickhouse\.altinity\.com\/chi: \{\{ \$v\.installation \| quote \}\}\n\s+clickhouse\.altinity\.com\/cluster: \{\{ \$v\.cluster \| quote \}\}\n\s+clickhouse\.altinity\.com\/shard: \{\{ \$s \| quote \}\}/,
    );
  });

  test("the operator's own cluster-wide budget is off, so no pod has two budgets (eviction refuses that)", () => {
    expect(template("clickhouse-installation.yaml")).toMatch(/pdbManaged: "no"/);
  });

  test("Keeper keeps its quorum: the budget selects the Keeper pods by labels their template sets", () => {
    expect(pdb).toContain("maxUnavailable: {{ max 1 (div (sub (int $v.keeper.replicas) 1) 2) }}");
    const keeper = template("keeper-installation.yaml");
    for (const [k, v] of [...pdb.matchAll(/\n\s+(app\.kubernetes\.io\/[a-z]+): ([^\n]+)/g)].map((m) => [m[1], m[2]])) {
      expect(keeper).toContain(`${k}: ${v}`);
    }
  });
});
