import type { Tier } from "./types";
import type { ResidencyZone } from "./residency";
import type { AlertSubscription } from "./sections/alerts";
import type { SectionConfigs } from "./sections/registry";
import type { ORGANIZATIONAL_UNITS, PERMISSION_SETS } from "./schema";
import type { PartitionId } from "../catalog/partitions";

export type PermissionSetName = (typeof PERMISSION_SETS)[number];

/** An AWS account with every derived name filled in: what stacks need to target it. */
export interface AccountConfig {
  readonly name: string;
  readonly id: string;
  readonly email: string;
  readonly organizationalUnit: (typeof ORGANIZATIONAL_UNITS)[number];
  /** The customer whose dedicated install the account holds (docs/tenants.md), or null for a shared account. */
  readonly tenant: string | null;
  /** The AWS partition of the account: its organization's (accounts.yaml `organization.partition`). */
  readonly partition: PartitionId;
  /** Region of the account's state bucket. */
  readonly homeRegion: string;
  /** Role `cdktf deploy` assumes in this account. */
  readonly deployRoleArn: string;
  /** Read-only role pull-request plans assume. */
  readonly planRoleArn: string;
  /** Role the S3 backend assumes to read and write state (applies). */
  readonly stateRoleArn: string;
  /**
   * Role that can only read state: plans and drift checks (backend override at `terraform init`)
   * and every stack's `terraform_remote_state` lookups.
   */
  readonly stateReadRoleArn: string;
  /** State bucket created by the account's bootstrap stack. */
  readonly stateBucket: string;
  /** KMS key (alias ARN) that encrypts the state objects. */
  readonly stateKmsKeyArn: string;
  /** The same key's alias name (`alias/<organization>-tfstate`), which the bootstrap stack creates. */
  readonly stateKmsAliasName: string;
  /**
   * Where the account's stacks keep state, by the stack's region: the home region's bucket above, and
   * one `<organization>-tfstate-<account id>-<region>` bucket per other region where the account has
   * stacks (lib/config/state-locations.ts), so a region's stacks stay applicable when another region
   * is lost (runbooks/region-loss.md). The bootstrap stack creates them all.
   */
  readonly stateLocations: Readonly<Record<string, StateLocation>>;
  readonly clusterAccess: { readonly admin: readonly string[]; readonly readOnly: readonly string[] };
  /** Monthly cost budget of the account, USD. */
  readonly monthlyBudgetUsd: number;
  /** Identity Center permission sets assigned (to their groups) in this account. */
  readonly permissionSets: readonly PermissionSetName[];
}

/** One region's Terraform state bucket of an account, with the key and access-log bucket beside it. */
export interface StateLocation {
  readonly region: string;
  readonly bucket: string;
  /** KMS key (alias ARN, alias `AccountConfig.stateKmsAliasName` in this region) of the state objects. */
  readonly kmsKeyArn: string;
  /** Bucket in the same region receiving the state bucket's server access logs (SSE-S3). */
  readonly accessLogBucket: string;
}

/** Names of the Terraform roles, the same in every account. */
export interface TerraformRoleNames {
  readonly deploy: string;
  readonly plan: string;
  readonly state: string;
  readonly stateRead: string;
}

export interface OrganizationConfig {
  readonly name: string;
  /** The AWS partition of the organization and all its accounts (lib/catalog/partitions.ts). */
  readonly partition: PartitionId;
  readonly managementAccount: AccountConfig;
  readonly homeRegion: string;
  readonly monthlyBudgetUsd: number;
  readonly team: string;
  readonly costCenter: string;
  readonly repository: string;
  readonly roleNames: TerraformRoleNames;
  /** GitHub repository (`owner/name`) trusted by the OIDC roles. */
  readonly githubRepository: string;
  readonly logArchiveAccount: AccountConfig;
  readonly auditAccount: AccountConfig;
  readonly budgetAlertEmails: readonly string[];
  /** The critical on-call route for organization-wide security events. */
  readonly securityAlerts: readonly AlertSubscription[];
  /** Default tags of the organization stack and of the accounts' bootstrap stacks. */
  readonly stackTags: { readonly organization: Readonly<Record<string, string>>; readonly bootstrap: Readonly<Record<string, string>> };
  /** Role Organizations creates in new accounts; bootstrap stacks assume it. */
  readonly accountAccessRoleName: string;
  readonly identityCenter: {
    readonly instanceArn: string;
    readonly identityStoreId: string;
    readonly groups: Readonly<Record<PermissionSetName, string>>;
  };
}

/**
 * One environment, fully resolved: file values over sizing-derived values over tier defaults. The
 * sections (network, kubernetes, clickhouse, ...) come from their declarations (sections/registry.ts).
 */
export interface EnvironmentConfig extends SectionConfigs {
  readonly name: string;
  /** The file it came from, relative to the repository root. */
  readonly file: string;
  readonly tier: Tier;
  readonly account: AccountConfig;
  readonly region: string;
  /** Where the environment's data must stay (lib/config/residency.ts), or null for no constraint. */
  readonly residency: ResidencyZone | null;
  readonly availabilityZones: readonly string[];
  readonly vpcCidr: string;
  readonly eventsPerMonth: number;
  readonly monthlyBudgetUsd: number | null;
  /** The customer of a dedicated install (docs/tenants.md), or null for a shared environment. */
  readonly tenant: string | null;
  /** Default tags of every resource in the environment (with `tenant` for a dedicated install). */
  readonly tags: Readonly<Record<string, string>>;
}

export interface PlatformConfig {
  readonly organization: OrganizationConfig;
  readonly accounts: readonly AccountConfig[];
  /** Sorted by name, so output never depends on directory order. */
  readonly environments: readonly EnvironmentConfig[];
}
