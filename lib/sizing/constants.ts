/**
 * Every number the capacity model uses, each with its source. "§3.n" is sizing fact n of
 * docs/reference/public-figures.md (the public figures, each with its source); the original
 * publication is named next to it. Values marked POLICY are our own choices (headroom, floors),
 * values marked ASSUMPTION have no public figure yet: calibrate them from the weekly staging load
 * test (runbooks/load-test.md) and change them here.
 */

/** A 30-day month, as in the reference arithmetic (docs/reference/public-figures.md §4). */
export const SECONDS_PER_MONTH = 30 * 24 * 3600;

/**
 * Raw (uncompressed) bytes per event: ~62 TB of properties for ~50 billion events, ClickHouse blog
 * "London Meetup Report: Scaling Analytics with PostHog" 2023-07-05 (docs/reference/public-figures.md §3.3, an inference;
 * §4 uses 1.0-1.5 KB).
 */
export const RAW_BYTES_PER_EVENT = 1200;

/**
 * ASSUMPTION: peak-to-average ingest ratio. docs/reference/public-figures.md §4 sizes the 1 T/month case at a 3× peak
 * (and checks 5 B/month at 5×); no published traffic curve of ours exists yet.
 */
export const PEAK_TO_AVERAGE = 3;

/**
 * ClickHouse compression of event data: 10× (ClickHouse docs "Estimating storage requirements":
 * clickstream 6-10×; ClickStack resource guide assumes 10×; PostHog handbook reports 20-40× on JSON
 * columns; ClickBench ~145 B/row compressed agrees in magnitude). docs/reference/public-figures.md §3.4, §3.5, §3.7.
 */
export const CLICKHOUSE_COMPRESSION = 10;

/** 1 vCPU per 10 MB/s of uncompressed ingest (ClickHouse ClickStack "Estimating resources", docs/reference/public-figures.md §3.7). */
export const CLICKHOUSE_INGEST_MBPS_PER_VCPU = 10;

/**
 * Per-replica vCPU by raw TB ingested per month, the older ClickStack table (docs/reference/public-figures.md §3.7):
 * < 10 TB → 2, 10-50 → 4, 50-100 → 8, 100-500 → 30, 1 PB+ → 59 (500 TB-1 PB interpolated to 59).
 */
export const CLICKHOUSE_VCPU_BY_MONTHLY_TB: readonly { readonly belowTb: number; readonly vcpu: number }[] = [
  { belowTb: 10, vcpu: 2 },
  { belowTb: 50, vcpu: 4 },
  { belowTb: 100, vcpu: 8 },
  { belowTb: 500, vcpu: 30 },
  { belowTb: Infinity, vcpu: 59 },
];

/**
 * RAM should roughly match the data while it is below ~200 GB compressed; larger data wants 128 GB
 * or more (ClickHouse "Usage recommendations", docs/reference/public-figures.md §3.8).
 */
export const CLICKHOUSE_RAM_MATCHES_DATA_BELOW_GB = 200;
export const CLICKHOUSE_LARGE_DATA_RAM_GIB = 128;

/**
 * ClickHouse node types, smallest first (memory-optimised like PostHog's EU m6g.8xlarge/US i3en
 * choice, docs/reference/public-figures.md §3.2; r6i sizes from the tier default). vCPU and GiB from the EC2 instance
 * type pages.
 */
export const CLICKHOUSE_NODE_TYPES: readonly { readonly type: string; readonly vcpu: number; readonly memoryGiB: number }[] = [
  { type: "r6i.2xlarge", vcpu: 8, memoryGiB: 64 },
  { type: "r6i.4xlarge", vcpu: 16, memoryGiB: 128 },
  { type: "r6i.8xlarge", vcpu: 32, memoryGiB: 256 },
];

/** POLICY: share of a ClickHouse node's vCPUs given to ingest and merges; the rest serves queries. */
export const CLICKHOUSE_INGEST_CPU_SHARE = 0.5;

/** gp3 volumes are at most 16 TiB (AWS EBS User Guide, "Amazon EBS volume types"). */
export const EBS_GP3_MAX_GIB = 16384;

/** POLICY: keep 20% of a data volume free for merges and mutations (parts are rewritten beside the old ones). */
export const DISK_FILL_TARGET = 0.8;

/** POLICY: volumes are sized in steps of 100 GiB, at least 100 GiB. */
export const VOLUME_STEP_GIB = 100;

/**
 * Kafka replication factor 3 (the data issue's cluster configuration; Express brokers fix RF 3,
 * docs/reference/public-figures.md §3.12).
 */
export const KAFKA_REPLICATION_FACTOR = 3;

/** MSK storage per broker: 1 GiB to 16 TiB (MSK developer guide, broker storage; schema max of kafka.volumeSizeGiB). */
export const MSK_MAX_VOLUME_GIB = 16384;

/** POLICY: storage autoscaling may grow a broker volume to 4× its size (the tier defaults' ratio), up to the MSK maximum. */
export const MSK_AUTOSCALING_FACTOR = 4;

/** Largest broker count the kafka section accepts (schema: brokerCount 2-60). */
export const MSK_MAX_BROKERS = 60;

/**
 * MSK Standard broker types, cheapest per MB/s first among equals.
 * - partitionsPerBroker (incl. replicas): MSK developer guide "Best practices", docs/reference/public-figures.md §3.9.
 * - ingestMBps: producer MB/s one broker sustains at RF 3. kafka.m5.xlarge: 500 MB/s needed
 *   15 × m5.xlarge in AutoMQ's benchmark (docs/reference/public-figures.md §3.13) → 33 MB/s; large is half (vCPU-linear);
 *   2xlarge double. From 4xlarge on, storage throughput caps it: 250 MiB/s default per broker
 *   (docs/reference/public-figures.md §3.10) × brokers / RF (docs/reference/public-figures.md §3.11) → 83 MB/s per broker; provisioned
 *   throughput would lift the cap but its price is NF (docs/reference/public-figures.md §1.2), so the model does not use it.
 */
export const MSK_BROKER_TYPES: readonly { readonly type: string; readonly partitionsPerBroker: number; readonly ingestMBps: number }[] = [
  { type: "kafka.m5.large", partitionsPerBroker: 1000, ingestMBps: 16 },
  { type: "kafka.m5.xlarge", partitionsPerBroker: 1000, ingestMBps: 33 },
  { type: "kafka.m5.2xlarge", partitionsPerBroker: 2000, ingestMBps: 66 },
  { type: "kafka.m5.4xlarge", partitionsPerBroker: 4000, ingestMBps: 83 },
];

/**
 * POLICY: the events topic may use at most half of the cluster's partition budget; other topics
 * and headroom for updates take the rest ("more can block updates", docs/reference/public-figures.md §3.9).
 */
export const EVENTS_TOPIC_PARTITION_SHARE = 0.5;

/**
 * One Kafka consumer per ClickHouse ingest vCPU (`kafka_num_consumers` <= cores and <= partitions,
 * `kafka_thread_per_consumer = 1`: PostHog deck, docs/reference/public-figures.md §3.1); partitions are at least the
 * consumers at peak, rounded to a multiple of the shards (docs/reference/public-figures.md §3.14).
 */
export const PARTITIONS_PER_INGEST_VCPU = 1;

/** Tier floors of the events topic's partitions (the tier defaults). */
export const MIN_PARTITIONS = { production: 12, staging: 6 } as const;

/**
 * ASSUMPTION: application vCPU (capture, plugin server, web) per MB/s of peak raw ingest: 0.5,
 * i.e. five times ClickHouse's insert cost per byte (JSON parsing, enrichment, produce to Kafka).
 * No public figure; calibrate from the staging load test.
 */
export const APP_VCPU_PER_PEAK_MBPS = 0.5;

/** POLICY: target CPU utilisation of app nodes, leaving room for a zone's loss and deploys. */
export const APP_TARGET_UTILISATION = 0.6;

/** POLICY: maxSize = 3× desired (autoscaler room for bursts), within the schema's 450. */
export const APP_MAX_FACTOR = 3;

/** App node types, smallest first; a larger type is chosen when a smaller needs more than 30 nodes. */
export const APP_NODE_TYPES: readonly { readonly type: string; readonly vcpu: number }[] = [
  { type: "m6i.xlarge", vcpu: 4 },
  { type: "m6i.2xlarge", vcpu: 8 },
  { type: "m6i.4xlarge", vcpu: 16 },
];
export const APP_PREFERRED_MAX_NODES = 30;

/**
 * ASSUMPTION: RDS class by volume. PostHog keeps persons and groups in Postgres, whose writes grow
 * with events; one size up per decade of volume above the launch volume, calibrated later from
 * Performance Insights. Classes priced in docs/reference/public-figures.md §1.2.
 */
export const RDS_CLASS_BY_EVENTS: readonly { readonly belowEvents: number; readonly instanceClass: string }[] = [
  { belowEvents: 2e10, instanceClass: "db.r6g.large" },
  { belowEvents: 2e11, instanceClass: "db.r6g.xlarge" },
  { belowEvents: 6e11, instanceClass: "db.r6g.2xlarge" },
  { belowEvents: Infinity, instanceClass: "db.r6g.4xlarge" },
];
/** Staging keeps its tier default class below this volume. */
export const STAGING_RDS_DEFAULT_BELOW_EVENTS = 2e10;

/**
 * Share of client traffic that crosses zones when leaders, producers and consumers spread evenly
 * over the zones: (zones − 1) / zones (arithmetic; MSK replication between brokers is free,
 * docs/reference/public-figures.md §1.2, so only client traffic and ClickHouse replica fetches count).
 */
export const crossAzShare = (zones: number) => (zones - 1) / zones;

/**
 * ASSUMPTION: Kafka passes per event that are billed as client traffic: one produce and one
 * consume by ClickHouse's Kafka engine. Rack-aware consumers (fetch from the closest replica)
 * would remove the consume side; add passes if another consumer group reads the events topic.
 */
export const KAFKA_CLIENT_PASSES = 2;

/** Upper bounds of the section schemas (lib/config/sections/*): derived values never exceed them. */
export const SCHEMA_MAX = { clickhouseShards: 256, kafkaPartitions: 10000, nodeGroupSize: 450 } as const;

// ---- Cost levers (issue 16) -------------------------------------------------------------------

/**
 * Producer compression ratio of Kafka batches of JSON events, by codec: Conduktor "Kafka producer
 * compression" (docs.conduktor.io/learn/advanced/producers/compression, read 2026-12-07), size
 * reduction on typical JSON payloads: gzip ~75%, zstd ~72%, snappy ~68%, lz4 ~65% → ratio
 * 1 / (1 − reduction). Applies to Kafka storage, broker throughput and client network.
 */
export const KAFKA_COMPRESSION_RATIO = {
  none: 1,
  gzip: 1 / (1 - 0.75),
  zstd: 1 / (1 - 0.72),
  snappy: 1 / (1 - 0.68),
  lz4: 1 / (1 - 0.65),
} as const;
export type KafkaCompression = keyof typeof KAFKA_COMPRESSION_RATIO;

/**
 * ClickHouse compression by the codec of the event columns. `lz4` (the MergeTree default): 10×, the
 * clickstream figure above. `zstd`: ZSTD(3) on the properties column, which holds the ~1.2 KB raw
 * per event (§3.3), compresses 20×-40× in PostHog's handbook (`data-storage.mdx`,
 * docs/reference/public-figures.md §3.4); the low end is used.
 */
export const CLICKHOUSE_CODEC_COMPRESSION = { lz4: CLICKHOUSE_COMPRESSION, zstd: 20 } as const;
export type ClickHouseCodec = keyof typeof CLICKHOUSE_CODEC_COMPRESSION;

/**
 * Cold ClickHouse data on S3: every replica keeps its own copy. Zero-copy replication (one shared
 * copy per shard) is off by default since ClickHouse 22.8 and "not recommended for production use"
 * (ClickHouse docs, "Separation of storage and compute" / `allow_remote_fs_zero_copy_replication`,
 * read 2026-12-07), so the model prices `replicas` copies of cold data.
 */
export const CLICKHOUSE_COLD_COPIES = "one per replica" as const;

/**
 * ASSUMPTION: bytes per S3 PUT when ClickHouse moves parts to its S3 disk (one object per column file,
 * multipart above 32 MiB): 4 MiB on average, and 10 GETs per PUT (queries over cold data past the
 * local cache). Calibrate from the bucket's request metrics.
 */
export const CLICKHOUSE_S3_BYTES_PER_PUT = 4 * 1024 ** 2;
export const CLICKHOUSE_S3_GETS_PER_PUT = 10;

/** POLICY: the S3 disk's local cache, as a share of the hot data on each replica's volume. */
export const CLICKHOUSE_S3_CACHE_SHARE = 0.2;

/**
 * Graviton (arm64) families the software supports: PostHog runs its EU ClickHouse cluster on
 * m6g.8xlarge with a c7g.metal coordinator (docs/reference/public-figures.md §3.2); MSK offers
 * kafka.m7g (MSK developer guide, broker types; §3.9-3.10 list m7g limits); RDS db.r6g is already Graviton2
 * (db.r7g has no sourced price, docs/reference/public-figures.md §1.2, so RDS keeps db.r6g).
 * vCPU/GiB from the EC2 instance type pages; ingest per broker as the m5 size with the same vCPUs
 * (ASSUMPTION until the staging load test measures m7g).
 */
export const GRAVITON_CLICKHOUSE_NODE_TYPES: readonly { readonly type: string; readonly vcpu: number; readonly memoryGiB: number }[] = [
  { type: "r7g.2xlarge", vcpu: 8, memoryGiB: 64 },
  { type: "r7g.4xlarge", vcpu: 16, memoryGiB: 128 },
  { type: "r7g.8xlarge", vcpu: 32, memoryGiB: 256 },
];
export const GRAVITON_APP_NODE_TYPES: readonly { readonly type: string; readonly vcpu: number }[] = [
  { type: "m7g.xlarge", vcpu: 4 },
  { type: "m7g.2xlarge", vcpu: 8 },
  { type: "m7g.4xlarge", vcpu: 16 },
];
export const GRAVITON_MSK_BROKER_TYPES: typeof MSK_BROKER_TYPES = MSK_BROKER_TYPES.map((t) => ({
  ...t,
  type: t.type.replace("kafka.m5.", "kafka.m7g."),
}));
