import { CLICKHOUSE_DEFAULT_CODEC } from "../../constructs/platform/clickhouse-values";
import { deployedLevers } from "../../lib/config/deployed-levers";
import { loadPlatformConfig } from "../../lib/config/load";
import type { EnvironmentInput } from "../../lib/config/schema";
import { deriveSizing } from "../../lib/sizing";
import { NO_LEVERS } from "../../lib/sizing/levers";
import { configProblems, shippedFile } from "../helpers/fixtures";
import * as path from "node:path";

// The capacity plan behind every environment counts the levers the stacks deploy (issue 16).
const config = loadPlatformConfig();
const input = (over: Partial<EnvironmentInput> = {}): EnvironmentInput =>
  ({ tier: "production", account: "x", region: "us-east-1", vpcCidr: "10.0.0.0/16", eventsPerMonth: 5e9, ...over }) as EnvironmentInput;

describe("deployed cost levers", () => {
  test("the codec the plan assumes is the one the ClickHouse chart makes the server default", () => {
    expect(deployedLevers("production", input()).clickhouseCodec).toBe(CLICKHOUSE_DEFAULT_CODEC.method);
  });

  test("tiering, compression and MSK tiered storage follow the file over the tier defaults", () => {
    const levers = deployedLevers(
      "production",
      input({ clickhouse: { tiering: { hotDays: 3 } }, kafka: { compression: "lz4", tieredStorage: { enabled: false } } }),
    );
    expect(levers.clickhouseTiering.hotDays).toBe(3);
    expect(levers.kafkaCompression).toBe("lz4");
    expect(levers.kafkaTieredStorage.enabled).toBe(false);
  });

  test("Express brokers tier nothing, whatever the file says", () => {
    expect(deployedLevers("production", input({ kafka: { instanceType: "express.m7g.large" } })).kafkaTieredStorage.enabled).toBe(false);
  });

  test.each(config.environments.filter((e) => e.clickhouse.tiering.enabled).map((e) => [e.name, e] as const))(
    "%s: with tiering on, the hot volume is sized for the hot days, not the whole retention",
    (_name, env) => {
      const file = { availabilityZones: [...env.availabilityZones] };
      const withoutLevers = deriveSizing(env.eventsPerMonth, env.tier, file, NO_LEVERS);
      expect(env.clickhouse.volumeSizeGiB).toBeLessThan(withoutLevers.clickhouse?.volumeSizeGiB ?? 0);
    },
  );
});

describe("backup storage class", () => {
  test("production writes backups to Standard-IA and the plan counts it", () => {
    expect(deployedLevers("production", input()).backupStorageClass).toBe("STANDARD_IA");
  });

  test("Standard-IA with backups kept under 30 days is refused, naming the field and the way out", () => {
    const env = config.environments.find((e) => e.tier === "production" && !shippedFile(path.basename(e.file)).includes("\nclickhouse:"))!;
    const file = path.basename(env.file);
    const problems = configProblems({
      [file]: `${shippedFile(file)}\nclickhouse:\n  backup:\n    retentionDays: 7\n    storageClass: STANDARD_IA\n`,
    });
    expect(problems.join("\n")).toMatch(
      /clickhouse\.backup\.storageClass: STANDARD while clickhouse\.backup\.retentionDays \(7\) is under 30/,
    );
  });
});
