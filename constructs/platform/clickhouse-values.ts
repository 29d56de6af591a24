import type { IConstruct } from "constructs";
import { clickhousePlacement } from "../eks/clickhouse-layout";
import { PropsProblems } from "../kit/validation";
import type { Values } from "./chart-values";
import {
  CLICKHOUSE_CLUSTER,
  CLICKHOUSE_INSTALLATION,
  CLICKHOUSE_NODE_LABEL,
  CLICKHOUSE_TOLERATION,
  SECRET_NAMES,
  WORKLOAD_SERVICE_ACCOUNTS,
} from "./names";

/**
 * clickhouse-backup image: Altinity/clickhouse-backup tag v2.8.0 (2026-07-16). Runs as a sidecar in
 * API-server mode (`server`, system.backup_actions integration tables).
 */
export const CLICKHOUSE_BACKUP_IMAGE = "altinity/clickhouse-backup:2.8.0";

/** CPU (vCPU) and memory (GiB) of a container. */
export interface ContainerResources {
  readonly cpu: number;
  readonly memoryGiB: number;
}

/**
 * Requests = limits (Guaranteed QoS: the kernel OOM-kills ClickHouse last), sized by the stack to
 * take one dedicated node each (lib/sizing/clickhouse-pod.ts).
 */
export function clickhouseResources(scope: IConstruct, server: ContainerResources): Values {
  new PropsProblems(scope)
    .require(
      server.cpu >= 1 && server.memoryGiB >= 4,
      "server",
      server,
      "at least ClickHouse's minimum of 1 vCPU and 4 GiB (cpu, memoryGiB)",
    )
    .throwIfAny();
  const both = { cpu: String(server.cpu), memory: `${server.memoryGiB}Gi` };
  return { requests: both, limits: both };
}

/**
 * `placement[s][r]`: the zone of replica r of shard s, from the placement that sizes the per-zone
 * ClickHouse node groups (constructs/eks/clickhouse-layout.ts). The chart pins each replica to this
 * zone and computes none itself, so every pod has a node in its zone and no node idles.
 */
export function clickhouseReplicaZones(scope: IConstruct, shards: number, replicas: number, zones: readonly string[]): string[][] {
  const placement = clickhousePlacement(scope, shards, replicas, zones);
  return Array.from({ length: shards }, (_, s) =>
    placement
      .filter((p) => p.shard === s)
      .sort((a, b) => a.replica - b.replica)
      .map((p) => p.zone),
  );
}

export interface ClickHouseChartInputs {
  /** ClickHouse server and Keeper image tag, e.g. `24.8.14.39`. */
  readonly version: string;
  readonly shards: number;
  readonly replicas: number;
  /** Zones the replicas spread over, in placement order. */
  readonly availabilityZones: readonly string[];
  /** The VPC's CIDR: the widest network a ClickHouse login may come from. */
  readonly vpcCidr: string;
  readonly region: string;
  /** EBS volume per replica, GiB (`ebs` storage; the only storage the in-cluster layer supports). */
  readonly volumeSizeGiB: number;
  /** The ClickHouse server container's requests and limits (one dedicated node each). */
  readonly server: ContainerResources;
  /** The clickhouse-backup sidecar's limits. */
  readonly backupSidecar: ContainerResources;
  /** Backup schedule (cron), days between full backups, and how many daily backups to keep. */
  readonly backup: {
    readonly schedule: string;
    readonly fullEveryDays: number;
    readonly retentionDays: number;
    /** S3 storage class of backup objects. @default "STANDARD" */
    readonly storageClass?: "STANDARD" | "STANDARD_IA";
  };
  readonly storageClass: string;
  readonly backupsBucketName: string;
  readonly dataKmsKeyArn: string;
  /**
   * Tiered storage: parts move from the data volume to an S3 disk (with a local cache) in this
   * bucket after `hotDays`; null keeps every part on the volume.
   */
  readonly tiering: { readonly hotDays: number; readonly bucketName: string } | null;
  /**
   * Monthly restore drill (charts/clickhouse-cluster templates/restore-drill-cronjob.yaml): each
   * shard's newest remote backup restored into a scratch server in its own pod and checked.
   * Not with tiering (parts on the S3 disk would be copied into the live cold bucket).
   * @default false
   */
  readonly restoreDrill?: boolean;
}

/**
 * The restore drill pod's containers: a scratch clickhouse-server and the clickhouse-backup drill.
 * Requests are what the namespace quota must leave room for while the drill runs.
 */
export const RESTORE_DRILL_CONTAINERS = {
  server: { requests: { cpu: 1, memoryGiB: 4 }, limits: { cpu: 2, memoryGiB: 8 } },
  drill: { requests: { cpu: 0.25, memoryGiB: 0.5 }, limits: { cpu: 1, memoryGiB: 2 } },
} as const;

/** CPU and memory the restore drill pod requests, and its scratch volume: one live replica's volume holds a shard. */
export function restoreDrillRequests(volumeSizeGiB: number): { cpu: number; memoryGiB: number; storageGiB: number } {
  const { server, drill } = RESTORE_DRILL_CONTAINERS;
  return {
    cpu: server.requests.cpu + drill.requests.cpu,
    memoryGiB: server.requests.memoryGiB + drill.requests.memoryGiB,
    storageGiB: volumeSizeGiB,
  };
}

const quantities = (r: { readonly cpu: number; readonly memoryGiB: number }) => ({
  cpu: r.cpu < 1 ? `${Math.round(r.cpu * 1000)}m` : String(r.cpu),
  memory: r.memoryGiB < 1 ? `${Math.round(r.memoryGiB * 1024)}Mi` : `${r.memoryGiB}Gi`,
});

/**
 * Share of the data volume the S3 read cache may fill. With move_factor below, the hot volume
 * starts moving parts to S3 when less than a fifth is free, so cache and merges keep room.
 */
export const COLD_CACHE_SHARE = 0.1;
export const HOT_VOLUME_MOVE_FACTOR = 0.2;

/**
 * Default codec of parts: ZSTD level 3, the level PostHog's handbook gives for its ClickHouse tables
 * (PostHog/posthog.com contents/handbook/engineering/clickhouse/data-storage.mdx, read 2026-12-07).
 */
export const CLICKHOUSE_DEFAULT_CODEC = { method: "zstd", level: 3 } as const;

/** Values of charts/clickhouse-cluster for one environment; bad inputs are reported against `scope`. */
export function clickhouseClusterValues(scope: IConstruct, ch: ClickHouseChartInputs): Values {
  const image = `altinity/clickhouse-server:${ch.version}`;
  // The drill restores local-disk parts only: cold parts would be copied into the live cold bucket.
  new PropsProblems(scope)
    .require(!(ch.restoreDrill === true && ch.tiering !== null), "restoreDrill", true, "false while tiering is set")
    .throwIfAny();
  const { server, drill } = RESTORE_DRILL_CONTAINERS;
  return {
    installation: CLICKHOUSE_INSTALLATION,
    cluster: CLICKHOUSE_CLUSTER,
    image,
    placement: clickhouseReplicaZones(scope, ch.shards, ch.replicas, ch.availabilityZones),
    zones: [...ch.availabilityZones],
    nodeSelector: { [CLICKHOUSE_NODE_LABEL.key]: CLICKHOUSE_NODE_LABEL.value },
    tolerations: [{ ...CLICKHOUSE_TOLERATION }],
    storage: { storageClass: ch.storageClass, size: `${ch.volumeSizeGiB}Gi` },
    resources: clickhouseResources(scope, ch.server),
    serviceAccountName: WORKLOAD_SERVICE_ACCOUNTS.clickhouseBackup.name,
    // Pods get VPC addresses (VPC CNI), so the VPC CIDR is the widest a login can come from;
    // the NetworkPolicy narrows it to the app, observability and load-test namespaces.
    users: { secretName: SECRET_NAMES.clickhouseUsers, allowedNetworks: [ch.vpcCidr] },
    kafka: { secretName: SECRET_NAMES.clickhouseKafka, mechanism: "SCRAM-SHA-512" },
    keeper: {
      name: `${CLICKHOUSE_INSTALLATION}-keeper`,
      replicas: 3,
      image: `altinity/clickhouse-keeper:${ch.version}`,
      storageSize: "10Gi",
      resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "2Gi" } },
    },
    compression: { ...CLICKHOUSE_DEFAULT_CODEC },
    tiering: ch.tiering
      ? {
          enabled: true,
          hotDays: ch.tiering.hotDays,
          bucket: ch.tiering.bucketName,
          region: ch.region,
          cacheSize: `${Math.max(1, Math.floor(ch.volumeSizeGiB * COLD_CACHE_SHARE))}Gi`,
          moveFactor: HOT_VOLUME_MOVE_FACTOR,
        }
      : { enabled: false, hotDays: 1, bucket: "", region: "", cacheSize: "1Gi", moveFactor: HOT_VOLUME_MOVE_FACTOR },
    backup: {
      enabled: true,
      image: CLICKHOUSE_BACKUP_IMAGE,
      clientImage: image,
      bucket: ch.backupsBucketName,
      region: ch.region,
      kmsKeyArn: ch.dataKmsKeyArn,
      schedule: ch.backup.schedule,
      fullEveryDays: ch.backup.fullEveryDays,
      // One backup a day: keeping retentionDays of them honours the tier's retention.
      keepRemote: ch.backup.retentionDays,
      storageClass: ch.backup.storageClass ?? "STANDARD",
      resources: {
        requests: { cpu: "100m", memory: "256Mi" },
        limits: { cpu: String(ch.backupSidecar.cpu), memory: `${ch.backupSidecar.memoryGiB}Gi` },
      },
    },
    // Only when on: environments without the drill pass exactly the values they passed before.
    ...(ch.restoreDrill === true
      ? {
          restoreDrill: {
            enabled: true,
            scratchStorage: `${restoreDrillRequests(ch.volumeSizeGiB).storageGiB}Gi`,
            resources: {
              server: { requests: quantities(server.requests), limits: quantities(server.limits) },
              drill: { requests: quantities(drill.requests), limits: quantities(drill.limits) },
            },
          },
        }
      : {}),
  };
}
