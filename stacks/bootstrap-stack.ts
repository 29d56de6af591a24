import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { AccountConfig, PlatformConfig } from "../lib/config/model";
import { BreakGlassAccess } from "../constructs/bootstrap/break-glass";
import { ENVIRONMENT_SERVICE_LINKED_ROLES, ServiceLinkedRoles } from "../constructs/bootstrap/service-linked-roles";
import { StateBackend } from "../constructs/bootstrap/state-backend";
import { TerraformRoles } from "../constructs/bootstrap/terraform-roles";
import { PERMISSION_SET_DEFINITIONS } from "../constructs/organization/identity-center";
import { BaseStack } from "./base-stack";
import { arn } from "../lib/catalog/partitions";
import { withTenant } from "../lib/config/tags";
import { stateLocationFor } from "../lib/config/state-locations";
import { definedOnly } from "../lib/defined";

export interface BootstrapStackProps {
  readonly account: AccountConfig;
  readonly config: PlatformConfig;
}

/**
 * Run once per account, with local state, before any other stack of that account: creates the S3
 * backends (bucket and KMS key, named as AccountConfig derives them: the home region's, and one per
 * other region where the account has stacks) and the Terraform roles with
 * the GitHub OIDC provider, and in accounts hosting environments the service-linked roles their
 * stacks name before the services would create them. Member accounts are reached through the role AWS Organizations created
 * with the account; the management account has none, so its provider assumes no role and uses the
 * operator's own administrator session (runbooks/bootstrap-new-account.md).
 */
export class BootstrapStack extends BaseStack {
  /** The home region's state (AccountConfig.stateBucket). */
  readonly stateBackend: StateBackend;
  /** The state of the account's other regions with stacks, one per region (AccountConfig.stateLocations). */
  readonly regionalStateBackends: StateBackend[];
  readonly roles: TerraformRoles;
  readonly breakGlass: BreakGlassAccess;
  /** Only in accounts that host at least one environment. */
  readonly serviceLinkedRoles?: ServiceLinkedRoles;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    const { account, config } = props;
    const org = config.organization;
    const isManagement = account.id === org.managementAccount.id;
    const environments = config.environments.filter((e) => e.account.name === account.name).map((e) => e.name);
    super(scope, id, {
      account,
      region: account.homeRegion,
      tags: withTenant(org.stackTags.bootstrap, account.tenant),
      stateBackend: "local",
      // "" = no role: the AWS provider skips assume_role for an empty role_arn (terraform-provider-aws PR #39328).
      defaultRoleArn: isManagement
        ? ""
        : arn({ partition: account.partition, service: "iam", account: account.id, resource: `role/${org.accountAccessRoleName}` }),
    });
    const home = stateLocationFor(account, account.homeRegion, id);
    this.stateBackend = new StateBackend(this, "StateBackend", {
      accountId: account.id,
      bucketName: home.bucket,
      // The alias BaseStack's backend names the key by (AccountConfig.stateKmsKeyArn).
      kmsAliasName: account.stateKmsAliasName,
      accessLogBucketName: home.accessLogBucket,
    });
    // The other regions' state (AccountConfig.stateLocations), each through a provider of its region.
    this.regionalStateBackends = Object.values(account.stateLocations)
      .filter((l) => l.region !== account.homeRegion)
      .map((l) => {
        const alias = `state_${l.region.replaceAll("-", "_")}`;
        const provider = new AwsProvider(this, `aws_${alias}`, {
          alias,
          region: l.region,
          ...definedOnly({
            allowedAccountIds: this.awsProvider.allowedAccountIds,
            assumeRole: this.awsProvider.assumeRole,
            defaultTags: this.awsProvider.defaultTags,
          }),
        });
        return new StateBackend(this, `StateBackend-${l.region}`, {
          accountId: account.id,
          bucketName: l.bucket,
          kmsAliasName: account.stateKmsAliasName,
          accessLogBucketName: l.accessLogBucket,
          provider,
        });
      });
    // Administrator access that works without Identity Center (runbooks/break-glass.md).
    this.breakGlass = new BreakGlassAccess(this, "BreakGlass", { accountId: account.id, managementAccountId: org.managementAccount.id });
    this.roles = new TerraformRoles(this, "TerraformRoles", {
      accountId: account.id,
      githubRepository: org.githubRepository,
      // The apply jobs run in the GitHub environment named after the platform environment.
      deployEnvironments: environments,
      // CI plans the organization stack (management) and the environments' stacks, nothing else.
      githubPlans: isManagement || environments.length > 0,
      ...(isManagement
        ? { memberPlanRoleArns: config.accounts.filter((a) => a.name !== account.name).map((a) => a.planRoleArn) }
        : { organizationPlanRoleArn: org.managementAccount.planRoleArn }),
      roleNames: org.roleNames,
      guarded: { roleNames: [this.breakGlass.role.name], userNames: this.breakGlass.user ? [this.breakGlass.user.name] : [] },
      administratorPermissionSetName: PERMISSION_SET_DEFINITIONS.admin.name,
      stateBucketName: home.bucket,
      stateKmsKeyArn: this.stateBackend.key.arn,
      regionalStateBuckets: this.regionalStateBackends.map((b) => ({ bucketName: b.bucket.bucketName, kmsKeyArn: b.key.arn })),
    });
    if (environments.length > 0) {
      this.serviceLinkedRoles = new ServiceLinkedRoles(this, "ServiceLinkedRoles", { services: ENVIRONMENT_SERVICE_LINKED_ROLES });
    }
  }
}
