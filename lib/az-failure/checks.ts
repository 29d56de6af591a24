/**
 * What each zone's loss takes, per component, from an environment's topology (model.ts). Every
 * check assumes the worst placement the configuration allows: a pod free to land in a zone is
 * counted as being there.
 */
import type {
  ClickHouseCluster,
  ComponentOutcome,
  EnvironmentTopology,
  InterfaceEndpoint,
  KafkaCluster,
  KeeperEnsemble,
  NatRoute,
  NodeGroup,
  PostgresInstance,
  ZoneOutcome,
} from "./model";

const list = (items: readonly string[]) => items.join(", ");

/** Every shard keeps at least one replica whose pod cannot be in the lost zone. */
export function clickhouseOutcome(clusters: readonly ClickHouseCluster[], zone: string): ComponentOutcome {
  const losses: string[] = [];
  let shards = 0;
  let kept = 0;
  for (const cluster of clusters) {
    if (cluster.volumeBinding === "Immediate") {
      losses.push(
        `ClickHouse ${cluster.name}: its data volumes' storage class ${cluster.storageClass ?? "(default)"} binds Immediate, so each EBS volume's zone is chosen before the pod is scheduled and a replica pinned to one zone may get a volume in another and never start; use volumeBindingMode WaitForFirstConsumer`,
      );
    }
    for (const shard of cluster.shards) {
      shards++;
      const survivors = shard.replicas.filter((r) => r.zones !== undefined && r.zones.length > 0 && !r.zones.includes(zone));
      if (survivors.length > 0) {
        kept++;
        continue;
      }
      const where = shard.replicas.map(
        (r) =>
          `${r.name}: ${!r.zones ? "any zone (not pinned)" : r.zones.length === 0 ? "no zone with a node group it fits" : list(r.zones)}`,
      );
      losses.push(
        `ClickHouse ${cluster.name} shard ${shard.name} loses every replica (${where.join("; ") || "no replicas"}); put each replica of a shard in a different zone (constructs/eks/clickhouse-layout.ts)`,
      );
    }
  }
  return { component: "ClickHouse", summary: clusters.length === 0 ? "none" : `${kept}/${shards} shards serve`, losses };
}

/** Quorum of an ensemble of n members: a strict majority. */
export const quorum = (members: number): number => Math.floor(members / 2) + 1;

/** A spread the scheduler can honour: with Immediate volume binding each pod must follow a volume whose zone was picked first. */
const effectiveSpread = (e: KeeperEnsemble) => (e.volumeBinding === "Immediate" ? undefined : e.spread);

/**
 * Most members one zone can hold. A hard zone spread with maxSkew m over d zones allows at most
 * floor((n + (d - 1) m) / d) in one zone (every other zone holds at least that minus m); without
 * one, the scheduler may put every member in the same zone. Kubernetes docs, "Pod Topology Spread
 * Constraints" (https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/, read 2026-12-07).
 */
export function keeperMembersInOneZone(ensemble: KeeperEnsemble): number {
  const n = ensemble.replicas;
  const d = ensemble.zones.length;
  const spread = effectiveSpread(ensemble);
  if (!spread || d <= 1) return n;
  return Math.min(n, Math.floor((n + (d - 1) * spread.maxSkew) / d));
}

export function keeperOutcome(ensembles: readonly KeeperEnsemble[], zone: string): ComponentOutcome {
  const losses: string[] = [];
  const cells: string[] = [];
  for (const e of ensembles) {
    // Members that can run in no zone never run: none of them counts.
    const lost = e.zones.length === 0 ? e.replicas : e.zones.includes(zone) ? keeperMembersInOneZone(e) : 0;
    const survivors = e.replicas - lost;
    const needed = quorum(e.replicas);
    cells.push(`${survivors}/${e.replicas} (quorum ${needed})`);
    if (survivors < needed) {
      const why =
        e.zones.length < 2
          ? `its pods can run in ${e.zones.length === 0 ? "no zone" : `one zone only (${list(e.zones)})`}`
          : e.volumeBinding === "Immediate"
            ? `its volumes' storage class ${e.storageClass ?? "(default)"} binds Immediate, so the volumes' zones, picked before scheduling, decide where members run`
            : !e.spread
              ? "its pods have no hard zone spread, so they may share a zone"
              : `${lost} of ${e.replicas} members may be in ${zone}`;
      const fix =
        e.volumeBinding === "Immediate" && e.zones.length >= 2
          ? "use volumeBindingMode WaitForFirstConsumer"
          : "spread an odd number of members over >= 3 zones with a DoNotSchedule zone constraint";
      losses.push(`Keeper ${e.name} loses quorum: ${survivors} of ${e.replicas} members survive, ${needed} needed (${why}); ${fix}`);
    }
  }
  return { component: "Keeper", summary: cells.join("; ") || "none", losses };
}

/**
 * Replicas of one partition in the lost zone. MSK spreads brokers evenly over the client subnets'
 * zones and gives each broker its zone as rack (AWS Big Data Blog, "Reduce network traffic costs of
 * your Amazon MSK consumers with rack awareness",
 * https://aws.amazon.com/blogs/big-data/reduce-network-traffic-costs-of-your-amazon-msk-consumers-with-rack-awareness,
 * read 2026-12-07); Kafka's rack-aware assignment spreads a partition's replicas over as many racks
 * as possible, so a zone holds at most ceil(RF / zones) of them (Apache Kafka documentation,
 * "Balancing replicas across racks", https://kafka.apache.org/documentation/#basic_ops_racks,
 * read 2026-12-07). Topics created with their own replication factor are not in the stacks: the
 * check judges the brokers' default.
 */
export function kafkaReplicasInOneZone(cluster: KafkaCluster): number {
  return Math.ceil(cluster.replicationFactor / Math.max(1, cluster.zones.length));
}

export function kafkaOutcome(clusters: readonly KafkaCluster[], zone: string): ComponentOutcome {
  const losses: string[] = [];
  const cells: string[] = [];
  for (const c of clusters) {
    const perZone = c.zones.length > 0 ? c.brokers / c.zones.length : 0;
    const lostReplicas = c.zones.includes(zone) ? kafkaReplicasInOneZone(c) : 0;
    const survivors = c.replicationFactor - lostReplicas;
    cells.push(
      `${survivors}/${c.replicationFactor} replicas (min.insync ${c.minInsyncReplicas}), ${perZone} broker${perZone === 1 ? "" : "s"}/zone`,
    );
    if (c.zones.length === 0) {
      losses.push(
        `Kafka ${c.name}: its client subnets resolve to no zone, so where its brokers run is unknown; give it subnet references the stacks define`,
      );
      continue;
    }
    if (c.replicationFactor > c.brokers) {
      losses.push(
        `Kafka ${c.name}: replication factor ${c.replicationFactor} exceeds its ${c.brokers} brokers (${c.source}); topics cannot be created`,
      );
    }
    if (!Number.isInteger(perZone)) {
      losses.push(
        `Kafka ${c.name}: ${c.brokers} brokers do not divide over its ${c.zones.length} client-subnet zones (${list(c.zones)}); MSK needs a multiple of the zone count`,
      );
    }
    if (survivors < c.minInsyncReplicas) {
      losses.push(
        `Kafka ${c.name}: producers with acks=all fail: a partition keeps ${survivors} of ${c.replicationFactor} replicas, min.insync.replicas is ${c.minInsyncReplicas} (${c.source}; ${perZone} brokers per zone in ${list(c.zones)}); keep min.insync.replicas <= replication factor - ceil(replication factor / zones)`,
      );
    }
  }
  return { component: "Kafka", summary: cells.join("; ") || "none", losses };
}

export function postgresOutcome(instances: readonly PostgresInstance[], zone: string): ComponentOutcome {
  const losses: string[] = [];
  const cells: string[] = [];
  for (const db of instances) {
    if (db.multiAz) {
      cells.push(`${db.name} fails over (Multi-AZ)`);
      continue;
    }
    if (db.zone !== undefined && db.zone !== zone) {
      cells.push(`${db.name} primary elsewhere (${db.zone})`);
      continue;
    }
    const replica = db.replicas.find((r) => r.multiAz || (r.zone !== undefined && r.zone !== zone));
    if (replica) {
      cells.push(`${db.name}: promote replica ${replica.name}`);
      continue;
    }
    cells.push(`${db.name} LOST`);
    const where = db.zone === undefined ? "its zone is AWS's choice, so it may be this one" : `its primary is in ${db.zone}`;
    losses.push(
      `Postgres ${db.name} goes down: not Multi-AZ and no read replica in another zone (${where}); set postgres multi_az (production tier default)`,
    );
  }
  return { component: "Postgres", summary: cells.join("; ") || "none", losses };
}

/** Subnets in surviving zones must not route their egress through a NAT gateway in the lost zone. */
export function natOutcome(routes: readonly NatRoute[], zone: string): ComponentOutcome {
  const losses: string[] = [];
  const serving = new Set<string>();
  for (const r of routes) {
    const stranded = r.subnetZones.filter((z) => z !== zone);
    if (r.natZone === undefined) {
      losses.push(`NAT: route table ${r.routeTable} sends egress to ${r.natGateway}, whose zone cannot be resolved from the stacks`);
    } else if (r.natZone === zone && stranded.length > 0) {
      losses.push(
        `NAT: subnets in ${list(stranded)} lose internet egress: their route table ${r.routeTable} uses NAT gateway ${r.natGateway} in ${zone}; one NAT gateway per zone, each zone's route table pointing at its own`,
      );
    } else if (r.natZone !== zone) {
      for (const z of stranded) serving.add(z);
    }
  }
  return {
    component: "NAT",
    summary: routes.length === 0 ? "none" : `egress for ${serving.size > 0 ? list([...serving].sort()) : "no zone"}`,
    losses,
  };
}

export function endpointOutcome(endpoints: readonly InterfaceEndpoint[], zone: string): ComponentOutcome {
  const lost = endpoints.filter((e) => e.zones.every((z) => z === zone));
  const losses = lost.map(
    (e) =>
      `Endpoint ${e.service} (${e.name}) stops serving: its only subnets are in ${e.zones.length > 0 ? list(e.zones) : "no resolvable zone"}; give it a subnet in >= 2 zones`,
  );
  return {
    component: "Endpoints",
    summary: endpoints.length === 0 ? "none" : `${endpoints.length - lost.length}/${endpoints.length} interface endpoints`,
    losses,
  };
}

/** Node groups without a NoSchedule/NoExecute taint carry the general workloads (system, app). */
export const isGeneralPurpose = (g: NodeGroup): boolean => !g.taints.some((t) => t.effect === "NO_SCHEDULE" || t.effect === "NO_EXECUTE");

export function nodeGroupOutcome(groups: readonly NodeGroup[], zone: string): ComponentOutcome {
  const general = groups.filter(isGeneralPurpose);
  const lost = general.filter((g) => g.zones.every((z) => z === zone));
  const losses = lost.map(
    (g) =>
      `Node group ${g.name} loses every node: its subnets are only in ${g.zones.length > 0 ? list(g.zones) : "no resolvable zone"}; give general-purpose node groups subnets in >= 2 zones`,
  );
  return {
    component: "Node groups",
    summary: general.length === 0 ? "none" : `${general.length - lost.length}/${general.length} general groups`,
    losses,
  };
}

/** One row per zone of the environment: what every component keeps when that zone goes. */
export function zoneOutcomes(topology: EnvironmentTopology): ZoneOutcome[] {
  return topology.zones.map((zone) => ({
    environment: topology.environment,
    zone,
    components: [
      clickhouseOutcome(topology.clickhouse, zone),
      keeperOutcome(topology.keeper, zone),
      kafkaOutcome(topology.kafka, zone),
      postgresOutcome(topology.postgres, zone),
      natOutcome(topology.natRoutes, zone),
      endpointOutcome(topology.endpoints, zone),
      nodeGroupOutcome(topology.nodeGroups, zone),
    ],
  }));
}
