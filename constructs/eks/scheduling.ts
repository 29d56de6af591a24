/**
 * Node labels and taints the platform layer schedules against. ClickHouse pods need the
 * toleration and node selector below; nothing else tolerates the taint, so nothing else lands on
 * the ClickHouse nodes.
 */

/** Label every node carries with its group's role (`system`, `app`, `clickhouse`, `spot`). */
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

/**
 * Taint of Spot nodes. Only stateless pods that can be stopped at two minutes' notice tolerate it;
 * ClickHouse, Keeper and the Kafka consumers do not, so they never run on Spot capacity.
 */
export const SPOT_TAINT = { key: "capacity", value: "spot", effect: "NO_SCHEDULE" } as const;

/** The toleration stateless workloads add to run on Spot nodes. */
export const SPOT_TOLERATION = { key: "capacity", operator: "Equal", value: "spot", effect: "NoSchedule" } as const;
