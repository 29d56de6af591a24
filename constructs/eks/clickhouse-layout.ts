import type { IConstruct } from "constructs";
import { required } from "../../lib/defined";
import { PropsProblems } from "../kit/validation";
/**
 * Where ClickHouse replicas live. Replica r of shard s goes to zone (s + r) mod zones: a shard's
 * replicas always sit in different zones (replicas <= zones, checked by the environment rules),
 * and successive shards start one zone further on so the zones fill evenly.
 *
 *   1 shard × 2 replicas, 3 zones:  a: [s0r0]      b: [s0r1]      c: []
 *   2 shards × 2 replicas, 3 zones: a: [s0r0]      b: [s0r1 s1r0] c: [s1r1]
 *   3 shards × 2 replicas, 3 zones: a: [s0r0 s2r1] b: [s0r1 s1r0] c: [s1r1 s2r0]
 *
 * Each ClickHouse pod takes a whole node (the instance type is sized for one replica), so a zone's
 * ClickHouse node group needs exactly as many nodes as pods land there. The platform layer passes
 * each replica's zone to the chart (values `placement`, clickhouse-values.ts), which pins the pod there
 * and computes no zone itself (its EBS volume is created there too).
 */
export interface ReplicaPlacement {
  readonly shard: number;
  readonly replica: number;
  readonly zone: string;
}

/** `scope` is the construct whose props give the layout: a bad one is reported against it. */
export function clickhousePlacement(scope: IConstruct, shards: number, replicas: number, zones: readonly string[]): ReplicaPlacement[] {
  new PropsProblems(scope)
    .require(Number.isInteger(shards) && shards >= 1, "shards", shards, "a whole number >= 1")
    .require(Number.isInteger(replicas) && replicas >= 1, "replicas", replicas, "a whole number >= 1")
    .require(
      replicas <= zones.length,
      "replicas",
      replicas,
      `at most the zone count (${zones.length}), or two replicas of a shard would share a zone; lower replicas or add zones`,
    )
    .throwIfAny();
  const placements: ReplicaPlacement[] = [];
  for (let shard = 0; shard < shards; shard++) {
    for (let replica = 0; replica < replicas; replica++) {
      placements.push({ shard, replica, zone: required(zones[(shard + replica) % zones.length], "a zone (the list is not empty)") });
    }
  }
  return placements;
}

/** ClickHouse pods (= nodes) per zone, in zone order. */
export function clickhouseNodesPerZone(scope: IConstruct, shards: number, replicas: number, zones: readonly string[]): number[] {
  const placements = clickhousePlacement(scope, shards, replicas, zones);
  return zones.map((z) => placements.filter((p) => p.zone === z).length);
}
