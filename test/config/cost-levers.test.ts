import { loadPlatformConfig } from "../../lib/config/load";
import { configProblems, environmentsFixture, FIXTURE_ENV, freeVpcCidr } from "../helpers/fixtures";

const CIDR = freeVpcCidr();
const FILE = `${FIXTURE_ENV}.yaml`;
const file = (tier: "production" | "staging", extra = "") =>
  `tier: ${tier}\naccount: ${tier === "production" ? "prod-us" : "staging"}\nregion: us-east-2\nvpcCidr: ${CIDR}\neventsPerMonth: 1e9\n${extra}`;
const problems = (text: string) => configProblems({ [FILE]: text }).join("\n");
const inFixture = (rest: RegExp) => new RegExp(`${FIXTURE_ENV}\\.yaml: ${rest.source}`);
const load = (text: string) => loadPlatformConfig(environmentsFixture({ [FILE]: text })).environments.find((e) => e.name === FIXTURE_ENV)!;

describe("cost levers in environment files", () => {
  test("production turns every lever on: ClickHouse tiering, zstd, MSK tiered storage, a Spot group", () => {
    const env = load(file("production"));
    expect(env.clickhouse.tiering.enabled).toBe(true);
    expect(env.clickhouse.tiering.hotDays).toBeLessThan(env.clickhouse.retentionDays);
    expect(env.kafka.compression).toBe("zstd");
    expect(env.kafka.tieredStorage.enabled).toBe(true);
    expect(env.kafka.tieredStorage.localRetentionHours).toBeLessThan(env.kafka.retentionHours);
    expect(env.kubernetes.nodeGroups.spot.enabled).toBe(true);
  });

  test("staging keeps the tiers off (small data) but compresses", () => {
    const env = load(file("staging"));
    expect(env.clickhouse.tiering.enabled).toBe(false);
    expect(env.kafka.tieredStorage.enabled).toBe(false);
    expect(env.kafka.compression).toBe("zstd");
  });

  test.each([
    [
      "MSK tiered storage on a Kafka version before 3.6",
      "kafka:\n  kafkaVersion: 3.5.1\n",
      inFixture(/kafka\.kafkaVersion: 3\.6\.0 or later \(or 2\.8\.2\.tiered\) for MSK tiered storage .*\(got "3\.5\.1"\)/),
    ],
    [
      "MSK tiered storage on kafka.t3.small",
      "kafka:\n  instanceType: kafka.t3.small\n",
      inFixture(/kafka\.instanceType: a Standard broker other than kafka\.t3\.small.*\(got "kafka\.t3\.small"\)/),
    ],
    [
      "a local retention as long as the total",
      "kafka:\n  retentionHours: 48\n  tieredStorage:\n    localRetentionHours: 48\n",
      inFixture(/kafka\.tieredStorage\.localRetentionHours: fewer hours than kafka\.retentionHours \(48\).*\(got 48\)/),
    ],
    [
      "hot days as long as the retention",
      "clickhouse:\n  retentionDays: 30\n  tiering:\n    hotDays: 30\n",
      inFixture(/clickhouse\.tiering\.hotDays: fewer days than clickhouse\.retentionDays \(30\).*\(got 30\)/),
    ],
    [
      "a Spot group mixing Graviton and x86",
      "kubernetes:\n  nodeGroups:\n    spot:\n      instanceTypes: [m7g.xlarge, m6i.xlarge]\n",
      inFixture(/kubernetes\.nodeGroups\.spot\.instanceTypes: types of one architecture/),
    ],
    ["an unknown codec", "kafka:\n  compression: brotli\n", inFixture(/kafka\.compression: .*zstd.*\(got "brotli"\)/)],
  ])("refuses %s, naming file, field, value and what is allowed", (_name, extra, expected) => {
    expect(problems(file("production", extra))).toMatch(expected);
  });

  test("Express brokers manage their own storage: tiered storage does not apply to them", () => {
    expect(problems(file("production", "kafka:\n  instanceType: express.m7g.large\n"))).not.toMatch(/tiered storage/);
  });

  test("the levers' rules apply only to levers that are on", () => {
    const off =
      "kafka:\n  instanceType: kafka.t3.small\n  kafkaVersion: 3.5.1\n  tieredStorage:\n    enabled: false\n" +
      "clickhouse:\n  retentionDays: 30\n  tiering:\n    enabled: false\n    hotDays: 30\n" +
      "kubernetes:\n  nodeGroups:\n    spot:\n      enabled: false\n      instanceTypes: [m7g.xlarge, m6i.xlarge]\n";
    expect(problems(file("production", off))).not.toMatch(/tiered|tiering|spot/i);
  });
});
