import { ClickHouseNodeGroups, type ClickHouseNodeGroupsProps } from "../../../constructs/eks/clickhouse-node-groups";
import { CLICKHOUSE_TAINT, CLICKHOUSE_TOLERATION } from "../../../constructs/eks/scheduling";
import { all, synth, testStack, ZONES } from "../network/harness";

const props = (over: Partial<ClickHouseNodeGroupsProps> = {}): ClickHouseNodeGroupsProps => ({
  clusterName: "test-eks",
  nodeGroupNamePrefix: "test-eks",
  nodeRoleArn: "arn:aws:iam::123456789012:role/test-eks-node",
  kubernetesVersion: "1.34",
  availabilityZones: ZONES,
  subnetIdsByZone: ["subnet-a", "subnet-b", "subnet-c"],
  securityGroupIds: ["sg-cluster", "sg-data-clients"],
  rootVolumeKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/abc",
  shards: 2,
  replicas: 2,
  instanceType: "r6i.2xlarge",
  storage: "ebs",
  ...over,
});
const build = (over: Partial<ClickHouseNodeGroupsProps> = {}) => {
  const stack = testStack();
  const groups = new ClickHouseNodeGroups(stack, "clickhouse", props(over));
  const json = synth(stack);
  const byZone = (zone: string) => all(json, "aws_eks_node_group").find((g) => g.node_group_name === `test-eks-clickhouse-${zone}`)!;
  return { groups, json, byZone };
};

describe("ClickHouseNodeGroups", () => {
  test("one group per zone, each confined to that zone's subnet", () => {
    const { json, byZone } = build();
    expect(all(json, "aws_eks_node_group")).toHaveLength(3);
    ZONES.forEach((zone, i) => expect(byZone(zone).subnet_ids).toEqual([["subnet-a", "subnet-b", "subnet-c"][i]]));
  });

  test("tainted NoSchedule and labelled dedicated=clickhouse; the platform's toleration matches the taint", () => {
    const { byZone } = build();
    for (const zone of ZONES) {
      expect(byZone(zone).taint).toEqual([{ key: "dedicated", value: "clickhouse", effect: "NO_SCHEDULE" }]);
      expect(byZone(zone).labels).toEqual({ dedicated: "clickhouse", "node-role": "clickhouse", "clickhouse-storage": "ebs" });
    }
    expect(CLICKHOUSE_TOLERATION).toMatchObject({ key: CLICKHOUSE_TAINT.key, value: CLICKHOUSE_TAINT.value, effect: "NoSchedule" });
  });

  test.each([
    [1, 2, [1, 1, 0]],
    [2, 2, [1, 2, 1]],
    [3, 2, [2, 2, 2]],
    [1, 3, [1, 1, 1]],
    [4, 3, [4, 4, 4]],
  ])("%i shards × %i replicas: nodes per zone %j, sized min = desired = pods, max one spare", (shards, replicas, expected) => {
    const { groups, byZone } = build({ shards, replicas });
    expect(groups.nodesPerZone).toEqual(expected);
    ZONES.forEach((zone, i) => {
      const n = expected[i]!;
      expect(byZone(zone).scaling_config).toEqual({ min_size: n, desired_size: n, max_size: n + 1 });
    });
  });

  test("replaced one node at a time, no auto repair, Terraform keeps the size", () => {
    const { byZone } = build();
    for (const zone of ZONES) {
      expect(byZone(zone)).toMatchObject({ update_config: { max_unavailable: 1 }, node_repair_config: { enabled: false } });
      expect(byZone(zone)).not.toHaveProperty("lifecycle");
    }
  });

  test("groups update zone by zone: each waits for the previous zone's group", () => {
    const { byZone } = build();
    expect(byZone("us-east-1a")).not.toHaveProperty("depends_on");
    expect(byZone("us-east-1b").depends_on).toEqual([expect.stringMatching(/^aws_eks_node_group\.clickhouse_us-east-1a_/)]);
    expect(byZone("us-east-1c").depends_on).toEqual([expect.stringMatching(/^aws_eks_node_group\.clickhouse_us-east-1b_/)]);
  });

  test("launch templates carry the instance type and the hardened settings", () => {
    const { json } = build();
    for (const lt of all(json, "aws_launch_template")) {
      expect(lt).toMatchObject({
        instance_type: "r6i.2xlarge",
        metadata_options: expect.objectContaining({ http_tokens: "required", http_put_response_hop_limit: 1 }),
      });
      expect(lt).not.toHaveProperty("user_data");
    }
  });

  test("instance store (i4i, im4gn): RAID0 user data and the storage label; Graviton gets the ARM AMI", () => {
    const { json, byZone } = build({ instanceType: "im4gn.4xlarge", storage: "instance-store" });
    for (const lt of all(json, "aws_launch_template")) {
      expect(Buffer.from(String(lt.user_data), "base64").toString()).toContain("strategy: RAID0");
    }
    expect(byZone("us-east-1a")).toMatchObject({
      ami_type: "AL2023_ARM_64_STANDARD",
      labels: expect.objectContaining({ "clickhouse-storage": "instance-store" }),
    });
    expect(build({ instanceType: "i4i.4xlarge", storage: "instance-store" }).byZone("us-east-1a").ami_type).toBe("AL2023_x86_64_STANDARD");
  });

  describe("throws when", () => {
    test("instance store is asked of a type without it, naming the fix", () => {
      expect(() => build({ storage: "instance-store" })).toThrow(
        "test/clickhouse: instanceType: an NVMe instance-store type (i4i, i7ie, im4gn, r6id, ...) for storage 'instance-store' (clickhouse.instanceType), or storage 'ebs' (got \"r6i.2xlarge\")",
      );
    });
    test("replicas exceed the zones", () => {
      expect(() => build({ replicas: 4 })).toThrow(
        /^test\/clickhouse: replicas: at most the zone count \(3\), or two replicas of a shard would share a zone.* \(got 4\)$/,
      );
    });
    test("the subnets do not match the zones", () => {
      expect(() => build({ subnetIdsByZone: ["subnet-a"] })).toThrow(
        'test/clickhouse: subnetIdsByZone: one subnet per zone (3) (got ["subnet-a"])',
      );
    });
  });
});
