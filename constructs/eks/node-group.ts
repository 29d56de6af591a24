import { Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { amiTypeFor, hasInstanceStore } from "./instance-types";
import { NODE_ROLE_LABEL } from "./scheduling";
import { nodeUserData } from "./node-user-data";
import { required } from "../../lib/defined";
import { PropsProblems } from "../kit/validation";

export interface NodeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: "NO_SCHEDULE" | "NO_EXECUTE" | "PREFER_NO_SCHEDULE";
}

export interface ManagedNodeGroupProps {
  readonly clusterName: string;
  /** Unique in the cluster, at most 63 characters. Changing it replaces the group. */
  readonly nodeGroupName: string;
  /** Value of the `node-role` label (`system`, `app`, `clickhouse`). */
  readonly role: string;
  readonly nodeRoleArn: string;
  /** Subnets the group launches into: all private subnets, or one zone's for zonal groups. */
  readonly subnetIds: readonly string[];
  /** Kubernetes minor version of the nodes (may trail the control plane by up to two minors during an upgrade). */
  readonly kubernetesVersion: string;
  /**
   * Set in the launch template, so a change rolls nodes instead of replacing the group. Give this
   * or `instanceTypes`.
   */
  readonly instanceType?: string | undefined;
  /**
   * Several types of one architecture, set on the node group (the launch template then names
   * none): for Spot, where more pools mean fewer interruptions. EKS picks among them with the
   * price-capacity-optimized strategy.
   * @default - only `instanceType`
   */
  readonly instanceTypes?: readonly string[] | undefined;
  /**
   * ON_DEMAND, or SPOT for interruptible stateless capacity. EKS enables Capacity Rebalancing on
   * Spot groups: on a rebalance recommendation it starts a replacement node, then cordons and drains
   * the old one before the interruption (EKS User Guide, "Managed node groups", capacity types,
   * https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html#managed-node-group-capacity-types,
   * read 2026-12-07), so no termination handler is installed.
   * @default "ON_DEMAND"
   */
  readonly capacityType?: "ON_DEMAND" | "SPOT";
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  readonly rootVolumeSizeGiB: number;
  /** CMK of the encrypted gp3 root volume. */
  readonly rootVolumeKmsKeyArn: string;
  /**
   * Security groups of the nodes. With groups in the launch template EKS does not add the cluster
   * security group itself, so pass it here (with the network's data-clients group).
   */
  readonly securityGroupIds: readonly string[];
  /**
   * Tags for the instances, volumes and network interfaces the group launches (launch template tag
   * specifications): the provider's default tags reach the launch template, not what EC2 Auto
   * Scaling launches from it, so cost allocation tags must be given here.
   * @default only `Name` and `eks-node-group`
   */
  readonly resourceTags?: Readonly<Record<string, string>>;
  /** Extra node labels. @default only `node-role: <role>` */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default none */
  readonly taints?: readonly NodeTaint[];
  /**
   * Nodes replaced at once during a rolling update, as a count. Exclusive with
   * maxUnavailablePercentage. @default maxUnavailablePercentage 33
   */
  readonly maxUnavailable?: number;
  /** @default 33 (when maxUnavailable is not set) */
  readonly maxUnavailablePercentage?: number;
  /**
   * Stripe NVMe instance-store disks into RAID0 at /mnt/k8s-disks/0 (nodeadm). Needs an instance type
   * with instance store. @default false
   */
  readonly instanceStoreRaid0?: boolean;
  /** EKS node auto repair replaces nodes it finds unhealthy. @default true */
  readonly autoRepair?: boolean;
  /**
   * Leave `desiredSize` to cluster-autoscaler after creation (Terraform stops resetting it).
   * @default true
   */
  readonly desiredSizeManagedByAutoscaler?: boolean;
  /** What must exist before nodes join, such as the vpc-cni add-on. @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * An EKS managed node group on its own launch template, so the settings scanners and auditors look
 * for are in the Terraform (docs/reference/scanner-behaviour.md rows 7-13):
 *
 * - IMDSv2 only, hop limit 1: pods on the pod network are one hop further than the node, so they
 *   cannot reach instance metadata and borrow the node role; AWS access goes through IRSA.
 *   hostNetwork pods (aws-node, kube-proxy, ebs-csi-node) still reach it.
 * - gp3 root volume encrypted with a customer-managed key, deleted with the instance.
 * - No SSH key and no remote_access block (use SSM Session Manager); nodes sit in private subnets
 *   that assign no public IPs.
 *
 * Which changes replace what (runbooks/clickhouse-node-replacement.md):
 * - rolling node replacement, group kept (max unavailable at a time, pods drained, PDBs honoured):
 *   any launch-template change (instance type, volume size, security groups, user data) and
 *   `kubernetesVersion` or AMI release changes;
 * - in place, no node replaced: sizes, labels, taints, update config;
 * - whole group destroyed and recreated (all its nodes at once): node group name, subnets, AMI type
 *   (x86 <-> Graviton), capacity type, node role. Do these only by the runbook (new group first).
 */
export class ManagedNodeGroup extends Construct {
  readonly nodeGroup: EksNodeGroup;
  readonly launchTemplate: LaunchTemplate;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    validate(this, props);
    const raid0 = props.instanceStoreRaid0 ?? false;
    const name = props.nodeGroupName;
    const types = props.instanceTypes ?? [required(props.instanceType, "instanceType (validated above)")];
    const tags = (resourceType: string) => ({ resourceType, tags: { ...props.resourceTags, Name: name, "eks-node-group": name } });

    const userData = nodeUserData({ instanceStoreRaid0: raid0 });
    const userDataProps = userData !== undefined ? { userData } : {};
    this.launchTemplate = new LaunchTemplate(this, "LaunchTemplate", {
      name,
      description: `Nodes of EKS managed node group ${name}`,
      ...(props.instanceTypes ? {} : { instanceType: types[0] }),
      ebsOptimized: "true",
      updateDefaultVersion: true,
      vpcSecurityGroupIds: [...props.securityGroupIds],
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: "disabled",
      },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda", // root device of the AL2023 EKS AMIs
          ebs: {
            volumeSize: props.rootVolumeSizeGiB,
            volumeType: "gp3",
            iops: 3000,
            throughput: 125,
            encrypted: "true",
            kmsKeyId: props.rootVolumeKmsKeyArn,
            deleteOnTermination: "true",
          },
        },
      ],
      monitoring: { enabled: true },
      ...userDataProps,
      tagSpecifications: [tags("instance"), tags("volume"), tags("network-interface")],
      tags: { Name: name },
    });

    const maxUnavailable = props.maxUnavailable;
    this.nodeGroup = new EksNodeGroup(this, "Resource", {
      clusterName: props.clusterName,
      nodeGroupName: name,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: [...props.subnetIds],
      version: props.kubernetesVersion,
      amiType: amiTypeFor(required(types[0], "an instance type (validated above)")),
      capacityType: props.capacityType ?? "ON_DEMAND",
      ...(props.instanceTypes ? { instanceTypes: [...props.instanceTypes] } : {}),
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      scalingConfig: { minSize: props.minSize, desiredSize: props.desiredSize, maxSize: props.maxSize },
      updateConfig: maxUnavailable !== undefined ? { maxUnavailable } : { maxUnavailablePercentage: props.maxUnavailablePercentage ?? 33 },
      nodeRepairConfig: { enabled: props.autoRepair ?? true },
      labels: { [NODE_ROLE_LABEL]: props.role, ...props.labels },
      taint: (props.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
      // Never skip pod disruption budgets: an update that cannot drain a node fails instead.
      forceUpdateVersion: false,
      tags: { Name: name },
      ...(props.dependsOn?.length ? { dependsOn: [...props.dependsOn] } : {}),
      ...((props.desiredSizeManagedByAutoscaler ?? true) ? { lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] } } : {}),
    });
  }
}

function validate(scope: Construct, p: ManagedNodeGroupProps): void {
  const problems = new PropsProblems(scope);
  problems.require(
    !Token.isUnresolved(p.nodeGroupName) && /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,62}$/.test(p.nodeGroupName),
    "nodeGroupName",
    p.nodeGroupName,
    "a plain string (it names the launch template too) of 1-63 letters, digits, '-' or '_'",
  );
  problems.require(
    (p.instanceType === undefined) !== (p.instanceTypes === undefined),
    "instanceType/instanceTypes",
    { instanceType: p.instanceType, instanceTypes: p.instanceTypes },
    "instanceType (one type, in the launch template) or instanceTypes (several, on the group), not both or neither",
  );
  const types = p.instanceTypes ?? (p.instanceType !== undefined ? [p.instanceType] : []);
  for (const t of types)
    problems.require(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(t), "instanceType", t, "an EC2 instance type such as m6i.large");
  problems.require(!p.instanceTypes || p.instanceTypes.length > 0, "instanceTypes", p.instanceTypes, "at least one type");
  problems.require(new Set(types.map(amiTypeFor)).size <= 1, "instanceTypes", types, "types of one architecture (one AMI type per group)");
  problems.require(p.subnetIds.length > 0, "subnetIds", p.subnetIds, "at least one subnet");
  problems.require(
    p.minSize >= 0 && p.minSize <= p.desiredSize && p.desiredSize <= p.maxSize && p.maxSize >= 1,
    "minSize/desiredSize/maxSize",
    `${p.minSize}/${p.desiredSize}/${p.maxSize}`,
    "0 <= minSize <= desiredSize <= maxSize and maxSize >= 1",
  );
  problems.require(p.rootVolumeSizeGiB >= 20 && p.rootVolumeSizeGiB <= 16384, "rootVolumeSizeGiB", p.rootVolumeSizeGiB, "20 to 16384");
  problems.require(p.securityGroupIds.length > 0, "securityGroupIds", p.securityGroupIds, "at least the cluster security group");
  problems.require(
    p.maxUnavailable === undefined || p.maxUnavailablePercentage === undefined,
    "maxUnavailable/maxUnavailablePercentage",
    { maxUnavailable: p.maxUnavailable, maxUnavailablePercentage: p.maxUnavailablePercentage },
    "one of the two, not both",
  );
  problems.require(
    p.maxUnavailable === undefined || (Number.isInteger(p.maxUnavailable) && p.maxUnavailable >= 1 && p.maxUnavailable <= 100),
    "maxUnavailable",
    p.maxUnavailable,
    "a whole number from 1 to 100",
  );
  problems.require(
    p.maxUnavailablePercentage === undefined || (p.maxUnavailablePercentage >= 1 && p.maxUnavailablePercentage <= 100),
    "maxUnavailablePercentage",
    p.maxUnavailablePercentage,
    "1 to 100",
  );
  problems.require(
    !p.instanceStoreRaid0 || types.every(hasInstanceStore),
    "instanceStoreRaid0",
    types,
    "instance types with NVMe instance store (i4i, im4gn, r6id, ...)",
  );
  const taints = p.taints ?? [];
  problems.require(taints.length <= 50, "taints", taints.length, "at most 50 taints per node group (EKS limit)");
  problems.throwIfAny();
}
