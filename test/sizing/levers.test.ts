import { loadPlatformConfig } from "../../lib/config/load";
import { usageFromPlan } from "../../lib/cost/derived-usage";
import { ALL_LEVERS, NO_LEVERS, planCapacity, type Levers } from "../../lib/sizing";
import * as C from "../../lib/sizing/constants";

// Volumes and retention come from the environments folder, so a new or changed file is covered.
const envs = loadPlatformConfig().environments;
const plan = (events: number, levers: Partial<Levers>, extra: { kafkaRetentionHours?: number } = {}) =>
  planCapacity({ eventsPerMonth: events, tier: "production", levers, ...extra });

describe("cost levers in the capacity model", () => {
  test("without levers the plan is the pre-lever plan (defaults keep shipped sizes)", () => {
    for (const e of envs) {
      const base = { eventsPerMonth: e.eventsPerMonth, tier: e.tier };
      const { input: a, ...without } = planCapacity(base);
      const { input: b, ...none } = planCapacity({ ...base, levers: NO_LEVERS });
      expect(without).toEqual(none);
      expect(a.levers).toEqual(NO_LEVERS);
      expect(b.levers).toEqual(NO_LEVERS);
    }
  });

  test("producer compression divides Kafka storage, broker throughput and Kafka cross-AZ bytes by the codec's ratio", () => {
    const none = plan(1e11, {});
    const zstd = plan(1e11, { kafkaCompression: "zstd" });
    expect(none.kafka.storedGiB / zstd.kafka.storedGiB).toBeCloseTo(C.KAFKA_COMPRESSION_RATIO.zstd);
    expect(zstd.kafka.brokersFor.throughput).toBeLessThan(none.kafka.brokersFor.throughput);
    expect(zstd.crossAzGBPerMonth).toBeLessThan(none.crossAzGBPerMonth);
    expect(C.KAFKA_COMPRESSION_RATIO.zstd).toBeCloseTo(1 / 0.28);
  });

  test("the ZSTD codec halves ClickHouse's compressed bytes (20× against 10×)", () => {
    const lz4 = plan(1e11, {});
    const zstd = plan(1e11, { clickhouseCodec: "zstd" });
    expect(lz4.clickhouse.compressedGiBPerReplica / zstd.clickhouse.compressedGiBPerReplica).toBeCloseTo(2);
  });

  test("tiering keeps hotDays on gp3 and prices one S3 copy per replica", () => {
    const hotDays = 7;
    const p = plan(1e12, { clickhouseTiering: { enabled: true, hotDays } });
    const ch = p.clickhouse;
    expect(ch.hotGiBPerReplica).toBeCloseTo((ch.compressedGiBPerReplica * hotDays) / ch.retentionDays);
    expect(ch.hotGiBPerReplica + ch.coldGiBPerReplica).toBeCloseTo(ch.compressedGiBPerReplica);
    expect(ch.shardsFor.disk).toBeLessThan(plan(1e12, {}).clickhouse.shardsFor.disk);
    const cold = usageFromPlan(p, "x-*").find((o) => o.match.includes("cold"))!;
    expect(cold.values.storage_gb).toBe(Math.round(ch.coldGiBPerReplica * ch.replicas * (1024 ** 3 / 1e9)));
    expect(ch.s3Requests.put).toBeGreaterThan(0);
    expect(plan(1e12, {}).clickhouse.coldGiBPerReplica).toBe(0);
  });

  test("MSK tiered storage keeps localRetentionHours × RF 3 on brokers and the rest once in the tier", () => {
    const all = plan(1e11, {}, { kafkaRetentionHours: 168 });
    const tiered = plan(1e11, { kafkaTieredStorage: { enabled: true, localRetentionHours: 24 } }, { kafkaRetentionHours: 168 });
    expect(all.kafka.storedGiB / tiered.kafka.storedGiB).toBeCloseTo(7);
    expect(tiered.kafka.tieredGiB).toBeCloseTo((all.kafka.storedGiB * (144 / 168)) / C.KAFKA_REPLICATION_FACTOR);
    expect(tiered.kafka.retentionHours).toBe(168);
  });

  test("Graviton picks r7g, m7g and kafka.m7g at the sizes the x86 plan picks", () => {
    const x86 = plan(1e12, { ...ALL_LEVERS, graviton: false, gravitonAppNodes: false });
    const arm = plan(1e12, { ...ALL_LEVERS, graviton: true, gravitonAppNodes: true });
    // The deployed mix: Graviton ClickHouse and brokers, app nodes still x86.
    expect(plan(1e12, { ...ALL_LEVERS, graviton: true, gravitonAppNodes: false }).app.instanceType).toBe(x86.app.instanceType);
    const size = (t: string) => t.split(".").slice(-1)[0];
    expect(arm.clickhouse.instanceType).toMatch(/^r7g\./);
    expect(arm.app.instanceType).toMatch(/^m7g\./);
    expect(arm.kafka.instanceType).toMatch(/^kafka\.m7g\./);
    expect([size(arm.clickhouse.instanceType), size(arm.app.instanceType), size(arm.kafka.instanceType)]).toEqual([
      size(x86.clickhouse.instanceType),
      size(x86.app.instanceType),
      size(x86.kafka.instanceType),
    ]);
  });

  test("lever values out of range are refused, naming the field, the value and what is allowed", () => {
    expect(() => plan(1e9, { clickhouseTiering: { enabled: true, hotDays: 2.5 } })).toThrow(
      /clickhouse\.tiering\.hotDays: a whole number of days >= 1 \(got 2\.5\)/,
    );
    expect(() => plan(1e9, { kafkaTieredStorage: { enabled: true, localRetentionHours: 0 } })).toThrow(
      /kafka\.tieredStorage\.localRetentionHours: a number of hours >= 1 \(got 0\)/,
    );
  });

  test("hot days or local hours beyond the retention tier nothing", () => {
    const p = planCapacity({
      eventsPerMonth: 1e9,
      tier: "staging",
      clickhouseRetentionDays: 3,
      kafkaRetentionHours: 12,
      levers: ALL_LEVERS,
    });
    expect([p.clickhouse.coldGiBPerReplica, p.kafka.tieredGiB]).toEqual([0, 0]);
  });
});
