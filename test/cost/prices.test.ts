import {
  CLICKHOUSE_NODE_TYPES,
  MSK_BROKER_TYPES,
  APP_NODE_TYPES,
  RDS_CLASS_BY_EVENTS,
  GRAVITON_APP_NODE_TYPES,
  GRAVITON_CLICKHOUSE_NODE_TYPES,
  GRAVITON_MSK_BROKER_TYPES,
} from "../../lib/sizing/constants";
import { AWS_REGIONS } from "../../lib/config/regions";
import { prices } from "./fixtures";

describe("the checked-in price table", () => {
  test("covers us-east-1 and eu-central-1", () => {
    expect(prices.regions()).toEqual(expect.arrayContaining(["us-east-1", "eu-central-1"]));
  });

  test("every price table is for a region environments may use", () => {
    expect(prices.regions().filter((r) => !(r in AWS_REGIONS))).toEqual([]);
  });

  test("every row carries a declared source, a date and a grade", () => {
    const row = prices.get("us-east-1", "msk.kafka.m5.large")!;
    expect(row).toMatchObject({ usd: 0.21, unit: "hour", source: "IC-msk", asOf: "2024-07-01", grade: "A-d" });
    expect(row.sourceDetail).toMatch(/infracost/);
  });

  test("prices every instance type the capacity model can choose, in us-east-1", () => {
    const keys = [
      ...[...CLICKHOUSE_NODE_TYPES, ...GRAVITON_CLICKHOUSE_NODE_TYPES].map((t) => `ec2.${t.type}`),
      ...[...APP_NODE_TYPES, ...GRAVITON_APP_NODE_TYPES].map((t) => `ec2.${t.type}`),
      ...[...MSK_BROKER_TYPES, ...GRAVITON_MSK_BROKER_TYPES].map((t) => `msk.${t.type}`),
      "ec2.m7g.large", // the system group on Graviton
      ...RDS_CLASS_BY_EVENTS.map((r) => `rds.postgres.${r.instanceClass}`),
    ];
    expect(keys.filter((k) => !prices.get("us-east-1", k))).toEqual([]);
  });

  test("eu-central-1 rows are never cheaper than 0.9× us-east-1 (a transcription check)", () => {
    for (const key of [
      "ec2.m6i.large",
      "ec2.r6i.4xlarge",
      "ec2.i4i.4xlarge",
      "ebs.gp3.storage",
      "nat.hour",
      "s3.standard.storage",
      "eks.cluster.standard",
    ]) {
      expect(prices.get("eu-central-1", key)!.usd).toBeGreaterThanOrEqual(prices.get("us-east-1", key)!.usd * 0.9);
    }
  });
});
