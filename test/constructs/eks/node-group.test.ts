import { ManagedNodeGroup, type ManagedNodeGroupProps } from "../../../constructs/eks/node-group";
import { all, one, synth, testStack } from "../network/harness";

const props = (over: Partial<ManagedNodeGroupProps> = {}): ManagedNodeGroupProps => ({
  clusterName: "test-eks",
  nodeGroupName: "test-eks-app",
  role: "app",
  nodeRoleArn: "arn:aws:iam::123456789012:role/test-eks-node",
  subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
  kubernetesVersion: "1.34",
  instanceType: "m6i.large",
  minSize: 3,
  desiredSize: 3,
  maxSize: 6,
  rootVolumeSizeGiB: 50,
  rootVolumeKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/abc",
  securityGroupIds: ["sg-cluster", "sg-data-clients"],
  ...over,
});
const build = (over: Partial<ManagedNodeGroupProps> = {}) => {
  const stack = testStack();
  new ManagedNodeGroup(stack, "ng", props(over));
  const json = synth(stack);
  return { json, lt: one(json, "aws_launch_template", "ng"), ng: one(json, "aws_eks_node_group", "ng") };
};

describe("ManagedNodeGroup", () => {
  describe("defaults are secure", () => {
    const { lt, ng } = build();

    test("IMDSv2 only, one hop: pods cannot reach the node's credentials", () => {
      expect(lt.metadata_options).toEqual({
        http_endpoint: "enabled",
        http_tokens: "required",
        http_put_response_hop_limit: 1,
        instance_metadata_tags: "disabled",
      });
    });

    test("encrypted gp3 root volume with the given customer-managed key", () => {
      expect(lt.block_device_mappings).toEqual([
        {
          device_name: "/dev/xvda",
          ebs: {
            volume_size: 50,
            volume_type: "gp3",
            iops: 3000,
            throughput: 125,
            encrypted: "true",
            kms_key_id: "arn:aws:kms:us-east-1:123456789012:key/abc",
            delete_on_termination: "true",
          },
        },
      ]);
    });

    test("no SSH: no key pair, no remote access", () => {
      expect(lt).not.toHaveProperty("key_name");
      expect(ng).not.toHaveProperty("remote_access");
    });

    test("no public IPs: no network interface asks for one", () => {
      expect(lt).not.toHaveProperty("network_interfaces");
    });

    test("the node group uses the launch template's latest version; the instance type lives in the template", () => {
      expect(ng.launch_template).toEqual({
        id: expect.stringContaining("aws_launch_template.ng_LaunchTemplate"),
        version: expect.stringContaining(".latest_version"),
      });
      expect(lt.instance_type).toBe("m6i.large");
      expect(ng).not.toHaveProperty("instance_types");
    });

    test("the security groups given (cluster and data clients) are on the nodes", () => {
      expect(lt.vpc_security_group_ids).toEqual(["sg-cluster", "sg-data-clients"]);
    });

    test("rolling updates replace a third at a time, never forcing past PDBs; auto repair on", () => {
      expect(ng).toMatchObject({
        update_config: { max_unavailable_percentage: 33 },
        force_update_version: false,
        node_repair_config: { enabled: true },
      });
    });

    test("no user data when EKS's defaults suffice", () => {
      expect(lt).not.toHaveProperty("user_data");
    });
  });

  test("labels carry the group's role; the autoscaler owns desired size", () => {
    const { ng } = build();
    expect(ng.labels).toEqual({ "node-role": "app" });
    expect(ng.lifecycle).toEqual({ ignore_changes: ["scaling_config[0].desired_size"] });
  });

  test("AMI type follows the architecture of the instance type", () => {
    expect(build().ng.ami_type).toBe("AL2023_x86_64_STANDARD");
    expect(build({ instanceType: "m7g.large" }).ng.ami_type).toBe("AL2023_ARM_64_STANDARD");
  });

  test("instance-store RAID0 adds a nodeadm NodeConfig to the user data", () => {
    const { lt } = build({ instanceType: "i4i.2xlarge", instanceStoreRaid0: true });
    const text = Buffer.from(String(lt.user_data), "base64").toString("utf8");
    expect(text).toContain("Content-Type: application/node.eks.aws");
    expect(text).toMatch(/kind: NodeConfig\nspec:\n {2}instance:\n {4}localStorage:\n {6}strategy: RAID0/);
    expect(text).not.toMatch(/AKIA|aws_secret_access_key/i);
  });

  test("maxUnavailable as a count", () => {
    expect(build({ maxUnavailable: 1 }).ng.update_config).toEqual({ max_unavailable: 1 });
  });

  test("dependsOn is passed to the node group", () => {
    const stack = testStack();
    const first = new ManagedNodeGroup(stack, "first", props({ nodeGroupName: "first" }));
    new ManagedNodeGroup(stack, "second", props({ nodeGroupName: "second", dependsOn: [first.nodeGroup] }));
    expect(one(synth(stack), "aws_eks_node_group", "second").depends_on).toEqual([expect.stringContaining("aws_eks_node_group.first")]);
    expect(all(synth(stack), "aws_launch_template")).toHaveLength(2);
  });

  test("Graviton types get the AL2023 ARM AMI, x86 types the x86 one", () => {
    expect(build({ instanceType: "m7g.large" }).ng.ami_type).toBe("AL2023_ARM_64_STANDARD");
    expect(build({ instanceType: "m6i.large" }).ng.ami_type).toBe("AL2023_x86_64_STANDARD");
  });

  test("Spot: several types on the group, none in the launch template, capacity type SPOT; on-demand by default", () => {
    const { lt, ng } = build({ instanceType: undefined, instanceTypes: ["m7g.xlarge", "m6g.xlarge"], capacityType: "SPOT" });
    expect(ng).toMatchObject({ capacity_type: "SPOT", instance_types: ["m7g.xlarge", "m6g.xlarge"], ami_type: "AL2023_ARM_64_STANDARD" });
    expect(lt).not.toHaveProperty("instance_type");
    expect(build().ng).toMatchObject({ capacity_type: "ON_DEMAND" });
    expect(build().ng).not.toHaveProperty("instance_types");
  });

  describe("throws when", () => {
    test("Spot types mix architectures", () => {
      expect(() => build({ instanceType: undefined, instanceTypes: ["m7g.xlarge", "m6i.xlarge"] })).toThrow(
        'test/ng: instanceTypes: types of one architecture (one AMI type per group) (got ["m7g.xlarge","m6i.xlarge"])',
      );
    });
    test("both or neither of instanceType and instanceTypes are given", () => {
      expect(() => build({ instanceTypes: ["m7g.xlarge"] })).toThrow(
        /^test\/ng: instanceType\/instanceTypes: instanceType .* or instanceTypes .*, not both or neither \(got \{"instanceType":"m6i\.large","instanceTypes":\["m7g\.xlarge"\]\}\)/m,
      );
      expect(() => build({ instanceType: undefined })).toThrow(
        /instanceType\/instanceTypes: instanceType .* or instanceTypes .*, not both or neither \(got \{\}\)/,
      );
    });
    test("sizes are out of order", () => {
      expect(() => build({ minSize: 4, desiredSize: 3 })).toThrow(
        'test/ng: minSize/desiredSize/maxSize: 0 <= minSize <= desiredSize <= maxSize and maxSize >= 1 (got "4/3/6")',
      );
    });
    test("RAID0 is asked of an instance type without instance store", () => {
      expect(() => build({ instanceStoreRaid0: true })).toThrow(
        /instanceStoreRaid0: instance types with NVMe instance store .* \(got \["m6i\.large"\]\)/,
      );
    });
    test("both update limits are set", () => {
      expect(() => build({ maxUnavailable: 1, maxUnavailablePercentage: 10 })).toThrow(
        /maxUnavailable\/maxUnavailablePercentage: one of the two, not both \(got \{"maxUnavailable":1,"maxUnavailablePercentage":10\}\)/,
      );
    });
    test("the root volume is too small", () => {
      expect(() => build({ rootVolumeSizeGiB: 8 })).toThrow("test/ng: rootVolumeSizeGiB: 20 to 16384 (got 8)");
    });
    test("no security group is given", () => {
      expect(() => build({ securityGroupIds: [] })).toThrow("test/ng: securityGroupIds: at least the cluster security group (got [])");
    });
    test("the name is not a plain string EKS accepts", () => {
      expect(() => build({ nodeGroupName: "bad name" })).toThrow(/nodeGroupName: a plain string .* \(got "bad name"\)/);
    });
  });
});
