import type { EnvironmentConfig } from "../config/model";
import type { TerraformJson } from "./refs";

/**
 * Cost that Terraform does not create but the configuration decides: ClickHouse's data volumes are
 * PersistentVolumeClaims the EBS CSI driver creates (one gp3 volume per replica, clickhouse.storage
 * `ebs`), so no stack contains them. They are priced as one pseudo stack per environment,
 * `<env>-volumes`, shaped like Terraform JSON so the same pricers apply.
 */
export function offTerraformStacks(env: EnvironmentConfig): { name: string; json: TerraformJson }[] {
  const ch = env.clickhouse;
  if (ch.storage !== "ebs") return [];
  const volumes = ch.shards * ch.replicas;
  return [
    {
      name: `${env.name}-volumes`,
      json: {
        provider: { aws: [{ region: env.region }] },
        resource: {
          aws_ebs_volume: {
            [`clickhouse_data_pvcs_${volumes}x${ch.volumeSizeGiB}gib`]: { type: "gp3", size: volumes * ch.volumeSizeGiB },
          },
        },
      },
    },
  ];
}
