import type { Tier } from "../config/types";
import { clickhouseDefaults } from "../config/sections/clickhouse";
import { kafkaDefaults } from "../config/sections/kafka";
import { kubernetesDefaults } from "../config/sections/kubernetes";
import { postgresDefaults } from "../config/sections/postgres";
import * as C from "./constants";
import { leverProblems, NO_LEVERS, type Levers } from "./levers";
import { required } from "../defined";

/** What the capacity model needs to know about an environment. */
export interface CapacityInput {
  readonly eventsPerMonth: number;
  readonly tier: Tier;
  /** @default 3 (production needs three; the region default is three) */
  readonly availabilityZones?: number;
  /** @default the tier's kafka.retentionHours */
  readonly kafkaRetentionHours?: number;
  /** @default the tier's clickhouse.retentionDays */
  readonly clickhouseRetentionDays?: number;
  /** @default the tier's clickhouse.replicas (capped at the zone count) */
  readonly clickhouseReplicas?: number;
  /** Cost levers (lib/sizing/levers.ts); unset ones are off. @default NO_LEVERS */
  readonly levers?: Partial<Levers>;
}

/** A plan's input with every default filled in. */
export type FullCapacityInput = Required<Omit<CapacityInput, "levers">> & { readonly levers: Levers };

export interface TrafficPlan {
  readonly avgEventsPerSecond: number;
  readonly peakEventsPerSecond: number;
  readonly avgRawMBps: number;
  readonly peakRawMBps: number;
  readonly rawTbPerMonth: number;
}

export interface KafkaPlan {
  readonly instanceType: string;
  readonly brokerCount: number;
  readonly volumeSizeGiB: number;
  readonly maxVolumeSizeGiB: number;
  readonly partitions: number;
  readonly retentionHours: number;
  /** Producer compression ratio credited to storage, throughput and network. */
  readonly compressionRatio: number;
  /** Bytes kept on the brokers' volumes (local retention), all replicas, in GiB. */
  readonly storedGiB: number;
  /** Bytes in MSK tiered storage (retention beyond the local hours), one copy, in GiB; 0 without tiering. */
  readonly tieredGiB: number;
  /** Broker counts each limit asks for, before rounding to the zone count. */
  readonly brokersFor: { readonly throughput: number; readonly storage: number; readonly partitions: number };
}

export interface ClickHousePlan {
  readonly shards: number;
  readonly replicas: number;
  readonly instanceType: string;
  readonly volumeSizeGiB: number;
  readonly retentionDays: number;
  /** Compression ratio of event data on disk (by codec). */
  readonly compressionRatio: number;
  /** Compressed data one replica of the whole cluster holds at full retention, GiB (hot + cold). */
  readonly compressedGiBPerReplica: number;
  /** Of that, on the data volumes (hot days, or everything without tiering), GiB. */
  readonly hotGiBPerReplica: number;
  /** Of that, on the S3 disk; every replica keeps its own copy (constants: CLICKHOUSE_COLD_COPIES). */
  readonly coldGiBPerReplica: number;
  /** S3 requests a month of the whole cluster (all replicas): PUTs moving parts, GETs reading them. */
  readonly s3Requests: { readonly put: number; readonly get: number };
  /** vCPU per replica set for ingest and merges at peak. */
  readonly ingestVcpu: number;
  readonly shardsFor: { readonly cpu: number; readonly disk: number };
}

export interface NodeGroupPlan {
  readonly instanceType: string;
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
}

export interface CapacityPlan {
  readonly input: FullCapacityInput;
  readonly traffic: TrafficPlan;
  readonly kafka: KafkaPlan;
  readonly clickhouse: ClickHousePlan;
  readonly app: NodeGroupPlan;
  readonly postgres: { readonly instanceClass: string };
  /** GB per month crossing availability zones (Kafka clients, ClickHouse replica fetches). */
  readonly crossAzGBPerMonth: number;
  /** Limits the plan runs into: a human has to decide (retention, tiered storage, more clusters). */
  readonly warnings: readonly string[];
}

const GiB = 1024 ** 3;
const ceilTo = (value: number, step: number) => Math.ceil(value / step) * step;
const volumeGiB = (dataGiB: number, max: number) =>
  Math.min(max, Math.max(C.VOLUME_STEP_GIB, ceilTo(dataGiB / C.DISK_FILL_TARGET, C.VOLUME_STEP_GIB)));

/** Sizes Kafka, ClickHouse, the app node group and RDS for a monthly event volume. */
export function planCapacity(input: CapacityInput): CapacityPlan {
  const problems: string[] = [];
  if (!(Number.isFinite(input.eventsPerMonth) && input.eventsPerMonth > 0))
    problems.push(`eventsPerMonth: a positive number (got ${input.eventsPerMonth})`);
  const azs = input.availabilityZones ?? 3;
  if (!Number.isInteger(azs) || azs < 1) problems.push(`availabilityZones: a whole number >= 1 (got ${azs})`);
  const kafkaRetentionHours = input.kafkaRetentionHours ?? kafkaDefaults[input.tier].retentionHours;
  const clickhouseRetentionDays = input.clickhouseRetentionDays ?? clickhouseDefaults[input.tier].retentionDays;
  const levers: Levers = { ...NO_LEVERS, ...input.levers };
  problems.push(...leverProblems(levers));
  if (problems.length > 0) throw new Error(`planCapacity: ${problems.join("; ")}`);

  const full: FullCapacityInput = {
    eventsPerMonth: input.eventsPerMonth,
    tier: input.tier,
    availabilityZones: azs,
    kafkaRetentionHours,
    clickhouseRetentionDays,
    clickhouseReplicas: Math.min(azs, input.clickhouseReplicas ?? clickhouseDefaults[input.tier].replicas),
    levers,
  };
  const warnings: string[] = [];
  const traffic = planTraffic(full.eventsPerMonth);
  const clickhouse = planClickHouse(full, traffic, warnings);
  const kafka = planKafka(full, traffic, clickhouse.shards, warnings);
  const app = planApp(full, traffic);
  const postgres = { instanceClass: planRdsClass(full) };
  return { input: full, traffic, kafka, clickhouse, app, postgres, crossAzGBPerMonth: crossAzGB(full, traffic), warnings };
}

function planTraffic(eventsPerMonth: number): TrafficPlan {
  const avgEventsPerSecond = eventsPerMonth / C.SECONDS_PER_MONTH;
  const avgRawMBps = (avgEventsPerSecond * C.RAW_BYTES_PER_EVENT) / 1e6;
  return {
    avgEventsPerSecond,
    peakEventsPerSecond: avgEventsPerSecond * C.PEAK_TO_AVERAGE,
    avgRawMBps,
    peakRawMBps: avgRawMBps * C.PEAK_TO_AVERAGE,
    rawTbPerMonth: (eventsPerMonth * C.RAW_BYTES_PER_EVENT) / 1e12,
  };
}

function planClickHouse(input: FullCapacityInput, traffic: TrafficPlan, warnings: string[]): ClickHousePlan {
  const { levers } = input;
  const ratio = C.CLICKHOUSE_CODEC_COMPRESSION[levers.clickhouseCodec];
  const months = input.clickhouseRetentionDays / 30;
  const compressedBytes = (input.eventsPerMonth * months * C.RAW_BYTES_PER_EVENT) / ratio;
  const compressedGiBPerReplica = compressedBytes / GiB;
  const tiered = levers.clickhouseTiering.enabled;
  const hotShare = tiered ? Math.min(1, levers.clickhouseTiering.hotDays / input.clickhouseRetentionDays) : 1;
  const hotGiBPerReplica = compressedGiBPerReplica * hotShare;
  // The S3 disk's cache lives on the same volume as the hot parts.
  const volumeDataGiB = hotGiBPerReplica * (tiered ? 1 + C.CLICKHOUSE_S3_CACHE_SHARE : 1);
  const byTable = required(
    C.CLICKHOUSE_VCPU_BY_MONTHLY_TB.find((row) => traffic.rawTbPerMonth < row.belowTb),
    `CLICKHOUSE_VCPU_BY_MONTHLY_TB row for ${traffic.rawTbPerMonth} TB a month`,
  ).vcpu;
  const ingestVcpu = Math.max(byTable, traffic.peakRawMBps / C.CLICKHOUSE_INGEST_MBPS_PER_VCPU);
  const usableGiBPerShard = C.EBS_GP3_MAX_GIB * C.DISK_FILL_TARGET;
  const shardsForDisk = Math.ceil(volumeDataGiB / usableGiBPerShard);

  let chosen: { type: string; shards: number; cpu: number } | undefined;
  for (const node of levers.graviton ? C.GRAVITON_CLICKHOUSE_NODE_TYPES : C.CLICKHOUSE_NODE_TYPES) {
    const cpu = Math.ceil(ingestVcpu / (node.vcpu * C.CLICKHOUSE_INGEST_CPU_SHARE));
    const shards = Math.max(1, cpu, shardsForDisk);
    const perShardGB = compressedBytes / shards / 1e9;
    const ramNeeded =
      perShardGB < C.CLICKHOUSE_RAM_MATCHES_DATA_BELOW_GB ? Math.min(perShardGB, node.memoryGiB) : C.CLICKHOUSE_LARGE_DATA_RAM_GIB;
    chosen = { type: node.type, shards, cpu };
    if (node.memoryGiB >= ramNeeded) break;
  }
  const pick = required(chosen, "a ClickHouse node type (the node type tables are not empty)");
  let shards = pick.shards;
  if (shards > C.SCHEMA_MAX.clickhouseShards) {
    warnings.push(
      `ClickHouse needs ${shards} shards, more than the ${C.SCHEMA_MAX.clickhouseShards} the schema allows: shorten clickhouse.retentionDays or tier old parts to S3`,
    );
    shards = C.SCHEMA_MAX.clickhouseShards;
  }
  const perShardGiB = volumeDataGiB / shards;
  if (perShardGiB / C.DISK_FILL_TARGET > C.EBS_GP3_MAX_GIB)
    warnings.push(`ClickHouse data per replica (${Math.round(perShardGiB)} GiB) does not fit one gp3 volume`);
  const coldGiBPerReplica = compressedGiBPerReplica - hotGiBPerReplica;
  // Every replica moves its own parts: a month's compressed data per replica, in PUT-sized objects.
  const movedBytes = tiered ? ((input.eventsPerMonth * C.RAW_BYTES_PER_EVENT) / ratio) * input.clickhouseReplicas : 0;
  const put = movedBytes / C.CLICKHOUSE_S3_BYTES_PER_PUT;
  return {
    shards,
    replicas: input.clickhouseReplicas,
    instanceType: pick.type,
    volumeSizeGiB: volumeGiB(perShardGiB, C.EBS_GP3_MAX_GIB),
    retentionDays: input.clickhouseRetentionDays,
    compressionRatio: ratio,
    compressedGiBPerReplica,
    hotGiBPerReplica,
    coldGiBPerReplica,
    s3Requests: { put, get: put * C.CLICKHOUSE_S3_GETS_PER_PUT },
    ingestVcpu,
    shardsFor: { cpu: pick.cpu, disk: shardsForDisk },
  };
}

function planKafka(input: FullCapacityInput, traffic: TrafficPlan, shards: number, warnings: string[]): KafkaPlan {
  const azs = input.availabilityZones;
  const ratio = C.KAFKA_COMPRESSION_RATIO[input.levers.kafkaCompression];
  const inMBps = traffic.peakRawMBps / ratio;
  const tiering = input.levers.kafkaTieredStorage;
  const localHours = tiering.enabled ? Math.min(tiering.localRetentionHours, input.kafkaRetentionHours) : input.kafkaRetentionHours;
  const bytesPerHour = (traffic.avgRawMBps * 1e6 * 3600) / ratio;
  const storedGiB = (bytesPerHour * localHours * C.KAFKA_REPLICATION_FACTOR) / GiB;
  // Tiered segments are kept once, not per replica (MSK developer guide, "Tiered storage": data in
  // the tier "doesn't require replication across broker disks").
  const tieredGiB = (bytesPerHour * (input.kafkaRetentionHours - localHours)) / GiB;
  const consumers = Math.ceil((traffic.peakRawMBps / C.CLICKHOUSE_INGEST_MBPS_PER_VCPU) * C.PARTITIONS_PER_INGEST_VCPU);
  const partitions = ceilTo(Math.max(C.MIN_PARTITIONS[input.tier], consumers), shards);
  const brokersForStorage = Math.ceil(storedGiB / (C.MSK_MAX_VOLUME_GIB * C.DISK_FILL_TARGET));

  // Cheapest type that fits: m5 prices are linear in size (docs/reference/public-figures.md §1.2), so cost ∝ brokers × vCPU.
  const types = input.levers.graviton ? C.GRAVITON_MSK_BROKER_TYPES : C.MSK_BROKER_TYPES;
  const candidates = types.map((t, i) => {
    const throughput = Math.ceil(inMBps / t.ingestMBps);
    const forPartitions = Math.ceil((partitions * C.KAFKA_REPLICATION_FACTOR) / (t.partitionsPerBroker * C.EVENTS_TOPIC_PARTITION_SHARE));
    const brokers = ceilTo(Math.max(3, azs, throughput, brokersForStorage, forPartitions), azs);
    return {
      type: t.type,
      brokers,
      cost: brokers * 2 ** i,
      brokersFor: { throughput, storage: brokersForStorage, partitions: forPartitions },
    };
  });
  const fitting = candidates.filter((c) => c.brokers <= C.MSK_MAX_BROKERS).sort((a, b) => a.cost - b.cost || a.brokers - b.brokers);
  let pick = fitting[0];
  if (!pick) {
    const largest = required(candidates[candidates.length - 1], "an MSK broker candidate");
    pick = { ...largest, brokers: Math.floor(C.MSK_MAX_BROKERS / azs) * azs };
    warnings.push(
      `Kafka needs ${largest.brokers} × ${largest.type}, more than one MSK cluster's ${C.MSK_MAX_BROKERS} brokers: shorten kafka.retentionHours, use tiered storage, or split topics over clusters`,
    );
  }
  const perBrokerGiB = storedGiB / pick.brokers;
  if (perBrokerGiB / C.DISK_FILL_TARGET > C.MSK_MAX_VOLUME_GIB)
    warnings.push(`Kafka retention needs ${Math.round(perBrokerGiB)} GiB per broker, more than MSK's ${C.MSK_MAX_VOLUME_GIB}`);
  const volumeSizeGiB = volumeGiB(perBrokerGiB, C.MSK_MAX_VOLUME_GIB);
  return {
    instanceType: pick.type,
    brokerCount: pick.brokers,
    volumeSizeGiB,
    maxVolumeSizeGiB: Math.min(C.MSK_MAX_VOLUME_GIB, volumeSizeGiB * C.MSK_AUTOSCALING_FACTOR),
    partitions: Math.min(partitions, C.SCHEMA_MAX.kafkaPartitions),
    retentionHours: input.kafkaRetentionHours,
    compressionRatio: ratio,
    storedGiB,
    tieredGiB,
    brokersFor: pick.brokersFor,
  };
}

function planApp(input: FullCapacityInput, traffic: TrafficPlan): NodeGroupPlan {
  const defaults = kubernetesDefaults[input.tier].nodeGroups.app;
  // With Graviton, the tier's type moves to the same size of m7g (m6i.xlarge → m7g.xlarge).
  const tierGroup = input.levers.gravitonAppNodes ? { ...defaults, instanceType: `m7g.${defaults.instanceType.split(".")[1]}` } : defaults;
  const vcpu = (traffic.peakRawMBps * C.APP_VCPU_PER_PEAK_MBPS) / C.APP_TARGET_UTILISATION;
  // Start at the tier's type: a small environment keeps its default group.
  const ladder = [
    { type: tierGroup.instanceType, vcpu: vcpuOf(tierGroup.instanceType) },
    ...(input.levers.gravitonAppNodes ? C.GRAVITON_APP_NODE_TYPES : C.APP_NODE_TYPES).filter(
      (t) => t.vcpu > vcpuOf(tierGroup.instanceType),
    ),
  ];
  let choice = required(ladder[ladder.length - 1], "an app node type");
  for (const t of ladder) {
    if (Math.ceil(vcpu / t.vcpu) <= C.APP_PREFERRED_MAX_NODES) {
      choice = t;
      break;
    }
  }
  const azs = input.availabilityZones;
  const desiredSize = Math.min(C.SCHEMA_MAX.nodeGroupSize, ceilTo(Math.max(tierGroup.desiredSize, Math.ceil(vcpu / choice.vcpu)), azs));
  return {
    instanceType: choice.type,
    minSize: Math.min(tierGroup.minSize, desiredSize),
    desiredSize,
    maxSize: Math.min(C.SCHEMA_MAX.nodeGroupSize, Math.max(tierGroup.maxSize, desiredSize * C.APP_MAX_FACTOR)),
  };
}

/** vCPUs of the m6i sizes the app group uses (EC2 instance type pages). */
function vcpuOf(type: string): number {
  const size = type.split(".")[1] ?? "";
  const table: Record<string, number> = { large: 2, xlarge: 4, "2xlarge": 8, "4xlarge": 16, "8xlarge": 32 };
  return table[size] ?? 4;
}

function planRdsClass(input: FullCapacityInput): string {
  if (input.tier === "staging" && input.eventsPerMonth < C.STAGING_RDS_DEFAULT_BELOW_EVENTS) return postgresDefaults.staging.instanceClass;
  return required(
    C.RDS_CLASS_BY_EVENTS.find((row) => input.eventsPerMonth < row.belowEvents),
    `RDS_CLASS_BY_EVENTS row for ${input.eventsPerMonth} events a month`,
  ).instanceClass;
}

/** Kafka client traffic across zones plus ClickHouse replicas fetching each other's compressed parts. */
function crossAzGB(input: FullCapacityInput, traffic: TrafficPlan): number {
  const rawGB = (traffic.rawTbPerMonth * 1e3) / C.KAFKA_COMPRESSION_RATIO[input.levers.kafkaCompression];
  const kafka = rawGB * C.KAFKA_CLIENT_PASSES * C.crossAzShare(input.availabilityZones);
  const chRatio = C.CLICKHOUSE_CODEC_COMPRESSION[input.levers.clickhouseCodec];
  const replication = ((traffic.rawTbPerMonth * 1e3) / chRatio) * (input.clickhouseReplicas - 1);
  return kafka + replication;
}
