/**
 * Reads the zone facts of one environment from its synthesized stacks: subnets' zones (following
 * references across stacks through remote state), NAT routes, interface endpoints, node groups,
 * MSK and RDS. Plain JSON reads through the preflight's World; no Terraform, no AWS.
 */
import { at, bool, first, isObject, num, type Config } from "../policy/tf";
import type { PlacedStack, Resource, World } from "../preflight/world";
import type { InterfaceEndpoint, KafkaCluster, NatRoute, NodeGroup, PostgresInstance, StorageClass } from "./model";

/** Resources of one type in the given stacks. */
export function resourcesOfType(world: World, stacks: readonly PlacedStack[], type: string): Resource[] {
  return stacks.flatMap((s) => world.resourcesOf(s).filter((r) => r.mode === "resource" && r.type === type));
}

/** The resource a value references, through remote state when needed, if it has the given type. */
function target(world: World, from: Resource, value: unknown, type: string): Resource | undefined {
  const r = world.resourceOf(from.stack, value);
  return r?.type === type ? r : undefined;
}

/** Zone of a subnet reference; undefined when the value is not a resolvable subnet. */
export function subnetZone(world: World, from: Resource, value: unknown): string | undefined {
  const subnet = target(world, from, value, "aws_subnet");
  const zone = subnet?.body["availability_zone"];
  return typeof zone === "string" && !zone.includes("${") ? zone : undefined;
}

/** Distinct zones of a list of subnet references, sorted; unresolvable entries are reported as such. */
function subnetZones(world: World, from: Resource, values: readonly unknown[]): { zones: string[]; unresolved: number } {
  const zones = values.map((v) => subnetZone(world, from, v));
  return {
    zones: [...new Set(zones.filter((z): z is string => z !== undefined))].sort(),
    unresolved: zones.filter((z) => z === undefined).length,
  };
}

const label = (r: Resource) => `${r.stack.name} ${r.address}`;

/** Route tables whose default route (0.0.0.0/0) leaves through a NAT gateway, with their subnets' zones. */
export function natRoutes(world: World, stacks: readonly PlacedStack[]): NatRoute[] {
  const defaults: { table: Resource; natRef: unknown; from: Resource }[] = [];
  for (const route of resourcesOfType(world, stacks, "aws_route")) {
    const table = target(world, route, route.body["route_table_id"], "aws_route_table");
    if (table && route.body["destination_cidr_block"] === "0.0.0.0/0" && route.body["nat_gateway_id"] !== undefined)
      defaults.push({ table, natRef: route.body["nat_gateway_id"], from: route });
  }
  for (const table of resourcesOfType(world, stacks, "aws_route_table")) {
    for (const inline of at(table.body, "route").filter(isObject)) {
      if (inline["cidr_block"] === "0.0.0.0/0" && inline["nat_gateway_id"] !== undefined)
        defaults.push({ table, natRef: inline["nat_gateway_id"], from: table });
    }
  }
  const associations = resourcesOfType(world, stacks, "aws_route_table_association");
  return defaults.map(({ table, natRef, from }) => {
    const nat = target(world, from, natRef, "aws_nat_gateway");
    const subnets = associations
      .filter((a) => world.resourceOf(a.stack, a.body["route_table_id"]) === table)
      .map((a) => subnetZone(world, a, a.body["subnet_id"]));
    return {
      routeTable: label(table),
      natGateway: nat ? nat.address : String(natRef),
      natZone: nat ? subnetZone(world, nat, nat.body["subnet_id"]) : undefined,
      subnetZones: [...new Set(subnets.filter((z): z is string => z !== undefined))].sort(),
    };
  });
}

export function interfaceEndpoints(world: World, stacks: readonly PlacedStack[]): InterfaceEndpoint[] {
  return resourcesOfType(world, stacks, "aws_vpc_endpoint")
    .filter((e) => e.body["vpc_endpoint_type"] === "Interface")
    .map((e) => ({
      name: label(e),
      service: String(e.body["service_name"]),
      zones: subnetZones(world, e, at(e.body, "subnet_ids")).zones,
    }));
}

export function nodeGroups(world: World, stacks: readonly PlacedStack[]): NodeGroup[] {
  return resourcesOfType(world, stacks, "aws_eks_node_group").map((g) => {
    const labels = isObject(g.body["labels"]) ? g.body["labels"] : {};
    return {
      name: typeof g.body["node_group_name"] === "string" ? g.body["node_group_name"] : label(g),
      zones: subnetZones(world, g, at(g.body, "subnet_ids")).zones,
      labels: Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])),
      taints: at(g.body, "taint")
        .filter(isObject)
        .map((t) => ({
          key: String(t["key"]),
          value: typeof t["value"] === "string" ? t["value"] : undefined,
          effect: String(t["effect"]),
        })),
    };
  });
}

/** `key=value` lines of a Kafka server.properties text (`#`/`!` comments, `=` or `:` separators). */
export function parseProperties(text: string): Map<string, string> {
  const props = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith("!")) continue;
    const [, key, value] = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line) ?? [];
    if (key !== undefined && value !== undefined) props.set(key, value.trim());
  }
  return props;
}

/**
 * MSK's default configuration, used for a property the cluster's configuration does not set:
 * default.replication.factor 3 for clusters in 3 zones, 2 in 2 zones; min.insync.replicas 2 and 1.
 * Amazon MSK developer guide, "Default Amazon MSK configuration"
 * (https://docs.aws.amazon.com/msk/latest/developerguide/msk-default-configuration.html, read 2026-12-07).
 */
export function mskDefault(property: "default.replication.factor" | "min.insync.replicas", zones: number): number {
  if (property === "default.replication.factor") return zones >= 3 ? 3 : 2;
  return zones >= 3 ? 2 : 1;
}

/**
 * MSK clusters: brokers, the zones of their client subnets (MSK distributes brokers evenly over
 * them: BrokerNodeGroupInfo.BrokerAZDistribution, Amazon MSK API reference,
 * https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/kafka/aws.sdk.kotlin.services.kafka.model/-broker-az-distribution,
 * read 2026-12-07), and the replication settings of their configuration.
 */
export function kafkaClusters(world: World, stacks: readonly PlacedStack[]): KafkaCluster[] {
  return resourcesOfType(world, stacks, "aws_msk_cluster").map((c) => {
    const zones = subnetZones(world, c, at(c.body, "broker_node_group_info.client_subnets")).zones;
    const configuration = target(world, c, first(c.body, "configuration_info.arn"), "aws_msk_configuration");
    const props = parseProperties(
      typeof configuration?.body["server_properties"] === "string" ? configuration.body["server_properties"] : "",
    );
    const read = (key: "default.replication.factor" | "min.insync.replicas") => {
      const set = num(props.get(key));
      // A value can only be read from a configuration that exists.
      return set !== undefined && configuration
        ? { value: set, from: `${key}=${set} in ${configuration.address}` }
        : { value: mskDefault(key, zones.length), from: `${key} ${mskDefault(key, zones.length)} by MSK default` };
    };
    const rf = read("default.replication.factor");
    const isr = read("min.insync.replicas");
    return {
      name: typeof c.body["cluster_name"] === "string" ? c.body["cluster_name"] : label(c),
      brokers: num(c.body["number_of_broker_nodes"]) ?? 0,
      zones,
      replicationFactor: rf.value,
      minInsyncReplicas: isr.value,
      source: `${rf.from}, ${isr.from}`,
    };
  });
}

const zoneOf = (body: Config): string | undefined =>
  typeof body["availability_zone"] === "string" && !body["availability_zone"].includes("${") ? body["availability_zone"] : undefined;

export function postgresInstances(world: World, stacks: readonly PlacedStack[]): PostgresInstance[] {
  const all = resourcesOfType(world, stacks, "aws_db_instance").filter(
    (d) => String(d.body["engine"] ?? "postgres").startsWith("postgres") || d.body["replicate_source_db"] !== undefined,
  );
  const primaries = all.filter((d) => d.body["replicate_source_db"] === undefined);
  return primaries.map((p) => {
    const identifier = p.body["identifier"];
    const replicas = all.filter((r) => {
      const source = r.body["replicate_source_db"];
      return source !== undefined && (world.resourceOf(r.stack, source) === p || (typeof identifier === "string" && source === identifier));
    });
    return {
      name: typeof identifier === "string" ? identifier : label(p),
      multiAz: bool(p.body["multi_az"]) === true,
      zone: zoneOf(p.body),
      replicas: replicas.map((r) => ({
        name: typeof r.body["identifier"] === "string" ? r.body["identifier"] : label(r),
        zone: zoneOf(r.body),
        multiAz: bool(r.body["multi_az"]) === true,
      })),
    };
  });
}

/**
 * StorageClasses the stacks create through the kubernetes provider. The provider's
 * volume_binding_mode defaults to Immediate, as Kubernetes does.
 */
export function storageClasses(world: World, stacks: readonly PlacedStack[]): StorageClass[] {
  return ["kubernetes_storage_class_v1", "kubernetes_storage_class"].flatMap((type) =>
    resourcesOfType(world, stacks, type).map((c) => {
      const annotations = at(c.body, "metadata.annotations").filter(isObject)[0] ?? {};
      return {
        name: String(first(c.body, "metadata.name")),
        volumeBinding: c.body["volume_binding_mode"] === "WaitForFirstConsumer" ? "WaitForFirstConsumer" : "Immediate",
        isDefault: String(annotations["storageclass.kubernetes.io/is-default-class"]) === "true",
      } as const;
    }),
  );
}
