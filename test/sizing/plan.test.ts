import { loadPlatformConfig } from "../../lib/config/load";
import { clickhouseInput } from "../../lib/config/sections/clickhouse";
import { kafkaInput } from "../../lib/config/sections/kafka";
import { kubernetesInput } from "../../lib/config/sections/kubernetes";
import { postgresInput } from "../../lib/config/sections/postgres";
import { deriveSizing, planCapacity } from "../../lib/sizing";
import { environmentsFixture } from "../helpers/fixtures";
import { deployedLevers } from "../../lib/config/deployed-levers";

const VOLUMES = [1e6, 5e8, 2e9, 5e9, 5e10, 1e11, 3e11, 1e12, 3e12, 1e14];

describe("planCapacity", () => {
  test("launch volumes keep the launch shape: 3 small brokers, 1 shard, 3 app nodes", () => {
    for (const [events, tier] of [
      [5e9, "production"],
      [2e9, "production"],
      [5e8, "staging"],
    ] as const) {
      const p = planCapacity({ eventsPerMonth: events, tier });
      expect([p.kafka.brokerCount, p.kafka.instanceType, p.clickhouse.shards, p.app.desiredSize]).toEqual([3, "kafka.m5.large", 1, 3]);
    }
  });

  test("5e9/month: broker storage covers 7 days × RF 3 with 20% free; ClickHouse a year of compressed events", () => {
    const p = planCapacity({ eventsPerMonth: 5e9, tier: "production" });
    // 5e9 / 2,592,000 s × 1,200 B = 2.31 MB/s; × 604,800 s × 3 = 4.2 TB = 3,912 GiB over 3 brokers.
    expect(p.kafka.storedGiB).toBeCloseTo(3911.6, 0);
    expect(p.kafka.volumeSizeGiB).toBe(1700); // 1,304 GiB / 0.8, rounded up to 100
    expect(p.clickhouse.volumeSizeGiB).toBe(8500); // 5e9 × 365/30 × 120 B = 6,799 GiB / 0.8
    expect(p.clickhouse.instanceType).toBe("r6i.4xlarge"); // > 200 GB compressed: 128 GiB RAM
  });

  test("cross-AZ traffic: Kafka produce and consume across zones plus ClickHouse replica fetches", () => {
    // 6,000 GB raw × 2 passes × 2/3 of clients in another zone + 600 GB compressed × 1 other replica
    expect(planCapacity({ eventsPerMonth: 5e9, tier: "production" }).crossAzGBPerMonth).toBeCloseTo(8600);
    expect(planCapacity({ eventsPerMonth: 5e9, tier: "staging", availabilityZones: 1, clickhouseReplicas: 1 }).crossAzGBPerMonth).toBe(0);
  });

  test("1e12/month produces a plan inside every schema limit", () => {
    const p = planCapacity({ eventsPerMonth: 1e12, tier: "production" });
    expect(p.kafka.brokerCount).toBeLessThanOrEqual(60);
    expect(p.kafka.brokerCount % 3).toBe(0);
    expect(p.kafka.partitions).toBeGreaterThanOrEqual(Math.ceil(p.traffic.peakRawMBps / 10));
    expect(p.clickhouse.shards).toBeGreaterThan(10);
    expect(p.clickhouse.shards).toBeLessThanOrEqual(256);
    expect(p.postgres.instanceClass).toBe("db.r6g.4xlarge");
  });

  test("more events never shrink the plan", () => {
    const plans = VOLUMES.map((e) => planCapacity({ eventsPerMonth: e, tier: "production" }));
    for (let i = 1; i < plans.length; i++) {
      const [a, b] = [plans[i - 1]!, plans[i]!];
      expect(b.kafka.storedGiB).toBeGreaterThan(a.kafka.storedGiB);
      expect(b.kafka.brokerCount * b.kafka.volumeSizeGiB).toBeGreaterThanOrEqual(a.kafka.brokerCount * a.kafka.volumeSizeGiB);
      expect(b.clickhouse.shards * b.clickhouse.volumeSizeGiB).toBeGreaterThanOrEqual(a.clickhouse.shards * a.clickhouse.volumeSizeGiB);
      expect(b.kafka.partitions).toBeGreaterThanOrEqual(a.kafka.partitions);
    }
  });

  test("retention drives storage: a day of Kafka retention needs a seventh of a week's", () => {
    const week = planCapacity({ eventsPerMonth: 1e11, tier: "production", kafkaRetentionHours: 168 });
    const day = planCapacity({ eventsPerMonth: 1e11, tier: "production", kafkaRetentionHours: 24 });
    expect(week.kafka.storedGiB / day.kafka.storedGiB).toBeCloseTo(7);
    const short = planCapacity({ eventsPerMonth: 1e11, tier: "production", clickhouseRetentionDays: 30 });
    expect(short.clickhouse.shards).toBeLessThan(planCapacity({ eventsPerMonth: 1e11, tier: "production" }).clickhouse.shards);
  });

  test("partitions are a multiple of the shards, so each shard consumes an equal share", () => {
    for (const e of VOLUMES) {
      const p = planCapacity({ eventsPerMonth: e, tier: "production" });
      expect(p.kafka.partitions % p.clickhouse.shards === 0 || p.kafka.partitions === 10000).toBe(true);
    }
  });

  test("beyond one MSK cluster it warns instead of emitting an invalid broker count", () => {
    const p = planCapacity({ eventsPerMonth: 1e14, tier: "production" });
    expect(p.kafka.brokerCount).toBeLessThanOrEqual(60);
    expect(p.warnings.some((w) => /MSK cluster/.test(w))).toBe(true);
  });

  test("throws when the volume or zone count is not usable", () => {
    expect(() => planCapacity({ eventsPerMonth: 0, tier: "production" })).toThrow(/eventsPerMonth: a positive number \(got 0\)/);
    expect(() => planCapacity({ eventsPerMonth: 1e9, tier: "production", availabilityZones: 0 })).toThrow(/availabilityZones/);
  });
});

describe("deriveSizing", () => {
  test.each(VOLUMES)("%d events/month: every derived section passes its schema", (events) => {
    for (const tier of ["production", "staging"] as const) {
      const s = deriveSizing(events, tier);
      expect(kafkaInput.safeParse(s.kafka).error).toBeUndefined();
      expect(clickhouseInput.safeParse(s.clickhouse).error).toBeUndefined();
      expect(kubernetesInput.safeParse(s.kubernetes).error).toBeUndefined();
      expect(postgresInput.safeParse(s.postgres).error).toBeUndefined();
    }
  });

  test.each([1e9, 5e10, 1e12, 1e14])("an environment at %d events/month loads and passes the environment rules", (events) => {
    const file = `tier: production\naccount: prod-us\nregion: us-east-2\nvpcCidr: 10.40.0.0/16\neventsPerMonth: ${events}\n`;
    const env = loadPlatformConfig(environmentsFixture({ "ap.yaml": file })).environments.find((e) => e.name === "ap")!;
    expect(env.kafka.brokerCount % env.availabilityZones.length).toBe(0);
    expect(env.clickhouse.replicas).toBeGreaterThanOrEqual(2);
  });

  test("an environment gets the plan's sizes (with the levers it deploys) where its file is silent, and the file wins", () => {
    const file = { tier: "production", account: "prod-us", region: "us-east-2", vpcCidr: "10.40.0.0/16", eventsPerMonth: 1e12 } as const;
    const planned = deriveSizing(file.eventsPerMonth, file.tier, {}, deployedLevers(file.tier, file));
    const brokers = planned.kafka!.brokerCount! + 3; // a multiple of the three zones, not the model's
    const yaml = `${Object.entries(file)
      .map(([k, v]) => `${k}: ${v}`)
      .join("\n")}\nkafka:\n  brokerCount: ${brokers}\n`;
    const ap = loadPlatformConfig(environmentsFixture({ "ap.yaml": yaml })).environments.find((e) => e.name === "ap")!;
    expect(ap.kafka.brokerCount).toBe(brokers); // the file wins over the model
    expect(ap.kafka.instanceType).toBe(planned.kafka!.instanceType); // siblings keep the model's values
    expect(ap.clickhouse.volumeSizeGiB).toBe(planned.clickhouse!.volumeSizeGiB);
  });

  test("hints from the environment file feed the model", () => {
    const twoZones = deriveSizing(1e11, "staging", { availabilityZones: ["us-east-1a", "us-east-1b"] });
    expect(twoZones.kafka!.brokerCount! % 2).toBe(0);
    const lifted = deriveSizing(5e9, "production", { kafka: { volumeSizeGiB: 9000 } });
    expect(lifted.kafka!.maxVolumeSizeGiB).toBe(9000);
  });
});
