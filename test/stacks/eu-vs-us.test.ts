import { loadPlatformConfig } from "../../lib/config/load";
import type { EnvironmentConfig } from "../../lib/config/model";
import { networkAndCluster } from "../constructs/eks/layer-harness";
import { environmentsFixture, shippedFile } from "../helpers/fixtures";

/**
 * The EU and US stacks must differ only where their environment files differ. Both are synthesized,
 * everything the files name differently (account, region and zones, VPC block, environment name,
 * and the logical-id hashes derived from zone names) is replaced by a placeholder, and what remains
 * is compared.
 */

/** Replaces an environment's own names with placeholders, everywhere in a synthesized stack. */
function normalize(value: unknown, env: EnvironmentConfig): unknown {
  const vpcPrefix = env.vpcCidr.split(".").slice(0, 2).join(".") + ".";
  const text = (s: string) =>
    s
      .replaceAll(env.account.id, "<account>")
      .replaceAll(env.account.name, "<account-name>")
      .replaceAll(env.region, "<region>")
      .replaceAll(env.account.homeRegion, "<home-region>")
      .replaceAll(vpcPrefix, "<vpc>.")
      .replace(/_[0-9A-F]{8}(?=[^0-9A-Za-z]|$)/g, "_<hash>")
      .replace(new RegExp(`(^|[^a-z0-9])${env.name}(?=$|[^a-z0-9])`, "g"), "$1<env>");
  if (typeof value === "string") return text(value);
  if (Array.isArray(value)) return value.map((v) => normalize(v, env));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [text(k), normalize(v, env)]));
  return value;
}

/** Paths (dot-joined) where two JSON trees differ. */
function differences(a: unknown, b: unknown, path = ""): string[] {
  if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k),
    );
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

const compare = (a: ReturnType<typeof networkAndCluster>, b: ReturnType<typeof networkAndCluster>, layer: "networkJson" | "clusterJson") =>
  differences(normalize(a[layer], a.env), normalize(b[layer], b.env));

/** Settings of the resolved environment the cluster stack reads, flattened to `section.path` keys. */
function clusterSettings(env: EnvironmentConfig): Record<string, string> {
  const flat: Record<string, string> = {};
  const walk = (v: unknown, p: string) => {
    if (v && typeof v === "object" && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(x, `${p}.${k}`);
    else flat[p.slice(1)] = JSON.stringify(v);
  };
  walk({ tier: env.tier, kubernetes: env.kubernetes, clickhouse: env.clickhouse, clusterAccess: env.account.clusterAccess }, "");
  return flat;
}

/**
 * Which Terraform paths a setting may change. A cluster difference is explained when a setting
 * that differs between the two environments lists a pattern matching its path.
 */
const EFFECTS: [RegExp, RegExp][] = [
  [/^clickhouse\.(shards|replicas)$/, /^resource\.aws_eks_node_group\.clickhouse_.*\.scaling_config\./],
  [/^clickhouse\.instanceType$/, /^resource\.aws_(launch_template|eks_node_group)\.clickhouse_.*\.(instance_type|ami_type)$/],
  [/^clickhouse\.storage$/, /^resource\.aws_(launch_template|eks_node_group)\.clickhouse_.*\.(user_data|labels\.clickhouse-storage)$/],
  [
    /^kubernetes\.nodeGroups\.(system|app)\.instanceType$/,
    /^resource\.aws_(launch_template|eks_node_group)\.(system|app)_.*\.(instance_type|ami_type)$/,
  ],
  [/^kubernetes\.nodeGroups\.(system|app)\.(min|desired|max)Size$/, /^resource\.aws_eks_node_group\.(system|app)_.*\.scaling_config\./],
  [/^kubernetes\.nodeGroups\.(system|app)\.rootVolumeSizeGiB$/, /^resource\.aws_launch_template\.(system|app)_.*\.block_device_mappings\./],
  [/^kubernetes\.version$/, /\.(version|addon_version)$/],
  [/^kubernetes\.supportType$/, /^resource\.aws_eks_cluster\..*\.upgrade_policy\./],
];

describe("EU and US stacks differ only where their environment files differ", () => {
  const us = networkAndCluster("us");
  const eu = networkAndCluster("eu");

  test("the comparison is sound: us.yaml moved to the EU account, region and block synthesizes identically", () => {
    const moved = shippedFile("us.yaml")
      .replace("account: prod-us", "account: prod-eu")
      .replace("region: us-east-1", "region: eu-central-1")
      .replace("10.10.0.0/16", "10.70.0.0/16")
      .replace("backupReplicationRegion: us-west-2", "backupReplicationRegion: eu-west-1")
      .replace("residency: us", "residency: eu");
    // eu.yaml leaves: one environment per account and region (Session Manager preferences, lib/config/rules.ts).
    const twin = networkAndCluster("twin", loadPlatformConfig(environmentsFixture({ "twin.yaml": moved, "eu.yaml": null })));
    expect(compare(us, twin, "networkJson")).toEqual([]);
    expect(compare(us, twin, "clusterJson")).toEqual([]);
  });

  test("the comparison is not blind: staging (another tier and size) differs where expected", () => {
    const staging = networkAndCluster("staging");
    expect(compare(us, staging, "clusterJson")).toEqual(
      expect.arrayContaining([expect.stringMatching(/aws_eks_cluster\.cluster_<hash>\.deletion_protection$/)]),
    );
    expect(compare(us, staging, "networkJson")).toEqual(expect.arrayContaining([expect.stringMatching(/^resource\.aws_nat_gateway\./)]));
  });

  test("the networks are identical once names, region, account and block are set aside", () => {
    expect(compare(us, eu, "networkJson")).toEqual([]);
  });

  const unexplained = (a: ReturnType<typeof networkAndCluster>, b: ReturnType<typeof networkAndCluster>) => {
    const [x, y] = [clusterSettings(a.env), clusterSettings(b.env)];
    const changed = Object.keys({ ...x, ...y }).filter((k) => x[k] !== y[k]);
    return compare(a, b, "clusterJson").filter(
      (path) => !EFFECTS.some(([setting, effect]) => effect.test(path) && changed.some((k) => setting.test(k))),
    );
  };

  test("every cluster difference traces to a setting that differs between the resolved files", () => {
    expect(unexplained(us, eu)).toEqual([]);
  });

  test("a setting an EU file changes shows up, and only where that setting acts", () => {
    // A ClickHouse node type of the other architecture than the US one: the AMI type must follow.
    const graviton = /^[a-z]+\d+g[a-z]*\./.test(us.env.clickhouse.instanceType);
    const otherArchitecture = graviton ? "r6i.4xlarge" : "r7g.4xlarge";
    const bigger = networkAndCluster(
      "eu",
      loadPlatformConfig(
        environmentsFixture({
          "eu.yaml": `${shippedFile("eu.yaml")}clickhouse:\n  shards: 3\n  instanceType: ${otherArchitecture}\n`,
        }),
      ),
    );
    const diff = compare(us, bigger, "clusterJson");
    expect(diff).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/clickhouse_.*scaling_config\.desired_size$/),
        expect.stringMatching(/clickhouse_.*\.ami_type$/),
      ]),
    );
    expect(unexplained(us, bigger)).toEqual([]);
  });

  test("the settings that differ come from the files: volume-derived sizing, not hidden per-region code", () => {
    const [a, b] = [clusterSettings(us.env), clusterSettings(eu.env)];
    const changed = Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]);
    // eventsPerMonth differs (5e9 vs 2e9): sizing may change ClickHouse and app node sizes; nothing else.
    for (const k of changed) expect(k).toMatch(/^(clickhouse\.(shards|instanceType|volumeSizeGiB)|kubernetes\.nodeGroups\.app\.)/);
  });
});
