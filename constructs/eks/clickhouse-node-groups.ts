import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { clickhouseNodesPerZone } from "./clickhouse-layout";
import { hasInstanceStore } from "./instance-types";
import { ManagedNodeGroup } from "./node-group";
import { CLICKHOUSE_TAINT, clickhouseNodeLabels } from "./scheduling";
import { PropsProblems } from "../kit/validation";
import { required } from "../../lib/defined";

export interface ClickHouseNodeGroupsProps {
  /** The cluster's name (pass the cluster resource's attribute so the groups wait for it). */
  readonly clusterName: string;
  /** Prefix of the group names, `<prefix>-clickhouse-<zone>`; a plain string, usually the cluster name. */
  readonly nodeGroupNamePrefix: string;
  readonly nodeRoleArn: string;
  readonly kubernetesVersion: string;
  /** Zones in order, and the private subnet of each (same order). */
  readonly availabilityZones: readonly string[];
  readonly subnetIdsByZone: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly rootVolumeKmsKeyArn: string;
  /** From the environment's `clickhouse` section. */
  readonly shards: number;
  readonly replicas: number;
  readonly instanceType: string;
  readonly storage: "ebs" | "instance-store";
  /** @default 100: logs and images only; ClickHouse data lives on its own volume or the instance store */
  readonly rootVolumeSizeGiB?: number;
  /**
   * Extra nodes a zone's group may grow to beyond its replicas, so a replacement can start before
   * the old node is gone. @default 1
   */
  readonly spareNodesPerZone?: number;
  /** What must exist before nodes join (the networking add-ons). @default none */
  /** Tags for what the groups launch (ManagedNodeGroupProps.resourceTags). @default none */
  readonly resourceTags?: Readonly<Record<string, string>>;
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * One ClickHouse node group per availability zone, each confined to that zone's private subnet, so
 * a replacement node always comes up where its replica's EBS volume lives. Nodes are labelled
 * `dedicated=clickhouse` and tainted `dedicated=clickhouse:NoSchedule`; only pods with the matching
 * toleration run there.
 *
 * Sizing: replicas are spread so a zone holds at most one replica of a shard (clickhouse-layout.ts);
 * one ClickHouse pod per node, so a zone's group runs exactly the pods placed there
 * (min = desired = pods; max = pods + spare). A zone with no replica keeps an empty group (0/0/1).
 *
 * Updates replace one node at a time (max unavailable 1) and the groups update one after another
 * (each depends on the previous zone's), so a change that rolls every ClickHouse node takes one
 * replica offline at a time cluster-wide, never two replicas of a shard. Auto repair is off:
 * replacing a ClickHouse node is a deliberate step (runbooks/clickhouse-node-replacement.md).
 */
export class ClickHouseNodeGroups extends Construct {
  /** In zone order. */
  readonly groups: readonly ManagedNodeGroup[];
  /** Nodes (= ClickHouse pods) per zone, in zone order. */
  readonly nodesPerZone: readonly number[];

  constructor(scope: Construct, id: string, props: ClickHouseNodeGroupsProps) {
    super(scope, id);
    const spare = props.spareNodesPerZone ?? 1;
    new PropsProblems(this)
      .require(
        props.subnetIdsByZone.length === props.availabilityZones.length,
        "subnetIdsByZone",
        props.subnetIdsByZone,
        `one subnet per zone (${props.availabilityZones.length})`,
      )
      .require(
        props.storage !== "instance-store" || hasInstanceStore(props.instanceType),
        "instanceType",
        props.instanceType,
        "an NVMe instance-store type (i4i, i7ie, im4gn, r6id, ...) for storage 'instance-store' (clickhouse.instanceType), or storage 'ebs'",
      )
      .require(Number.isInteger(spare) && spare >= 0 && spare <= 10, "spareNodesPerZone", spare, "0 to 10")
      .throwIfAny();

    this.nodesPerZone = clickhouseNodesPerZone(this, props.shards, props.replicas, props.availabilityZones);
    const groups: ManagedNodeGroup[] = [];
    props.availabilityZones.forEach((zone, i) => {
      const nodes = required(this.nodesPerZone[i], `the node count of zone ${zone}`);
      const previous = groups[i - 1];
      const group = new ManagedNodeGroup(this, zone, {
        clusterName: props.clusterName,
        nodeGroupName: `${props.nodeGroupNamePrefix}-clickhouse-${zone}`,
        role: "clickhouse",
        nodeRoleArn: props.nodeRoleArn,
        subnetIds: [required(props.subnetIdsByZone[i], `the subnet of zone ${zone}`)],
        kubernetesVersion: props.kubernetesVersion,
        instanceType: props.instanceType,
        minSize: nodes,
        desiredSize: nodes,
        maxSize: Math.max(nodes + spare, 1),
        rootVolumeSizeGiB: props.rootVolumeSizeGiB ?? 100,
        rootVolumeKmsKeyArn: props.rootVolumeKmsKeyArn,
        securityGroupIds: props.securityGroupIds,
        ...(props.resourceTags ? { resourceTags: props.resourceTags } : {}),
        labels: clickhouseNodeLabels(props.storage),
        taints: [CLICKHOUSE_TAINT],
        maxUnavailable: 1,
        instanceStoreRaid0: props.storage === "instance-store",
        autoRepair: false,
        // The size is the replica layout, not a load decision: Terraform keeps it.
        desiredSizeManagedByAutoscaler: false,
        // Zone by zone: each group waits for the previous one, so an update that rolls every
        // ClickHouse group (new AMI, Kubernetes version, launch template) replaces one node at a
        // time across the whole cluster, never two replicas of a shard at once.
        dependsOn: [...(props.dependsOn ?? []), ...(previous ? [previous.nodeGroup] : [])],
      });
      groups.push(group);
    });
    this.groups = groups;
  }
}
