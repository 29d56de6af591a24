import type { EnvironmentConfig } from "../../lib/config/model";
import { CLICKHOUSE_NODE_TYPES } from "../../lib/sizing/constants";
import { clickhousePlacement } from "../eks/clickhouse-layout";
import type { Values } from "./chart-values";
import {
  CLICKHOUSE_CLUSTER, CLICKHOUSE_INSTALLATION, CLICKHOUSE_NODE_LABEL, CLICKHOUSE_TOLERATION, SECRET_NAMES,
  WORKLOAD_SERVICE_ACCOUNTS,
} from "./names";

/**
 * clickhouse-backup image: Altinity/clickhouse-backup tag v2.8.0 (2026-07-16). Runs as a sidecar in
 * API-server mode (`server`, system.backup_actions integration tables).
 */
export const CLICKHOUSE_BACKUP_IMAGE = "altinity/clickhouse-backup:2.8.0";

/** GiB of memory per vCPU by EC2 family letter (EC2 instance type pages: c=2, m=4, r/i=8, x=16). */
const MEMORY_PER_VCPU: Readonly<Record<string, number>> = { c: 2, m: 4, r: 8, i: 8, x: 16 };

/** vCPUs and memory of an EC2 type: the sizing table first, else derived from the name. */
export function nodeShape(instanceType: string): { vcpu: number; memoryGiB: number } {
  const known = CLICKHOUSE_NODE_TYPES.find((t) => t.type === instanceType);
  if (known) return { vcpu: known.vcpu, memoryGiB: known.memoryGiB };
  const m = /^([a-z])[a-z0-9-]*\.(\d*)x?large$/.exec(instanceType);
  const perVcpu = m ? MEMORY_PER_VCPU[m[1]] : undefined;
  if (!m || perVcpu === undefined) {
    throw new Error(`clickhouse.instanceType: cannot size pods for "${instanceType}"; allowed: ${CLICKHOUSE_NODE_TYPES.map((t) => t.type).join(", ")} or a c/m/r/i/x family type`);
  }
  const vcpu = instanceType.includes(".large") ? 2 : 4 * (m[2] ? Number(m[2]) : 1);
  return { vcpu, memoryGiB: vcpu * perVcpu };
}

/** Backup sidecar share of each ClickHouse node. */
const SIDECAR = { cpu: 1, memoryGiB: 1 };
/**
 * Kept for the kubelet, system reservation and DaemonSets (VPC CNI, kube-proxy, EBS CSI node,
 * node-exporter): EKS reserves ~0.1 vCPU and 255 MiB + 11 MiB per pod for the kubelet
 * (amazon-eks-ami bootstrap), DaemonSets request roughly as much again.
 */
const NODE_RESERVE = { cpu: 1, memoryGiB: 4 };

/**
 * Requests = limits (Guaranteed QoS: the kernel OOM-kills ClickHouse last), sized to take one
 * dedicated node each. ClickHouse's max_server_memory_usage_to_ram_ratio (0.9 by default) then sees
 * the cgroup limit as its RAM.
 */
export function clickhouseResources(instanceType: string): Values {
  const shape = nodeShape(instanceType);
  const cpu = shape.vcpu - NODE_RESERVE.cpu - SIDECAR.cpu;
  const memoryGiB = Math.floor(shape.memoryGiB * 0.9) - NODE_RESERVE.memoryGiB - SIDECAR.memoryGiB;
  if (cpu < 1 || memoryGiB < 4) throw new Error(`clickhouse.instanceType: "${instanceType}" leaves ${cpu} vCPU / ${memoryGiB} GiB for ClickHouse; pick a larger type (at least 4 vCPU, 16 GiB)`);
  const both = { cpu: String(cpu), memory: `${memoryGiB}Gi` };
  return { requests: both, limits: both };
}

/**
 * `placement[s][r]`: the zone of replica r of shard s, from the placement that sizes the per-zone
 * ClickHouse node groups (constructs/eks/clickhouse-layout.ts). The chart pins each replica to this
 * zone and computes none itself, so every pod has a node in its zone and no node idles.
 */
export function clickhouseReplicaZones(shards: number, replicas: number, zones: readonly string[]): string[][] {
  const placement = clickhousePlacement(shards, replicas, zones);
  return Array.from({ length: shards }, (_, s) => placement.filter((p) => p.shard === s).sort((a, b) => a.replica - b.replica).map((p) => p.zone));
}

export interface ClickHouseChartInputs {
  readonly env: EnvironmentConfig;
  readonly storageClass: string;
  readonly backupsBucketName: string;
  readonly dataKmsKeyArn: string;
}

/** Values of charts/clickhouse-cluster for one environment. */
export function clickhouseClusterValues({ env, storageClass, backupsBucketName, dataKmsKeyArn }: ClickHouseChartInputs): Values {
  const ch = env.clickhouse;
  if (ch.storage === "instance-store") {
    // Local NVMe needs a local-volume provisioner and a different restore story; not built yet.
    throw new Error(`clickhouse.storage: "instance-store" is not supported by the in-cluster layer yet; allowed: "ebs"`);
  }
  const image = `altinity/clickhouse-server:${ch.version}`;
  return {
    installation: CLICKHOUSE_INSTALLATION,
    cluster: CLICKHOUSE_CLUSTER,
    image,
    placement: clickhouseReplicaZones(ch.shards, ch.replicas, env.availabilityZones),
    zones: [...env.availabilityZones],
    nodeSelector: { [CLICKHOUSE_NODE_LABEL.key]: CLICKHOUSE_NODE_LABEL.value },
    tolerations: [{ ...CLICKHOUSE_TOLERATION }],
    storage: { storageClass, size: `${ch.volumeSizeGiB}Gi` },
    resources: clickhouseResources(ch.instanceType),
    serviceAccountName: WORKLOAD_SERVICE_ACCOUNTS.clickhouseBackup.name,
    // Pods get VPC addresses (VPC CNI), so the VPC CIDR is the widest a login can come from;
    // the NetworkPolicy narrows it to the app, observability and load-test namespaces.
    users: { secretName: SECRET_NAMES.clickhouseUsers, allowedNetworks: [env.vpcCidr] },
    kafka: { secretName: SECRET_NAMES.clickhouseKafka, mechanism: "SCRAM-SHA-512" },
    keeper: {
      name: `${CLICKHOUSE_INSTALLATION}-keeper`,
      replicas: 3,
      image: `altinity/clickhouse-keeper:${ch.version}`,
      storageSize: "10Gi",
      resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "2Gi" } },
    },
    backup: {
      enabled: true,
      image: CLICKHOUSE_BACKUP_IMAGE,
      clientImage: image,
      bucket: backupsBucketName,
      region: env.region,
      kmsKeyArn: dataKmsKeyArn,
      schedule: ch.backup.schedule,
      fullEveryDays: ch.backup.fullEveryDays,
      // One backup a day: keeping retentionDays of them honours the tier's retention.
      keepRemote: ch.backup.retentionDays,
      resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: String(SIDECAR.cpu), memory: `${SIDECAR.memoryGiB}Gi` } },
    },
  };
}
