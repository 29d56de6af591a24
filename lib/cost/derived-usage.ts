import type { CapacityPlan } from "../sizing";
import { RAW_BYTES_PER_EVENT } from "../sizing/constants";
import type { UsageInput } from "./usage";

/** ASSUMPTION: the backups bucket holds ~1.5 copies of a replica's data (a weekly full plus daily incrementals). */
export const BACKUP_COPIES = 1.5;
/** ASSUMPTION: the raw event archive keeps 90 days (lifecycle to colder classes not modelled), gzip ~10× on JSON. */
export const ARCHIVE_MONTHS = 3;
export const ARCHIVE_COMPRESSION = 10;

/**
 * Usage the capacity plan implies for an environment's stacks (`<prefix>*`): the ClickHouse
 * backups and raw-archive buckets and cross-AZ transfer. The usage file's own overrides come after
 * these and win, so a measured value replaces the model's.
 */
export function usageFromPlan(plan: CapacityPlan, stackGlob: string): NonNullable<UsageInput["overrides"]> {
  const monthlyRawGB = (plan.input.eventsPerMonth * RAW_BYTES_PER_EVENT) / 1e9;
  return [
    {
      match: `${stackGlob}/aws_s3_bucket.*backup*`,
      values: { storage_gb: Math.round(plan.clickhouse.compressedGiBPerReplica * BACKUP_COPIES) },
      why: "capacity model",
    },
    {
      match: `${stackGlob}/aws_s3_bucket.*archive*`,
      values: { storage_gb: Math.round((monthlyRawGB * ARCHIVE_MONTHS) / ARCHIVE_COMPRESSION) },
      why: "capacity model",
    },
    {
      match: `${stackGlob}/aws_data_transfer.*`,
      values: { monthly_intra_region_gb: Math.round(plan.crossAzGBPerMonth) },
      why: "capacity model",
    },
  ];
}
