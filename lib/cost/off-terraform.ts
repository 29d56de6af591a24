import type { EnvironmentConfig } from "../config/model";
import { planCapacity, type CapacityPlan } from "../sizing";
import type { TerraformJson } from "./refs";

/**
 * Cost that Terraform does not create but the configuration decides, as one pseudo stack per
 * environment, `<env>-outside-terraform`, shaped like Terraform JSON so the same pricers apply:
 * - ClickHouse's data volumes: PersistentVolumeClaims the EBS CSI driver creates (one gp3 volume
 *   per replica when clickhouse.storage is `ebs`), so no stack contains them;
 * - cross-AZ data transfer of the environment's declared volume (Kafka clients, ClickHouse
 *   replication); its quantity comes from usageFromPlan (derived-usage.ts).
 */
/** The capacity plan of an environment as configured (its retention, zones and replicas). */
export function planOf(env: EnvironmentConfig): CapacityPlan {
  return planCapacity({
    eventsPerMonth: env.eventsPerMonth,
    tier: env.tier,
    availabilityZones: env.availabilityZones.length,
    kafkaRetentionHours: env.kafka.retentionHours,
    clickhouseRetentionDays: env.clickhouse.retentionDays,
    clickhouseReplicas: env.clickhouse.replicas,
  });
}

/** The pseudo-stack holding an environment's resources made outside Terraform. */
export const offTerraformStackName = (environment: string): string => `${environment}-outside-terraform`;

export function offTerraformStacks(env: EnvironmentConfig): { name: string; json: TerraformJson }[] {
  const ch = env.clickhouse;
  const volumes = ch.shards * ch.replicas;
  const resource: Record<string, Record<string, Record<string, unknown>>> = { aws_data_transfer: { cross_az: {} } };
  if (ch.storage === "ebs") {
    resource.aws_ebs_volume = {
      [`clickhouse_data_pvcs_${volumes}x${ch.volumeSizeGiB}gib`]: { type: "gp3", size: volumes * ch.volumeSizeGiB },
    };
  }
  return [{ name: offTerraformStackName(env.name), json: { provider: { aws: [{ region: env.region }] }, resource } }];
}
