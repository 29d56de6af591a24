import * as fs from "node:fs";
import { loadPlatformConfig } from "../../lib/config/load";
import { configProblems, environmentsFixture, FIXTURE_ENV, freeVpcCidr } from "../helpers/fixtures";

/** A production file of its own (backup region set), so shipped files never change what a test means. */
const CIDR = freeVpcCidr();
const RECOVERY_CIDR = freeVpcCidr([CIDR, ...shippedCidrs()]);
const FILE = `${FIXTURE_ENV}.yaml`;
const production = (extra: string, tier = "production") =>
  `tier: ${tier}\naccount: prod-us\nregion: us-east-2\nvpcCidr: ${CIDR}\neventsPerMonth: 1e9\npostgres:\n  backupReplicationRegion: us-west-2\n${extra}`;
const withRecovery = (cidr = RECOVERY_CIDR) => `disasterRecovery:\n  enabled: true\n  vpcCidr: ${cidr}\n`;
const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

function shippedCidrs(): string[] {
  return loadPlatformConfig().environments.map((e) => e.vpcCidr);
}

describe("disasterRecovery", () => {
  test("is off by default in both tiers; the restore drill is on in staging only", () => {
    const dir = environmentsFixture({ [FILE]: production("") });
    try {
      const envs = loadPlatformConfig(dir).environments;
      for (const env of envs) {
        expect(env.disasterRecovery.enabled).toBe(false);
        expect(env.disasterRecovery.restoreDrill).toBe(env.tier === "staging");
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a production file with the flag and a free block loads", () => {
    expect(configProblems({ [FILE]: production(withRecovery()) })).toEqual([]);
  });

  test("two recovery blocks may not overlap each other either", () => {
    // Another account: two environments in one account and region are refused on their own (Session Manager preferences).
    const second = production(withRecovery())
      .replace(`vpcCidr: ${CIDR}`, `vpcCidr: ${freeVpcCidr([CIDR, RECOVERY_CIDR, ...shippedCidrs()])}`)
      .replace("account: prod-us", "account: prod-eu");
    const problems = configProblems({ [FILE]: production(withRecovery()), [`${FIXTURE_ENV}2.yaml`]: `name: zz-second\n${second}` });
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `${esc(FIXTURE_ENV)}2\\.yaml: disasterRecovery\\.vpcCidr: a block that does not overlap \\S*${esc(FILE)} disasterRecovery\\.vpcCidr`,
        ),
      ),
    ]);
  });

  test.each([
    [
      "outside production",
      production(withRecovery(), "staging"),
      new RegExp(`${esc(FILE)}: disasterRecovery\\.enabled: false outside production`),
    ],
    [
      "without a backup region",
      production(withRecovery()).replace("  backupReplicationRegion: us-west-2", "  backupReplicationRegion: null"),
      new RegExp(`${esc(FILE)}: postgres\\.backupReplicationRegion: a region when disasterRecovery\\.enabled is true.*\\(got null\\)`),
    ],
    [
      "without a VPC block",
      production("disasterRecovery:\n  enabled: true\n"),
      new RegExp(`${esc(FILE)}: disasterRecovery\\.vpcCidr: a private /16 to /20 block`),
    ],
    [
      "with the environment's own block",
      production(withRecovery(CIDR)),
      new RegExp(
        `${esc(FILE)}: disasterRecovery\\.vpcCidr: a block that does not overlap \\S*${esc(FILE)} vpcCidr.*\\(got "${esc(CIDR)}"\\)`,
      ),
    ],
    [
      "overlapping another environment's VPC",
      production(withRecovery(shippedCidrs()[0]!)),
      new RegExp(
        `${esc(FILE)}: disasterRecovery\\.vpcCidr: a block that does not overlap \\S+\\.yaml vpcCidr \\(${esc(shippedCidrs()[0]!)}\\)`,
      ),
    ],
    [
      "a public block",
      production(withRecovery("8.8.0.0/16")),
      new RegExp(`${esc(FILE)}: disasterRecovery\\.vpcCidr: a private \\(RFC 1918\\) range`),
    ],
    [
      "a /24",
      production(withRecovery(RECOVERY_CIDR.replace("/16", "/24"))),
      /disasterRecovery\.vpcCidr: a prefix from \/16 to \/20 \(got \/24\)/,
    ],
    ["an unknown key", production(`${withRecovery()}  regions: [us-west-2]\n`), /disasterRecovery: unknown field\(s\) 'regions'/],
    [
      "the ClickHouse restore drill with tiered storage",
      production("disasterRecovery:\n  restoreDrill: true\nclickhouse:\n  tiering:\n    enabled: true\n"),
      new RegExp(`${esc(FILE)}: disasterRecovery\\.restoreDrill: false while clickhouse\\.tiering\\.enabled is true.*\\(got true\\)`),
    ],
  ])("is refused %s, naming file, field and value", (_what, text, pattern) => {
    expect(configProblems({ [FILE]: text })).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
  });
});
