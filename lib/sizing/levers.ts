import type { ClickHouseCodec, KafkaCompression } from "./constants";

/**
 * The cost levers of issue 16 as plain plan inputs. Their config fields (clickhouse.tiering,
 * kafka.compression, kafka.tieredStorage, Graviton defaults) live in lib/config/sections; the
 * capacity model takes them as values so the environment loader and the CLI can both pass them.
 */
export interface Levers {
  /** Event-column codec: `zstd` = ZSTD(3) on the properties column. @default "lz4" (MergeTree's default) */
  readonly clickhouseCodec: ClickHouseCodec;
  /** Hot days on the data volume, the rest of retentionDays on the S3 disk. @default disabled */
  readonly clickhouseTiering: { readonly enabled: boolean; readonly hotDays: number };
  /** Producer compression of the events topic. @default "none" */
  readonly kafkaCompression: KafkaCompression;
  /** MSK tiered storage: brokers keep localRetentionHours, the rest of retentionHours is tiered. @default disabled */
  readonly kafkaTieredStorage: { readonly enabled: boolean; readonly localRetentionHours: number };
  /** Graviton families for ClickHouse nodes and Kafka brokers (images verified multi-arch). @default false */
  readonly graviton: boolean;
  /**
   * Graviton (m7g) for the app and system node groups too. Separate from `graviton` because every
   * image those groups run must ship arm64, which the deployed add-ons and the application do not
   * all verify yet (lib/config/sections/kubernetes.ts keeps them x86). @default false
   */
  readonly gravitonAppNodes: boolean;
  /**
   * Storage class clickhouse-backup writes the backups bucket in (its `s3.storage_class`,
   * S3_STORAGE_CLASS: Altinity/clickhouse-backup ReadMe.md config reference, read 2026-12-07).
   * Standard-IA bills 30 days at least (S3 user guide, storage classes), which the production
   * backup retention (30 days) meets. @default "STANDARD"
   */
  readonly backupStorageClass: "STANDARD" | "STANDARD_IA";
}

/** No lever pulled: the plan as it was before issue 16 (x86, raw bytes, everything on EBS). */
export const NO_LEVERS: Levers = {
  clickhouseCodec: "lz4",
  clickhouseTiering: { enabled: false, hotDays: 7 },
  kafkaCompression: "none",
  kafkaTieredStorage: { enabled: false, localRetentionHours: 24 },
  graviton: false,
  gravitonAppNodes: false,
  backupStorageClass: "STANDARD",
};

/**
 * Every lever pulled, with POLICY values: 7 hot days (a week of queries on EBS; older parts move to
 * S3), zstd producer compression (the best ratio short of gzip at a fraction of its CPU, Conduktor
 * ibid.), 24 hours on the brokers (ClickHouse consumes within seconds; a day covers a consumer
 * outage, the rest of the retention is replayable from the tier), backups in Standard-IA (read only
 * on a restore).
 */
export const ALL_LEVERS: Levers = {
  clickhouseCodec: "zstd",
  clickhouseTiering: { enabled: true, hotDays: 7 },
  kafkaCompression: "zstd",
  kafkaTieredStorage: { enabled: true, localRetentionHours: 24 },
  graviton: true,
  // Not deployed (app and add-on images are not all verified for arm64): the plan does not count on it.
  gravitonAppNodes: false,
  backupStorageClass: "STANDARD_IA",
};

/** Names of the levers, for per-lever savings. */
export const LEVER_NAMES = [
  "clickhouseCodec",
  "clickhouseTiering",
  "kafkaCompression",
  "kafkaTieredStorage",
  "graviton",
  "gravitonAppNodes",
  "backupStorageClass",
] as const;
export type LeverName = (typeof LEVER_NAMES)[number];

/**
 * Problems with lever values, naming the field, the bad value and what is allowed. Hot days or local
 * hours at or beyond the retention are allowed: nothing is tiered then.
 */
export function leverProblems(levers: Levers): string[] {
  const out: string[] = [];
  const t = levers.clickhouseTiering;
  if (t.enabled && !(Number.isInteger(t.hotDays) && t.hotDays >= 1))
    out.push(`clickhouse.tiering.hotDays: a whole number of days >= 1 (got ${t.hotDays})`);
  const k = levers.kafkaTieredStorage;
  if (k.enabled && !(Number.isFinite(k.localRetentionHours) && k.localRetentionHours >= 1))
    out.push(`kafka.tieredStorage.localRetentionHours: a number of hours >= 1 (got ${k.localRetentionHours})`);
  return out;
}
