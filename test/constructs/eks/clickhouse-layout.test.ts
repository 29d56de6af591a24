import { Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import * as layout from "../../../constructs/eks/clickhouse-layout";

// Problems name the construct whose props gave the layout: here test/ClickHouse.
const scope = new Construct(new TerraformStack(Testing.app(), "test"), "ClickHouse");
const clickhousePlacement = (shards: number, replicas: number, zs: readonly string[]) =>
  layout.clickhousePlacement(scope, shards, replicas, zs);
const clickhouseNodesPerZone = (shards: number, replicas: number, zs: readonly string[]) =>
  layout.clickhouseNodesPerZone(scope, shards, replicas, zs);

const zones = ["a", "b", "c"];

describe("clickhousePlacement", () => {
  const cases: [number, number, string[]][] = [];
  for (let z = 1; z <= 3; z++) for (let r = 1; r <= z; r++) for (let s = 1; s <= 12; s++) cases.push([s, r, zones.slice(0, z)]);

  test.each(cases)(
    "%i shards × %i replicas over %j: no zone holds two replicas of a shard, zones differ by at most one",
    (shards, replicas, zs) => {
      const placement = clickhousePlacement(shards, replicas, zs);
      expect(placement).toHaveLength(shards * replicas);
      for (let s = 0; s < shards; s++) {
        const shardZones = placement.filter((p) => p.shard === s).map((p) => p.zone);
        expect(new Set(shardZones).size).toBe(replicas);
      }
      const perZone = clickhouseNodesPerZone(shards, replicas, zs);
      expect(perZone.reduce((a, b) => a + b, 0)).toBe(shards * replicas);
      expect(Math.max(...perZone) - Math.min(...perZone)).toBeLessThanOrEqual(1);
    },
  );

  test("the documented layouts", () => {
    expect(clickhouseNodesPerZone(1, 2, zones)).toEqual([1, 1, 0]);
    expect(clickhousePlacement(2, 2, zones).map((p) => `s${p.shard}r${p.replica}@${p.zone}`)).toEqual([
      "s0r0@a",
      "s0r1@b",
      "s1r0@b",
      "s1r1@c",
    ]);
  });

  test("throws when replicas exceed zones, or counts are not whole", () => {
    expect(() => clickhousePlacement(1, 3, ["a", "b"])).toThrow(
      /^test\/ClickHouse: replicas: at most the zone count \(2\), or two replicas of a shard would share a zone.* \(got 3\)$/,
    );
    expect(() => clickhousePlacement(0, 1, zones)).toThrow("test/ClickHouse: shards: a whole number >= 1 (got 0)");
    expect(() => clickhousePlacement(1, 1.5, zones)).toThrow("test/ClickHouse: replicas: a whole number >= 1 (got 1.5)");
  });
});
