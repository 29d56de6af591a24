import type { CapacityPlan } from "../sizing";
import { RAW_BYTES_PER_EVENT } from "../sizing/constants";
import type { UsageInput } from "./usage";

/** ASSUMPTION: the backups bucket holds ~1.5 copies of a replica's data (a weekly full plus daily incrementals). */
export const BACKUP_COPIES = 1.5;
/** ASSUMPTION: the raw event archive keeps 90 days (lifecycle to colder classes not modelled), gzip ~10× on JSON. */
export const ARCHIVE_MONTHS = 3;
export const ARCHIVE_COMPRESSION = 10;

/** GB per GiB: the plan counts GiB, AWS bills GB. */
const GB_PER_GIB = 1024 ** 3 / 1e9;

/**
 * Usage the capacity plan implies for an environment's stacks (`<prefix>*`): the ClickHouse
 * backups, cold-tier (`*cold*`) and raw-archive buckets, MSK tiered storage and cross-AZ transfer.
 * The usage file's own overrides come after these and win, so a measured value replaces the model's.
 */
export function usageFromPlan(plan: CapacityPlan, stackGlob: string): NonNullable<UsageInput["overrides"]> {
  const monthlyRawGB = (plan.input.eventsPerMonth * RAW_BYTES_PER_EVENT) / 1e9;
  return [
    {
      match: `${stackGlob}/aws_s3_bucket.*backup*`,
      values:
        plan.input.levers.backupStorageClass === "STANDARD_IA"
          ? { storage_gb: 0, standard_ia_storage_gb: Math.round(plan.clickhouse.compressedGiBPerReplica * BACKUP_COPIES) }
          : { storage_gb: Math.round(plan.clickhouse.compressedGiBPerReplica * BACKUP_COPIES) },
      why: "capacity model",
    },
    {
      match: `${stackGlob}/aws_s3_bucket.*archive*`,
      values: { storage_gb: Math.round((monthlyRawGB * ARCHIVE_MONTHS) / ARCHIVE_COMPRESSION) },
      why: "capacity model",
    },
    {
      // Every replica keeps its own copy of cold parts (lib/sizing/constants.ts CLICKHOUSE_COLD_COPIES).
      match: `${stackGlob}/aws_s3_bucket.*cold*`,
      values: {
        storage_gb: Math.round(plan.clickhouse.coldGiBPerReplica * plan.clickhouse.replicas * GB_PER_GIB),
        monthly_tier_1_requests: Math.round(plan.clickhouse.s3Requests.put),
        monthly_tier_2_requests: Math.round(plan.clickhouse.s3Requests.get),
      },
      why: "capacity model",
    },
    {
      match: `${stackGlob}/aws_msk_cluster.*`,
      values: { tiered_storage_gb: Math.round(plan.kafka.tieredGiB * GB_PER_GIB) },
      why: "capacity model",
    },
    {
      match: `${stackGlob}/aws_data_transfer.*`,
      values: { monthly_intra_region_gb: Math.round(plan.crossAzGBPerMonth) },
      why: "capacity model",
    },
  ];
}
