import { architectureOf } from "../../lib/catalog/architecture";
import { loadPlatformConfig } from "../../lib/config/load";
import { buildStacks, resourcesOf, synthJson, type TfJson } from "../helpers/synth";

/**
 * The cost levers as the shipped stacks deploy them (issue 16), per environment file: Spot group,
 * AMI types that follow the instance types' architecture, MSK compression and tiered storage, the
 * producers' codec, and the cold-storage bucket.
 */
const stacks = buildStacks();
const envs = loadPlatformConfig().environments;
const json = (name: string): TfJson => synthJson(stacks.get(name)!);
const list = (j: TfJson, type: string) => Object.values(resourcesOf(j, type));
type NodeGroup = {
  node_group_name: string;
  ami_type: string;
  capacity_type: string;
  instance_types?: string[];
  launch_template: { id: string };
  labels: Record<string, string>;
  taint?: { key: string; value: string; effect: string }[];
};

describe.each(envs.map((e) => [e.name, e] as const))("%s: cost levers", (_name, env) => {
  const cluster = json(`${env.name}-cluster`);
  const data = json(`${env.name}-data`);
  const groups = list(cluster, "aws_eks_node_group") as unknown as NodeGroup[];
  const templates = resourcesOf(cluster, "aws_launch_template");
  /** The instance types a group launches: its own list, or its launch template's type. */
  const typesOf = (g: NodeGroup): string[] => {
    if (g.instance_types) return g.instance_types;
    const id = /aws_launch_template\.([^.]+)\.id/.exec(g.launch_template.id)?.[1];
    return [String(templates[id!]!["instance_type"])];
  };

  test("every node group's AMI type follows its instance types' architecture (AL2023)", () => {
    for (const g of groups) {
      const arches = new Set(typesOf(g).map(architectureOf));
      expect(arches.size).toBe(1);
      expect(g.ami_type).toBe(arches.has("arm64") ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD");
    }
  });

  test("Spot capacity only in the tainted Spot group, when the environment asks for it", () => {
    const spot = groups.filter((g) => g.capacity_type === "SPOT");
    expect(spot).toHaveLength(env.kubernetes.nodeGroups.spot.enabled ? 1 : 0);
    for (const g of spot) {
      expect(g.instance_types).toEqual(env.kubernetes.nodeGroups.spot.instanceTypes);
      expect(g.taint).toEqual([{ key: "capacity", value: "spot", effect: "NO_SCHEDULE" }]);
    }
    for (const g of groups.filter((g) => g.labels["node-role"] === "clickhouse")) expect(g.capacity_type).toBe("ON_DEMAND");
  });

  test("MSK stores the environment's codec and tiers as it asks; producers are told the same codec", () => {
    const msk = list(data, "aws_msk_cluster")[0]!;
    expect(msk["storage_mode"]).toBe(env.kafka.tieredStorage.enabled ? "TIERED" : "LOCAL");
    const props = String(list(data, "aws_msk_configuration")[0]!["server_properties"]);
    expect(props).toContain(`compression.type=${env.kafka.compression}`);
    expect(props.includes("local.retention.ms=")).toBe(env.kafka.tieredStorage.enabled);
    const appConfig = list(json(`${env.name}-platform`), "kubernetes_config_map_v1").find(
      (c) => (c["metadata"] as { name: string }).name === "posthog-endpoints",
    )!;
    expect((appConfig["data"] as Record<string, string>)["KAFKA_COMPRESSION_TYPE"]).toBe(env.kafka.compression);
  });

  test("a cold-storage bucket exactly when ClickHouse tiers", () => {
    const cold = list(data, "aws_s3_bucket").filter((b) => String(b["bucket"]).includes("clickhouse-cold"));
    expect(cold).toHaveLength(env.clickhouse.tiering.enabled ? 1 : 0);
  });
});
