import type { NodeShape } from "./node-shape";

/** CPU (vCPU) and memory (GiB) of a container. */
export interface ContainerSize {
  readonly cpu: number;
  readonly memoryGiB: number;
}

/** The clickhouse-backup sidecar's share of each ClickHouse node (its limits in the chart). */
export const CLICKHOUSE_BACKUP_SIDECAR: ContainerSize = { cpu: 1, memoryGiB: 1 };

/**
 * Kept for the kubelet, system reservation and DaemonSets (VPC CNI, kube-proxy, EBS CSI node,
 * node-exporter): EKS reserves ~0.1 vCPU and 255 MiB + 11 MiB per pod for the kubelet
 * (amazon-eks-ami bootstrap), DaemonSets request roughly as much again.
 */
const NODE_RESERVE: ContainerSize = { cpu: 1, memoryGiB: 4 };

/** The least a ClickHouse server container gets; smaller node types are refused by lib/config's rules. */
export const CLICKHOUSE_MINIMUM: ContainerSize = { cpu: 1, memoryGiB: 4 };

/**
 * The ClickHouse server container's size on a dedicated node of this shape: what is left after the
 * node's reserve and the backup sidecar. Memory is 90% of the node's (ClickHouse's
 * max_server_memory_usage_to_ram_ratio, 0.9 by default, then sees the cgroup limit as its RAM).
 * May fall below CLICKHOUSE_MINIMUM for small types; the caller decides.
 */
export function clickhouseServerSize(shape: NodeShape): ContainerSize {
  return {
    cpu: shape.vcpu - NODE_RESERVE.cpu - CLICKHOUSE_BACKUP_SIDECAR.cpu,
    memoryGiB: Math.floor(shape.memoryGiB * 0.9) - NODE_RESERVE.memoryGiB - CLICKHOUSE_BACKUP_SIDECAR.memoryGiB,
  };
}

/** Whether a server size meets CLICKHOUSE_MINIMUM. */
export const meetsClickhouseMinimum = (size: ContainerSize): boolean =>
  size.cpu >= CLICKHOUSE_MINIMUM.cpu && size.memoryGiB >= CLICKHOUSE_MINIMUM.memoryGiB;
