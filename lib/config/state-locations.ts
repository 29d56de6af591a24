import type { ConfigProblem } from "./problems";
import type { AccountConfig, EnvironmentConfig, OrganizationConfig, StateLocation } from "./model";
import { arn } from "../catalog/partitions";

/**
 * S3 bucket names are 3 to 63 characters long (Amazon S3 User Guide, "General purpose bucket naming
 * rules", docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html, read 2026-12-07).
 */
export const S3_BUCKET_NAME_MAX_LENGTH = 63;

/** The fields a state location is derived from. */
interface StateNames {
  readonly organizationName: string;
  readonly partition: string;
  readonly accountId: string;
  readonly homeRegion: string;
  readonly kmsAliasName: string;
}

/**
 * The state bucket of one region of an account. The home region's names predate regional buckets
 * and stay as deployed; another region's carry the region, since S3 bucket names are global.
 */
export function stateLocation(names: StateNames, region: string): StateLocation {
  const home = region === names.homeRegion;
  const suffix = home ? "" : `-${region}`;
  return {
    region,
    bucket: `${names.organizationName}-tfstate-${names.accountId}${suffix}`,
    // Aliases are regional: each region's key carries the same alias name.
    kmsKeyArn: arn({ partition: names.partition, service: "kms", region, account: names.accountId, resource: names.kmsAliasName }),
    accessLogBucket: home
      ? `${names.organizationName}-tfstate-access-logs-${names.accountId}`
      : `${names.organizationName}-tfstate-logs-${names.accountId}${suffix}`,
  };
}

/** A region where an account has stacks, and the field of which file puts them there. */
export interface StackPlacement {
  readonly account: string;
  readonly region: string;
  readonly file: string;
  readonly field: string;
}

/**
 * Where an environment's stacks run: its region, and the backup region when the recovery target is
 * on (the recovery network and data stacks; the same condition as lib/app.ts recoveryLayers). A
 * stack in any other region finds no state bucket: BaseStack refuses it, naming this function.
 */
export function environmentPlacements(env: EnvironmentConfig): StackPlacement[] {
  const at = (region: string, field: string): StackPlacement => ({ account: env.account.name, region, file: env.file, field });
  const dr = env.disasterRecovery;
  const backup = env.postgres.backupReplicationRegion;
  return [
    at(env.region, "region"),
    ...(dr.enabled && backup !== null && dr.vpcCidr !== null ? [at(backup, "postgres.backupReplicationRegion")] : []),
  ];
}

/**
 * Gives every account the state locations of the regions its stacks run in (the organization stack
 * in the management account, each environment's stacks in its account), and points the
 * environments and the organization at the completed accounts. Reports a derived bucket name longer
 * than S3 allows at the field that placed stacks in that region.
 */
export function withStateLocations(
  organization: OrganizationConfig,
  accounts: readonly AccountConfig[],
  environments: readonly EnvironmentConfig[],
  accountsFile: string,
): { organization: OrganizationConfig; accounts: AccountConfig[]; environments: EnvironmentConfig[]; problems: ConfigProblem[] } {
  const placements: StackPlacement[] = [
    { account: organization.managementAccount.name, region: organization.homeRegion, file: accountsFile, field: "organization.homeRegion" },
    ...environments.flatMap(environmentPlacements),
  ];
  const problems: ConfigProblem[] = [];
  const completed = new Map<string, AccountConfig>();
  for (const account of accounts) {
    const names: StateNames = {
      organizationName: organization.name,
      partition: account.partition,
      accountId: account.id,
      homeRegion: account.homeRegion,
      kmsAliasName: account.stateKmsAliasName,
    };
    const locations: Record<string, StateLocation> = { ...account.stateLocations };
    for (const p of placements.filter((x) => x.account === account.name && !(x.region in locations))) {
      const location = stateLocation(names, p.region);
      const tooLong = [location.bucket, location.accessLogBucket].filter((b) => b.length > S3_BUCKET_NAME_MAX_LENGTH);
      for (const bucket of tooLong)
        problems.push({
          file: p.file,
          field: p.field,
          message: `a region whose state bucket name for account ${account.name} fits S3's ${S3_BUCKET_NAME_MAX_LENGTH} characters: "${bucket}" has ${bucket.length} (shorten organization.name in ${accountsFile})`,
          value: p.region,
        });
      locations[p.region] = location;
    }
    // Sorted by region: synthesized output never depends on the order of the files.
    const sorted = Object.fromEntries(Object.entries(locations).sort(([a], [b]) => a.localeCompare(b)));
    completed.set(account.name, { ...account, stateLocations: sorted });
  }
  const done = (a: AccountConfig): AccountConfig => completed.get(a.name) ?? a;
  return {
    organization: {
      ...organization,
      managementAccount: done(organization.managementAccount),
      logArchiveAccount: done(organization.logArchiveAccount),
      auditAccount: done(organization.auditAccount),
    },
    accounts: accounts.map(done),
    environments: environments.map((e) => ({ ...e, account: done(e.account) })),
    problems,
  };
}

/** The state location of a stack's region, or an error naming what to change. */
export function stateLocationFor(account: AccountConfig, region: string, stack: string): StateLocation {
  const location = account.stateLocations[region];
  if (location) return location;
  throw new Error(
    `${stack}: account ${account.name} has no Terraform state bucket in ${region} (it has: ${Object.keys(account.stateLocations).join(", ")}); ` +
      "the regions an account's stacks run in come from lib/config/state-locations.ts (environmentPlacements): add the new stack's region there",
  );
}
