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

const PROD_US = loadPlatformConfig().accounts.find((a) => a.name === "prod-us")!.id;
const BACKUPS_ARN = `arn:aws:rds:us-west-2:${PROD_US}:auto-backup:ab-L2IJCEXJP7XQ7HOJ4SIEXAMPLE`;
const SNAPSHOT_ARN = `arn:aws:rds:us-west-2:${PROD_US}:snapshot:awsbackup:job-0a1b2c3d-4e5f-6789-abcd-ef0123456789`;
/** The recovery target with a Postgres restore source, given as YAML lines under postgresRestore. */
const withRestore = (...lines: string[]) => `${withRecovery()}  postgresRestore:\n${lines.map((l) => `    ${l}\n`).join("")}`;

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

  describe("postgresRestore", () => {
    const load = (text: string) => {
      const dir = environmentsFixture({ [FILE]: production(text) });
      try {
        return loadPlatformConfig(dir).environments.find((e) => e.name === FIXTURE_ENV)!.disasterRecovery.postgresRestore;
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    };

    test("is null by default in both tiers (no restored instance)", () => {
      const dir = environmentsFixture({ [FILE]: production(withRecovery()) });
      try {
        for (const env of loadPlatformConfig(dir).environments) expect(env.disasterRecovery.postgresRestore).toBeNull();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test("takes replicated automated backups (to the latest time unless one is given) or a snapshot", () => {
      expect(load(withRestore(`automatedBackupsArn: ${BACKUPS_ARN}`))).toEqual({
        automatedBackupsArn: BACKUPS_ARN,
        restoreTime: null,
        snapshotArn: null,
      });
      expect(load(withRestore(`automatedBackupsArn: ${BACKUPS_ARN}`, "restoreTime: 2026-12-07T04:55:00Z"))).toMatchObject({
        restoreTime: "2026-12-07T04:55:00Z",
      });
      expect(load(withRestore(`snapshotArn: ${SNAPSHOT_ARN}`))).toEqual({
        automatedBackupsArn: null,
        restoreTime: null,
        snapshotArn: SNAPSHOT_ARN,
      });
    });

    const field = (name: string) => `${esc(FILE)}: disasterRecovery\\.postgresRestore${name ? `\\.${name}` : ""}`;
    test.each([
      [
        "with both sources",
        withRestore(`automatedBackupsArn: ${BACKUPS_ARN}`, `snapshotArn: ${SNAPSHOT_ARN}`),
        new RegExp(`${field("")}: exactly one of automatedBackupsArn and snapshotArn`),
      ],
      [
        "with no source",
        `${withRecovery()}  postgresRestore: {}\n`,
        new RegExp(`${field("")}: exactly one of automatedBackupsArn and snapshotArn`),
      ],
      [
        "with a restore time for a snapshot",
        withRestore(`snapshotArn: ${SNAPSHOT_ARN}`, "restoreTime: latest"),
        new RegExp(`${field("restoreTime")}: only with automatedBackupsArn.*\\(got "latest"\\)`),
      ],
      [
        "with a day that does not exist",
        withRestore(`automatedBackupsArn: ${BACKUPS_ARN}`, 'restoreTime: "2026-02-30T04:55:00Z"'),
        new RegExp(`${field("restoreTime")}: latest, or a UTC time that exists.*\\(got "2026-02-30T04:55:00Z"\\)`),
      ],
      [
        "with a local time",
        withRestore(`automatedBackupsArn: ${BACKUPS_ARN}`, 'restoreTime: "2026-12-07 05:55"'),
        new RegExp(`${field("restoreTime")}: latest, or a UTC time such as 2026-12-07T04:55:00Z`),
      ],
      [
        "with automated backups in the snapshot field",
        withRestore(`snapshotArn: ${BACKUPS_ARN}`),
        new RegExp(`${field("snapshotArn")}: an ARN such as arn:<partition>:rds:<region>:<account>:snapshot:<name>`),
      ],
      [
        "with a snapshot of the primary region",
        withRestore(`snapshotArn: ${SNAPSHOT_ARN.replace("us-west-2", "us-east-2")}`),
        new RegExp(
          `${field("snapshotArn")}: an ARN in the recovery region of this environment's account \\(arn:aws:rds:us-west-2:${PROD_US}:\\.\\.\\.\\).*us-east-2`,
        ),
      ],
      [
        "with another account's backups",
        withRestore(`automatedBackupsArn: ${BACKUPS_ARN.replace(PROD_US, "999999999999")}`),
        new RegExp(`${field("automatedBackupsArn")}: an ARN in the recovery region of this environment's account.*999999999999`),
      ],
      [
        "without the recovery target",
        `disasterRecovery:\n  postgresRestore:\n    automatedBackupsArn: ${BACKUPS_ARN}\n`,
        new RegExp(`${field("")}: null unless disasterRecovery\\.enabled is true`),
      ],
      [
        "with an unknown key",
        withRestore(`automatedBackupsArn: ${BACKUPS_ARN}`, "latest: true"),
        new RegExp(`${field("")}: unknown field\\(s\\) 'latest'`),
      ],
    ])("is refused %s, naming file, field and value, once", (_what, text, pattern) => {
      expect(configProblems({ [FILE]: production(text) }).filter((line) => pattern.test(line))).toHaveLength(1);
    });
  });
});
