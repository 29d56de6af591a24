/**
 * Node labels and taints the platform layer schedules against. ClickHouse pods need the
 * toleration and node selector below; nothing else tolerates the taint, so nothing else lands on
 * the ClickHouse nodes.
 */

/** Label every node carries with its group's role (`system`, `app`, `clickhouse`). */
export const NODE_ROLE_LABEL = "node-role";

export const CLICKHOUSE_TAINT = { key: "dedicated", value: "clickhouse", effect: "NO_SCHEDULE" } as const;

/** Kubernetes spelling of the taint's effect, for tolerations. */
export const CLICKHOUSE_TOLERATION = { key: "dedicated", operator: "Equal", value: "clickhouse", effect: "NoSchedule" } as const;

/** Labels of ClickHouse nodes; `storage` says where the data directory lives. */
export function clickhouseNodeLabels(storage: "ebs" | "instance-store"): Record<string, string> {
  return { [CLICKHOUSE_TAINT.key]: CLICKHOUSE_TAINT.value, [NODE_ROLE_LABEL]: "clickhouse", "clickhouse-storage": storage };
}

/**
 * Where instance-store NVMe is mounted on ClickHouse nodes with `storage: instance-store`
 * (nodeadm `localStorage.strategy: RAID0`, see node-user-data.ts). The platform's local volumes
 * point here.
 */
export const INSTANCE_STORE_MOUNT = "/mnt/k8s-disks/0";
