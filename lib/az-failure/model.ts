/**
 * What the zone-failure check knows about one environment: where each redundant piece lives, read
 * from the synthesized stacks (terraform.ts) and the rendered charts (charts.ts). The checks
 * (checks.ts) take only this model, so a test can hand them any layout.
 */

/**
 * A ClickHouse replica and the zones its pod may run in: undefined when nothing pins it to a zone,
 * empty when it is pinned where no node group it fits has nodes.
 */
export interface ClickHouseReplica {
  readonly name: string;
  readonly zones: readonly string[] | undefined;
}

export interface ClickHouseShard {
  readonly name: string;
  readonly replicas: readonly ClickHouseReplica[];
}

/**
 * How the storage class of a pod's volumes binds: `WaitForFirstConsumer` creates the zonal EBS
 * volume where the scheduler put the pod; `Immediate` (Kubernetes' default) picks the zone before
 * scheduling and the pod must follow its volume. Undefined when the class is not in the stacks.
 */
export type VolumeBinding = "WaitForFirstConsumer" | "Immediate" | undefined;

/** One ClickHouseInstallation cluster as the chart renders it. */
export interface ClickHouseCluster {
  /** `<installation>/<cluster>`. */
  readonly name: string;
  readonly shards: readonly ClickHouseShard[];
  /** Storage class of the data volumes (undefined: the cluster's default class). */
  readonly storageClass?: string | undefined;
  readonly volumeBinding?: VolumeBinding;
}

/** A zone topology-spread constraint the scheduler must honour (`whenUnsatisfiable: DoNotSchedule`). */
export interface ZoneSpread {
  readonly maxSkew: number;
}

/** One ClickHouseKeeperInstallation cluster. */
export interface KeeperEnsemble {
  readonly name: string;
  readonly replicas: number;
  /** Hard zone spread of its pods; undefined when any number of members may share a zone. */
  readonly spread: ZoneSpread | undefined;
  /** Zones with nodes the Keeper pods may run on (node selector matched, taints tolerated). */
  readonly zones: readonly string[];
  readonly storageClass?: string | undefined;
  readonly volumeBinding?: VolumeBinding;
}

/** A Kubernetes StorageClass the stacks or charts create. */
export interface StorageClass {
  readonly name: string;
  readonly volumeBinding: "WaitForFirstConsumer" | "Immediate";
  readonly isDefault: boolean;
}

export interface KafkaCluster {
  readonly name: string;
  readonly brokers: number;
  /** Zones of the cluster's client subnets: MSK spreads brokers evenly over them. */
  readonly zones: readonly string[];
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  /** Where the two numbers came from (the configuration, or MSK's default configuration). */
  readonly source: string;
}

export interface PostgresInstance {
  readonly name: string;
  readonly multiAz: boolean;
  /** Zone of the primary; undefined when AWS picks it (any zone may be the one). */
  readonly zone: string | undefined;
  /** Read replicas that could be promoted: their zone, or multi-AZ. */
  readonly replicas: readonly { readonly name: string; readonly zone: string | undefined; readonly multiAz: boolean }[];
}

/** A route table whose default route leaves through a NAT gateway. */
export interface NatRoute {
  readonly routeTable: string;
  readonly natGateway: string;
  /** Zone of the NAT gateway's subnet; undefined when it cannot be resolved. */
  readonly natZone: string | undefined;
  /** Zones of the subnets associated with the route table. */
  readonly subnetZones: readonly string[];
}

/** An interface VPC endpoint and the zones of its subnets (one network interface per subnet). */
export interface InterfaceEndpoint {
  readonly name: string;
  readonly service: string;
  readonly zones: readonly string[];
}

export interface NodeGroup {
  readonly name: string;
  readonly zones: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  /** `key=value:effect` of every taint. */
  readonly taints: readonly { readonly key: string; readonly value: string | undefined; readonly effect: string }[];
}

export interface EnvironmentTopology {
  readonly environment: string;
  readonly zones: readonly string[];
  readonly clickhouse: readonly ClickHouseCluster[];
  readonly keeper: readonly KeeperEnsemble[];
  readonly kafka: readonly KafkaCluster[];
  readonly postgres: readonly PostgresInstance[];
  readonly natRoutes: readonly NatRoute[];
  readonly endpoints: readonly InterfaceEndpoint[];
  readonly nodeGroups: readonly NodeGroup[];
}

/** The components a zone loss is judged for, in report column order. */
export const COMPONENTS = ["ClickHouse", "Keeper", "Kafka", "Postgres", "NAT", "Endpoints", "Node groups"] as const;
export type Component = (typeof COMPONENTS)[number];

/** What one component keeps (or loses) when one zone goes. */
export interface ComponentOutcome {
  readonly component: Component;
  /** Short cell text: what survives. */
  readonly summary: string;
  /** One line per loss: what is lost and why. Empty when everything survives. */
  readonly losses: readonly string[];
}

export interface ZoneOutcome {
  readonly environment: string;
  readonly zone: string;
  readonly components: readonly ComponentOutcome[];
}
