import * as path from "node:path";
import { loadPlatformConfig } from "../../lib/config/load";
import type { AccountConfig, PlatformConfig } from "../../lib/config/model";
import { formatProblem } from "../../lib/config/problems";
import { REGION_NAMES } from "../../lib/config/regions";
import { accountsSchema } from "../../lib/config/schema";
import { environmentPlacements, S3_BUCKET_NAME_MAX_LENGTH, stateLocation, withStateLocations } from "../../lib/config/state-locations";
import { environmentsFixture, freeVpcCidr, shippedFile } from "../helpers/fixtures";

/** The shipped files, and the same with the recovery target on in the first production environment with a backup region. */
const shipped = loadPlatformConfig();
const target = shipped.environments.find((e) => e.tier === "production" && e.postgres.backupReplicationRegion !== null)!;
const targetFile = path.basename(target.file);
const withRecovery = loadPlatformConfig(
  environmentsFixture({ [targetFile]: `${shippedFile(targetFile)}\ndisasterRecovery:\n  enabled: true\n  vpcCidr: ${freeVpcCidr()}\n` }),
);
const backupRegion = target.postgres.backupReplicationRegion!;

/** The regions whose stacks an account holds: the organization stack's, its environments'. */
function stackRegions(config: PlatformConfig, account: AccountConfig): string[] {
  const organization = account.name === config.organization.managementAccount.name ? [config.organization.homeRegion] : [];
  const environments = config.environments.filter((e) => e.account.name === account.name).flatMap(environmentPlacements);
  return [...new Set([account.homeRegion, ...organization, ...environments.map((p) => p.region)])].sort();
}

describe("state locations (AccountConfig.stateLocations)", () => {
  test.each([
    ["shipped", shipped],
    ["recovery target on", withRecovery],
  ])("%s: every account has one exactly in its home region and each region its stacks run in", (_name, config) => {
    for (const a of config.accounts)
      expect({ account: a.name, regions: Object.keys(a.stateLocations) }).toEqual({ account: a.name, regions: stackRegions(config, a) });
  });

  test("the recovery target adds its backup region to its account, and to no other account", () => {
    const before = shipped.accounts.find((a) => a.name === target.account.name)!;
    const after = withRecovery.accounts.find((a) => a.name === target.account.name)!;
    expect(Object.keys(after.stateLocations).sort()).toEqual([...new Set([...Object.keys(before.stateLocations), backupRegion])].sort());
    for (const a of withRecovery.accounts.filter((x) => x.name !== target.account.name))
      expect(a.stateLocations).toEqual(shipped.accounts.find((x) => x.name === a.name)!.stateLocations);
  });

  test("environments and the organization point at the accounts with their locations", () => {
    const byName = (name: string) => withRecovery.accounts.find((a) => a.name === name)!;
    for (const e of withRecovery.environments) expect(e.account).toBe(byName(e.account.name));
    const org = withRecovery.organization;
    for (const a of [org.managementAccount, org.logArchiveAccount, org.auditAccount]) expect(a).toBe(byName(a.name));
  });

  test("the home location keeps the deployed names; another region's bucket, key and log bucket are its own", () => {
    const a = withRecovery.accounts.find((x) => x.name === target.account.name)!;
    const org = withRecovery.organization.name;
    expect(a.stateLocations[a.homeRegion]).toEqual({
      region: a.homeRegion,
      bucket: a.stateBucket,
      kmsKeyArn: a.stateKmsKeyArn,
      accessLogBucket: `${org}-tfstate-access-logs-${a.id}`,
    });
    expect(a.stateLocations[backupRegion]).toEqual({
      region: backupRegion,
      bucket: `${org}-tfstate-${a.id}-${backupRegion}`,
      kmsKeyArn: `arn:aws:kms:${backupRegion}:${a.id}:${a.stateKmsAliasName}`,
      accessLogBucket: `${org}-tfstate-logs-${a.id}-${backupRegion}`,
    });
  });

  test("the longest organization name the schema allows fits S3's bucket name limit in the longest region", () => {
    const name = accountsSchema.shape.organization.shape.name;
    let longest = 1;
    while (name.safeParse("a".repeat(longest + 1)).success) longest++;
    expect(longest).toBeLessThan(100);
    const region = [...REGION_NAMES].sort((x, y) => y.length - x.length)[0]!;
    const names = {
      organizationName: "a".repeat(longest),
      partition: "aws",
      accountId: "123456789012",
      homeRegion: "us-east-1",
      kmsAliasName: "alias/x",
    };
    const location = stateLocation(names, region);
    for (const bucket of [location.bucket, location.accessLogBucket]) expect(bucket.length).toBeLessThanOrEqual(S3_BUCKET_NAME_MAX_LENGTH);
  });

  test("a state bucket name longer than S3 allows is refused at the field that placed stacks in that region", () => {
    // Accounts with their home location only, as the loader has them before the environments are known.
    const bare = withRecovery.accounts.map((a) => ({ ...a, stateLocations: { [a.homeRegion]: a.stateLocations[a.homeRegion]! } }));
    const environments = withRecovery.environments.map((e) => ({ ...e, account: bare.find((a) => a.name === e.account.name)! }));
    const organization = { ...withRecovery.organization, name: "o".repeat(30) };
    const a = target.account;
    const logs = `${"o".repeat(30)}-tfstate-logs-${a.id}-${backupRegion}`;
    const result = withStateLocations(organization, bare, environments, "environments/accounts.yaml");
    expect(result.problems.map(formatProblem)).toEqual([
      `${withRecovery.environments.find((e) => e.name === target.name)!.file}: postgres.backupReplicationRegion: a region whose state bucket name for account ${a.name} fits S3's 63 characters: "${logs}" has ${logs.length} (shorten organization.name in environments/accounts.yaml) (got "${backupRegion}")`,
    ]);
    // The organization name the files have fits.
    expect(withStateLocations(withRecovery.organization, bare, environments, "environments/accounts.yaml").problems).toEqual([]);
  });
});
