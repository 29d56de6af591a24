import { z } from "zod";
import type { DeepRequired, TierDefaults } from "../types";
import { count, cronSchedule, ec2InstanceType } from "./common";

export const clickhouseInput = z.strictObject({
  /** Shards of the ClickHouse cluster. Default: derived from eventsPerMonth. */
  shards: count(1, 256).optional(),
  /** Replicas per shard, spread over availability zones. Default: 2 in production, 1 in staging. */
  replicas: count(1, 3).optional(),
  /**
   * Instance type of the dedicated ClickHouse node groups (one group per AZ). Graviton (r7g) works:
   * the Altinity stable server images are built for AMD64 and Aarch64 (Altinity/ClickHouse release
   * notes, e.g. https://github.com/Altinity/ClickHouse/releases/tag/v25.3.14.10003-1.altinitystable,
   * read 2026-12-07) and clickhouse-backup for linux/amd64 and linux/arm64
   * (Altinity/clickhouse-backup .github/workflows/release.yaml @ fd46978, 2026-08-19).
   */
  instanceType: ec2InstanceType.optional(),
  /**
   * `ebs`: an encrypted gp3 volume per replica (survives node replacement). `instance-store`:
   * local NVMe (i4i, im4gn); data lives only as long as the node, so replicas and backups are the
   * durability. Default: ebs.
   */
  storage: z.enum(["ebs", "instance-store"]).optional(),
  /** Data volume per replica when storage is ebs. */
  volumeSizeGiB: count(10, 65536).optional(),
  /** Days of event data kept in ClickHouse before TTL deletes it. */
  retentionDays: count(1, 3653).optional(),
  /**
   * Tiered storage: parts live on the replica's volume (the `hot` volume) for `hotDays`, then move
   * to an S3 disk with a local cache (the `cold` volume) in the environment's cold-storage bucket.
   * ClickHouse moves parts by a table's `TTL ... TO VOLUME 'cold'` and, as a safety net, when the
   * hot volume is nearly full (`move_factor`). Default: on in production, off in staging.
   */
  tiering: z
    .strictObject({
      enabled: z.boolean().optional(),
      /** Days a part stays on the hot volume before its TTL moves it to S3. Fewer than retentionDays. */
      hotDays: count(1, 3653).optional(),
    })
    .optional(),
  /** ClickHouse server image tag (Altinity stable or upstream LTS). */
  version: z.string().min(1).optional(),
  backup: z
    .strictObject({
      /** When the backup CronJob runs (cron, UTC). Default: daily at 02:00. */
      schedule: cronSchedule.optional(),
      /** A full backup every N days, incrementals in between. Default: 7 in production, 1 in staging. */
      fullEveryDays: count(1, 31).optional(),
      /** Days backups are kept in the backups bucket. Default: 30 in production, 7 in staging. */
      retentionDays: count(1, 3653).optional(),
      /**
       * S3 storage class clickhouse-backup writes (its `S3_STORAGE_CLASS`, Altinity/clickhouse-backup
       * ReadMe.md config reference, read 2026-12-07). STANDARD_IA is read only on a restore and bills
       * at least 30 days per object (Amazon S3 User Guide, "Storage classes for infrequently accessed
       * objects"), so it needs retentionDays >= 30. Default: STANDARD_IA in production, STANDARD in staging.
       */
      storageClass: z.enum(["STANDARD", "STANDARD_IA"]).optional(),
    })
    .optional(),
});
export type ClickHouseConfig = DeepRequired<z.input<typeof clickhouseInput>>;

export const clickhouseDefaults: TierDefaults<ClickHouseConfig> = {
  production: {
    shards: 1,
    replicas: 2,
    instanceType: "r7g.2xlarge",
    storage: "ebs",
    volumeSizeGiB: 500,
    retentionDays: 365,
    tiering: { enabled: true, hotDays: 30 },
    version: "25.3.6.10034.altinitystable",
    backup: { schedule: "0 2 * * *", fullEveryDays: 7, retentionDays: 30, storageClass: "STANDARD_IA" },
  },
  staging: {
    shards: 1,
    replicas: 1,
    instanceType: "r7g.2xlarge",
    storage: "ebs",
    volumeSizeGiB: 100,
    retentionDays: 30,
    tiering: { enabled: false, hotDays: 7 },
    version: "25.3.6.10034.altinitystable",
    backup: { schedule: "0 2 * * *", fullEveryDays: 1, retentionDays: 7, storageClass: "STANDARD" },
  },
};
