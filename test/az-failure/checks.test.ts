/**
 * The per-zone checks on hand-made topologies: each kind of loss is caught, and the layouts the
 * production tier ships (one replica per zone, a 3-member Keeper spread over zones, RF 3 with
 * min.insync.replicas 2, Multi-AZ Postgres) survive.
 */
import { clickhouseClusters, keeperEnsembles, pinnedZones } from "../../lib/az-failure/charts";
import {
  clickhouseOutcome,
  endpointOutcome,
  kafkaOutcome,
  keeperMembersInOneZone,
  keeperOutcome,
  nodeGroupOutcome,
  postgresOutcome,
  quorum,
} from "../../lib/az-failure/checks";
import type { KafkaCluster, KeeperEnsemble, NodeGroup } from "../../lib/az-failure/model";
import { bindingOf } from "../../lib/az-failure";
import { mskDefault, parseProperties } from "../../lib/az-failure/terraform";

const ZONES = ["z-1a", "z-1b", "z-1c"];
const keeper = (replicas: number, zones: string[], maxSkew?: number): KeeperEnsemble => ({
  name: "k",
  replicas,
  zones,
  spread: maxSkew === undefined ? undefined : { maxSkew },
});
const kafka = (rf: number, isr: number, brokers = 3, zones = ZONES): KafkaCluster => ({
  name: "events",
  brokers,
  zones,
  replicationFactor: rf,
  minInsyncReplicas: isr,
  source: "test",
});

describe("ClickHouse", () => {
  const shard = (...zones: (string[] | undefined)[]) => ({ name: "0", replicas: zones.map((z, i) => ({ name: String(i), zones: z })) });

  test("a shard with replicas in two zones keeps one whichever zone goes", () => {
    for (const zone of ZONES) expect(clickhouseOutcome([{ name: "c", shards: [shard(["z-1a"], ["z-1b"])] }], zone).losses).toEqual([]);
  });

  test("two replicas of a shard in one zone: that zone's loss takes the shard", () => {
    const clusters = [{ name: "c", shards: [shard(["z-1a"], ["z-1a"])] }];
    expect(clickhouseOutcome(clusters, "z-1a").losses).toEqual([expect.stringContaining("shard 0 loses every replica (0: z-1a; 1: z-1a)")]);
    expect(clickhouseOutcome(clusters, "z-1b").losses).toEqual([]);
  });

  test("ClickHouse volumes that bind Immediate may land outside the replica's zone", () => {
    const cluster = { name: "c", shards: [shard(["z-1a"], ["z-1b"])], storageClass: "gp3" };
    expect(clickhouseOutcome([{ ...cluster, volumeBinding: "Immediate" }], "z-1c").losses).toEqual([
      expect.stringContaining("storage class gp3 binds Immediate"),
    ]);
    expect(clickhouseOutcome([{ ...cluster, volumeBinding: "WaitForFirstConsumer" }], "z-1c").losses).toEqual([]);
  });

  test("storage classes: the named one, or the default for none", () => {
    const classes = [
      { name: "gp3", volumeBinding: "WaitForFirstConsumer" as const, isDefault: true },
      { name: "fast", volumeBinding: "Immediate" as const, isDefault: false },
    ];
    expect([bindingOf(classes, "gp3"), bindingOf(classes, "fast"), bindingOf(classes, undefined), bindingOf(classes, "missing")]).toEqual([
      "WaitForFirstConsumer",
      "Immediate",
      "WaitForFirstConsumer",
      undefined,
    ]);
  });

  test("replicas not pinned to a zone may share one: counted as lost with any zone", () => {
    for (const zone of ZONES)
      expect(clickhouseOutcome([{ name: "c", shards: [shard(undefined, undefined)] }], zone).losses).toEqual([
        expect.stringContaining("any zone (not pinned)"),
      ]);
  });

  test("a rendered installation without explicit shards has unpinned replicas", () => {
    const chi = {
      kind: "ClickHouseInstallation",
      metadata: { name: "i" },
      spec: { configuration: { clusters: [{ name: "c", layout: { shardsCount: 2, replicasCount: 2 } }] } },
    };
    const [cluster] = clickhouseClusters([chi], []);
    expect(cluster!.shards).toHaveLength(2);
    expect(cluster!.shards[0]!.replicas.map((r) => r.zones)).toEqual([undefined, undefined]);
  });

  test("a replica pinned to a zone without a node group its pod fits never runs: the shard relies on the others", () => {
    const groups: NodeGroup[] = ["z-1a", "z-1b"].map((z) => ({
      name: `ch-${z}`,
      zones: [z],
      labels: { dedicated: "clickhouse" },
      taints: [{ key: "dedicated", value: "clickhouse", effect: "NO_SCHEDULE" }],
    }));
    const template = (z: string) => ({
      name: `zone-${z}`,
      zone: { key: "topology.kubernetes.io/zone", values: [z] },
      spec: {
        nodeSelector: { dedicated: "clickhouse" },
        tolerations: [{ key: "dedicated", operator: "Equal", value: "clickhouse", effect: "NoSchedule" }],
      },
    });
    const replica = (z: string, i: number) => ({ name: String(i), templates: { podTemplate: `zone-${z}` } });
    const chi = (zones: string[]) => ({
      kind: "ClickHouseInstallation",
      metadata: { name: "i" },
      spec: {
        configuration: { clusters: [{ name: "c", layout: { shards: [{ name: "0", replicas: zones.map(replica) }] } }] },
        templates: { podTemplates: ["z-1a", "z-1b", "z-1c"].map(template) },
      },
    });
    expect(clickhouseClusters([chi(["z-1a", "z-1b"])], groups)[0]!.shards[0]!.replicas.map((r) => r.zones)).toEqual([["z-1a"], ["z-1b"]]);
    const stranded = clickhouseClusters([chi(["z-1a", "z-1c"])], groups);
    expect(stranded[0]!.shards[0]!.replicas.map((r) => r.zones)).toEqual([["z-1a"], []]);
    expect(clickhouseOutcome(stranded, "z-1a").losses).toEqual([
      expect.stringContaining("(0: z-1a; 1: no zone with a node group it fits)"),
    ]);
    expect(clickhouseOutcome(stranded, "z-1b").losses).toEqual([]);
  });

  test("zone pins are read from the operator's zone field, the node selector and a single required affinity term", () => {
    expect(pinnedZones({ zone: { key: "topology.kubernetes.io/zone", values: ["z-1b"] } })).toEqual(["z-1b"]);
    expect(pinnedZones({ spec: { nodeSelector: { "topology.kubernetes.io/zone": "z-1c" } } })).toEqual(["z-1c"]);
    const affinity = (terms: unknown[]) => ({
      spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } },
    });
    const term = (values: string[]) => ({ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values }] });
    expect(pinnedZones(affinity([term(["z-1a", "z-1b"])]))).toEqual(["z-1a", "z-1b"]);
    expect(pinnedZones(affinity([term(["z-1a"]), term(["z-1b"])]))).toBeUndefined(); // ORed terms pin nothing for certain
    expect(pinnedZones({ spec: {} })).toBeUndefined();
  });
});

describe("Keeper", () => {
  test("quorum is a strict majority", () => {
    expect([1, 2, 3, 4, 5].map(quorum)).toEqual([1, 2, 2, 3, 3]);
  });

  test("three members spread over three zones with maxSkew 1 keep quorum; five over three too", () => {
    expect(keeperMembersInOneZone(keeper(3, ZONES, 1))).toBe(1);
    expect(keeperMembersInOneZone(keeper(5, ZONES, 1))).toBe(2);
    for (const zone of ZONES) expect(keeperOutcome([keeper(3, ZONES, 1), keeper(5, ZONES, 1)], zone).losses).toEqual([]);
  });

  test("without a hard zone spread every member may share the lost zone", () => {
    expect(keeperOutcome([keeper(3, ZONES)], "z-1a").losses).toEqual([
      expect.stringContaining("loses quorum: 0 of 3 members survive, 2 needed (its pods have no hard zone spread"),
    ]);
  });

  test("a spread over two zones cannot keep a 3-member quorum; a loose skew cannot either", () => {
    expect(keeperOutcome([keeper(3, ["z-1a", "z-1b"], 1)], "z-1a").losses).toEqual([expect.stringContaining("1 of 3 members survive")]);
    expect(keeperOutcome([keeper(3, ZONES, 2)], "z-1a").losses).toEqual([expect.stringContaining("2 of 3 members may be in z-1a")]);
  });

  test("a zone spread counts only when its selector selects the Keeper pods", () => {
    const chk = (selector: unknown) => ({
      kind: "ClickHouseKeeperInstallation",
      metadata: { name: "k" },
      spec: {
        defaults: { templates: { podTemplate: "p" } },
        configuration: { clusters: [{ name: "keeper", layout: { replicasCount: 3 } }] },
        templates: {
          podTemplates: [
            {
              name: "p",
              metadata: { labels: { app: "keeper" } },
              spec: {
                topologySpreadConstraints: [
                  { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: selector },
                ],
              },
            },
          ],
        },
      },
    });
    const groups: NodeGroup[] = [{ name: "system", zones: ZONES, labels: {}, taints: [] }];
    expect(keeperEnsembles([chk({ matchLabels: { app: "keeper" } })], groups)[0]!.spread).toEqual({ maxSkew: 1 });
    expect(keeperEnsembles([chk({ matchExpressions: [{ key: "app", operator: "In", values: ["keeper"] }] })], groups)[0]!.spread).toEqual({
      maxSkew: 1,
    });
    expect(keeperEnsembles([chk({ matchLabels: { app: "clickhouse" } })], groups)[0]!.spread).toBeUndefined();
    expect(keeperEnsembles([chk(undefined)], groups)[0]!.spread).toBeUndefined();
  });

  test("members that fit no node group never run: quorum is lost with any zone", () => {
    for (const zone of ZONES)
      expect(keeperOutcome([keeper(3, [], 1)], zone).losses).toEqual([
        expect.stringContaining("0 of 3 members survive, 2 needed (its pods can run in no zone)"),
      ]);
  });

  test("with Immediate volume binding the zone spread cannot hold: the volumes decide where members run", () => {
    expect(keeperOutcome([{ ...keeper(3, ZONES, 1), storageClass: "gp3", volumeBinding: "Immediate" }], "z-1a").losses).toEqual([
      expect.stringContaining("0 of 3 members survive, 2 needed (its volumes' storage class gp3 binds Immediate"),
    ]);
    expect(keeperOutcome([{ ...keeper(3, ZONES, 1), storageClass: "gp3", volumeBinding: "WaitForFirstConsumer" }], "z-1a").losses).toEqual(
      [],
    );
  });

  test("Keeper zones come from node groups its pods fit: selector matched, taints tolerated", () => {
    const groups: NodeGroup[] = [
      { name: "system", zones: ["z-1a", "z-1b"], labels: { "node-role": "system" }, taints: [] },
      {
        name: "clickhouse",
        zones: ["z-1c"],
        labels: { dedicated: "clickhouse" },
        taints: [{ key: "dedicated", value: "clickhouse", effect: "NO_SCHEDULE" }],
      },
    ];
    const chk = (tolerations: unknown[]) => ({
      kind: "ClickHouseKeeperInstallation",
      metadata: { name: "k" },
      spec: {
        defaults: { templates: { podTemplate: "p" } },
        configuration: { clusters: [{ name: "keeper", layout: { replicasCount: 3 } }] },
        templates: { podTemplates: [{ name: "p", spec: { tolerations } }] },
      },
    });
    expect(keeperEnsembles([chk([])], groups)[0]).toMatchObject({ replicas: 3, zones: ["z-1a", "z-1b"], spread: undefined });
    expect(
      keeperEnsembles([chk([{ key: "dedicated", operator: "Equal", value: "clickhouse", effect: "NoSchedule" }])], groups)[0]!.zones,
    ).toEqual(ZONES);
  });
});

describe("Kafka", () => {
  test("RF 3 over three zones with min.insync.replicas 2 keeps producing", () => {
    for (const zone of ZONES) expect(kafkaOutcome([kafka(3, 2)], zone).losses).toEqual([]);
  });

  test("min.insync.replicas equal to RF, or RF 2 over two zones with min.insync 2, stops acks=all producers", () => {
    expect(kafkaOutcome([kafka(3, 3)], "z-1a").losses).toEqual([
      expect.stringContaining("keeps 2 of 3 replicas, min.insync.replicas is 3"),
    ]);
    expect(kafkaOutcome([kafka(2, 2, 2, ["z-1a", "z-1b"])], "z-1b").losses).toEqual([expect.stringContaining("keeps 1 of 2 replicas")]);
  });

  test("brokers that do not divide over the zones, and RF above the broker count, are reported", () => {
    expect(kafkaOutcome([kafka(3, 2, 4)], "z-1a").losses).toEqual([
      expect.stringContaining("4 brokers do not divide over its 3 client-subnet zones"),
    ]);
    expect(kafkaOutcome([kafka(3, 1, 2, ["z-1a", "z-1b"])], "z-1a").losses).toEqual([
      expect.stringContaining("replication factor 3 exceeds its 2 brokers"),
    ]);
  });

  test("client subnets that resolve to no zone are a loss, not a pass", () => {
    expect(kafkaOutcome([kafka(3, 2, 3, [])], "z-1a").losses).toEqual([expect.stringContaining("client subnets resolve to no zone")]);
  });

  test("properties and MSK defaults", () => {
    expect(parseProperties("# c\nmin.insync.replicas=2\n! c\ndefault.replication.factor: 3\n\n")).toEqual(
      new Map([
        ["min.insync.replicas", "2"],
        ["default.replication.factor", "3"],
      ]),
    );
    expect([
      mskDefault("default.replication.factor", 3),
      mskDefault("min.insync.replicas", 3),
      mskDefault("default.replication.factor", 2),
      mskDefault("min.insync.replicas", 2),
    ]).toEqual([3, 2, 2, 1]);
  });
});

describe("Postgres", () => {
  test("Multi-AZ fails over from any zone", () => {
    for (const zone of ZONES)
      expect(postgresOutcome([{ name: "db", multiAz: true, zone: undefined, replicas: [] }], zone).losses).toEqual([]);
  });

  test("single-AZ without a replica: any zone may be its zone; with one pinned, only that zone", () => {
    for (const zone of ZONES)
      expect(postgresOutcome([{ name: "db", multiAz: false, zone: undefined, replicas: [] }], zone).losses).toEqual([
        expect.stringContaining("Postgres db goes down"),
      ]);
    expect(postgresOutcome([{ name: "db", multiAz: false, zone: "z-1a", replicas: [] }], "z-1b").losses).toEqual([]);
    expect(postgresOutcome([{ name: "db", multiAz: false, zone: "z-1a", replicas: [] }], "z-1a").losses).toHaveLength(1);
  });

  test("a read replica in another zone can be promoted", () => {
    const db = { name: "db", multiAz: false, zone: "z-1a", replicas: [{ name: "r", zone: "z-1b", multiAz: false }] };
    expect(postgresOutcome([db], "z-1a")).toMatchObject({ losses: [], summary: "db: promote replica r" });
    expect(postgresOutcome([{ ...db, replicas: [{ name: "r", zone: "z-1a", multiAz: false }] }], "z-1a").losses).toHaveLength(1);
  });
});

describe("endpoints and node groups", () => {
  test("an interface endpoint with subnets in one zone stops serving when it goes", () => {
    const endpoints = [
      { name: "e", service: "com.amazonaws.x.ecr.api", zones: ["z-1a"] },
      { name: "f", service: "com.amazonaws.x.sts", zones: ["z-1a", "z-1b"] },
    ];
    expect(endpointOutcome(endpoints, "z-1a").losses).toEqual([
      expect.stringContaining("Endpoint com.amazonaws.x.ecr.api (e) stops serving"),
    ]);
    expect(endpointOutcome(endpoints, "z-1b").losses).toEqual([]);
  });

  test("a general-purpose node group in one zone loses every node; a dedicated per-zone group is judged by its workload", () => {
    const groups: NodeGroup[] = [
      { name: "app", zones: ["z-1a"], labels: {}, taints: [] },
      { name: "clickhouse-z-1a", zones: ["z-1a"], labels: {}, taints: [{ key: "dedicated", value: "clickhouse", effect: "NO_SCHEDULE" }] },
    ];
    expect(nodeGroupOutcome(groups, "z-1a").losses).toEqual([expect.stringContaining("Node group app loses every node")]);
    expect(nodeGroupOutcome(groups, "z-1b").losses).toEqual([]);
  });
});
