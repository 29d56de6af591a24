import { kubernetesDefaults } from "../config/sections/kubernetes";
import { networkDefaults } from "../config/sections/network";
import { postgresDefaults } from "../config/sections/postgres";
import type { CapacityPlan } from "../sizing";
import { usageFromPlan } from "./derived-usage";
import type { TerraformJson } from "./refs";
import type { UsageInput } from "./usage";

/**
 * The resources a capacity plan implies, shaped like synthesized Terraform JSON so the cost
 * estimator prices a plan exactly as it prices a stack: EKS, the system/app/ClickHouse node groups,
 * ClickHouse data volumes, MSK, RDS, NAT gateways and the buckets (with tiering, the ClickHouse
 * cold bucket). Bucket sizes follow the plan and are returned as usage overrides. `spotApp` runs the
 * app node group on spot capacity (stateless; ClickHouse, Keeper and Kafka never are).
 */
export function planResources(
  plan: CapacityPlan,
  region: string,
  spotApp = false,
): { json: TerraformJson; usage: NonNullable<UsageInput["overrides"]> } {
  const { tier, levers } = plan.input;
  const k8s = kubernetesDefaults[tier];
  const pg = postgresDefaults[tier];
  const ch = plan.clickhouse;
  const chNodes = ch.shards * ch.replicas;
  const natCount = networkDefaults[tier].natGateways === "one-per-az" ? plan.input.availabilityZones : 1;
  const lt = (instanceType: string, rootGiB: number) => ({
    instance_type: instanceType,
    block_device_mappings: [{ device_name: "/dev/xvda", ebs: { volume_size: rootGiB, volume_type: "gp3" } }],
  });
  const ng = (name: string, desired: number, spot = false) => ({
    scaling_config: { desired_size: desired },
    launch_template: { id: `\${aws_launch_template.${name}.id}` },
    ...(spot ? { capacity_type: "SPOT" } : {}),
  });
  // Graviton: the system group moves to the same size of m7g (m6i.large → m7g.large).
  const systemType = levers.gravitonAppNodes
    ? `m7g.${k8s.nodeGroups.system.instanceType.split(".")[1]}`
    : k8s.nodeGroups.system.instanceType;
  const json: TerraformJson = {
    provider: { aws: [{ region }] },
    resource: {
      aws_eks_cluster: { cluster: { version: k8s.version, upgrade_policy: { support_type: k8s.supportType } } },
      aws_launch_template: {
        system: lt(systemType, k8s.nodeGroups.system.rootVolumeSizeGiB),
        app: lt(plan.app.instanceType, k8s.nodeGroups.app.rootVolumeSizeGiB),
        clickhouse: lt(ch.instanceType, 50),
      },
      aws_eks_node_group: {
        system: ng("system", k8s.nodeGroups.system.desiredSize),
        app: ng("app", plan.app.desiredSize, spotApp),
        clickhouse: ng("clickhouse", chNodes),
      },
      aws_ebs_volume: { [`clickhouse_data_${chNodes}x${ch.volumeSizeGiB}gib`]: { type: "gp3", size: chNodes * ch.volumeSizeGiB } },
      aws_msk_cluster: {
        events: {
          number_of_broker_nodes: plan.kafka.brokerCount,
          ...(levers.kafkaTieredStorage.enabled ? { storage_mode: "TIERED" } : {}),
          broker_node_group_info: {
            instance_type: plan.kafka.instanceType,
            storage_info: { ebs_storage_info: { volume_size: plan.kafka.volumeSizeGiB } },
          },
        },
      },
      aws_db_instance: {
        app: {
          engine: "postgres",
          engine_version: pg.engineVersion,
          instance_class: plan.postgres.instanceClass,
          multi_az: pg.multiAz,
          storage_type: "gp3",
          allocated_storage: pg.allocatedStorageGiB,
        },
      },
      aws_nat_gateway: Object.fromEntries(Array.from({ length: natCount }, (_, i) => [`nat_${i}`, {}])),
      aws_s3_bucket: { backups: {}, events_archive: {}, ...(levers.clickhouseTiering.enabled ? { clickhouse_cold: {} } : {}) },
      aws_data_transfer: { cross_az: {} },
    },
  };
  return { json, usage: usageFromPlan(plan, "*") };
}
