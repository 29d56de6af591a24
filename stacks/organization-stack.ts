import type { Construct } from "constructs";
import { Fn, Op, TerraformVariable, Token } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { AccountConfig, PlatformConfig } from "../lib/config/model";
import { organizationRegions } from "../lib/config/organization-regions";
import { ORGANIZATIONAL_UNITS } from "../lib/config/schema";
import {
  AccountBaseline,
  AiServicesOptOut,
  AuditAccountServices,
  AuditLogArchive,
  AwsOrganization,
  BackupCopyVault,
  ConfigDeliveryBucket,
  CostBudgets,
  GuardDutyOrganization,
  IdentityCenterAccess,
  OrganizationTrail,
  organizationTrailArn,
  SecurityAlerts,
  SecurityEventForwarding,
  SecurityHubOrganization,
  ServiceControlPolicies,
  SessionTranscriptsBucket,
  serviceControlPolicyDocuments,
} from "../constructs/organization";
import { BaseStack } from "./base-stack";
import { crossAccountCopyTarget } from "./recovery-replication-stack";
import { BackupGlobalSettings } from "@cdktf/provider-aws/lib/backup-global-settings";
import { Partition } from "../constructs/core/partition";
import { serviceGap } from "../lib/catalog/partitions";
import { withTenant } from "../lib/config/tags";
import { required } from "../lib/defined";

export interface OrganizationStackProps {
  readonly config: PlatformConfig;
}

/**
 * The AWS Organization, run from the management account: OUs, accounts, SCPs, Identity Center,
 * the organization trail, GuardDuty, Config, Access Analyzer, budgets, and each account's security
 * baseline. Other accounts are reached through aliased providers (one per account; regional
 * resources name their region, AWS provider 6).
 */
export class OrganizationStack extends BaseStack {
  /** Regions the platform uses (derived from the environment files). */
  readonly regions: string[];
  /** Provider of each account by name; the management account's is the stack's default provider. */
  readonly accountProviders: Record<string, AwsProvider> = {};

  constructor(scope: Construct, id: string, props: OrganizationStackProps) {
    const { config } = props;
    const org = config.organization;
    const tags = org.stackTags.organization;
    super(scope, id, { account: org.managementAccount, region: org.homeRegion, tags });
    this.regions = organizationRegions(config);
    const management = org.managementAccount;

    // The role the member providers assume. Default: the role Organizations creates with each
    // account, which exists before any bootstrap and is the one principal the SCPs let change the
    // security baseline. A pull-request plan (role_arn = the management plan role, as CI passes it)
    // reads the members through their plan roles instead, with no extra variable.
    const memberRole = new TerraformVariable(this, "member_role_name", {
      type: "string",
      default: org.accountAccessRoleName,
      description:
        "Role the providers of member accounts assume when not planning with the plan role. Default: the Organizations account access role.",
    });
    const roleArn = this.roleArn;
    const memberRoleName = Token.asString(
      Fn.conditional(Op.eq(roleArn.stringValue, management.planRoleArn), org.roleNames.plan, memberRole.stringValue),
    );
    this.accountProviders[management.name] = this.awsProvider;
    for (const account of config.accounts) {
      if (account.id === management.id) continue;
      this.accountProviders[account.name] = new AwsProvider(this, `aws-${account.name}`, {
        alias: account.name,
        region: org.homeRegion,
        allowedAccountIds: [account.id],
        assumeRole: [{ roleArn: Partition.of(this).iamArn(account.id, `role/${memberRoleName}`), sessionName: `cdktf-${id}` }],
        defaultTags: [{ tags: withTenant(tags, account.tenant) }],
      });
    }
    const providerOf = (a: AccountConfig) => required(this.accountProviders[a.name], `provider of member account ${a.name}`);

    const organization = new AwsOrganization(this, "Organization", {
      accounts: config.accounts,
      organizationalUnits: ORGANIZATIONAL_UNITS.filter((u) => u !== "root"),
      managementAccountId: management.id,
      accountAccessRoleName: org.accountAccessRoleName,
    });

    const scpOptions = { allowedRegions: this.regions, baselineRoleName: org.accountAccessRoleName };
    new ServiceControlPolicies(this, "ServiceControlPolicies", {
      ...scpOptions,
      organizationName: org.name,
      // Every guardrail applies to every member account: attach at the root.
      targets: Object.fromEntries(Object.keys(serviceControlPolicyDocuments(scpOptions)).map((name) => [name, [organization.rootId]])),
    });

    new AiServicesOptOut(this, "AiServicesOptOut", { organizationName: org.name, targetIds: [organization.rootId] });

    new IdentityCenterAccess(this, "IdentityCenter", {
      instanceArn: org.identityCenter.instanceArn,
      groups: org.identityCenter.groups,
      assignments: config.accounts.map((a) => ({ accountName: a.name, accountId: a.id, permissionSets: a.permissionSets })),
    });

    const trailName = `${org.name}-organization`;
    const archive = new AuditLogArchive(this, "AuditLogArchive", {
      provider: providerOf(org.logArchiveAccount),
      organizationName: org.name,
      logArchiveAccountId: org.logArchiveAccount.id,
      auditAccountId: org.auditAccount.id,
      managementAccountId: management.id,
      organizationId: organization.organization.id,
      trailArn: organizationTrailArn(org.homeRegion, management.id, trailName, org.partition),
      configAccountIds: config.accounts.map((a) => a.id),
    });
    // AWS Config delivers to a bucket without Object Lock (it refuses locked ones); S3 replication
    // copies every delivery into the locked archive.
    const configDelivery = new ConfigDeliveryBucket(this, "ConfigDelivery", {
      provider: providerOf(org.logArchiveAccount),
      organizationName: org.name,
      logArchiveAccountId: org.logArchiveAccount.id,
      region: org.homeRegion,
      configAccountIds: config.accounts.map((a) => a.id),
      kmsKeyArn: archive.key.arn,
      accessLogBucketName: archive.accessLogBucket.bucketName,
      archive: archive.bucket,
    });
    new OrganizationTrail(this, "OrganizationTrail", {
      trailName,
      managementAccountId: management.id,
      region: org.homeRegion,
      bucketName: archive.bucket.bucketName,
      kmsKeyArn: archive.key.arn,
      // Who read or wrote the audit logs and the Terraform state (which maps every resource), in every region's state bucket.
      dataEventBucketNames: [
        archive.archiveBucketName,
        ...config.accounts.flatMap((a) => Object.values(a.stateLocations).map((l) => l.bucket)),
      ],
      dependsOn: [archive.bucket.bucket, archive.bucket.policy, archive.key, organization.organization],
    });

    for (const region of this.regions) {
      new GuardDutyOrganization(this, `GuardDuty-${region}`, {
        region,
        managementProvider: this.awsProvider,
        auditProvider: providerOf(org.auditAccount),
        auditAccountId: org.auditAccount.id,
        dependsOn: [organization.organization],
      });
    }
    new AuditAccountServices(this, "AuditAccountServices", {
      managementProvider: this.awsProvider,
      auditProvider: providerOf(org.auditAccount),
      organizationName: org.name,
      auditAccountId: org.auditAccount.id,
      homeRegion: org.homeRegion,
      regions: this.regions,
      dependsOn: [organization.organization],
    });

    new SecurityHubOrganization(this, "SecurityHub", {
      managementProvider: this.awsProvider,
      auditProvider: providerOf(org.auditAccount),
      auditAccountId: org.auditAccount.id,
      homeRegion: org.homeRegion,
      regions: this.regions,
      rootId: organization.rootId,
      dependsOn: [organization.organization],
    });
    // Security events of every account and region go to one bus in the audit account, whose rules
    // page the security on-call.
    const securityAlerts = new SecurityAlerts(this, "SecurityAlerts", {
      provider: providerOf(org.auditAccount),
      organizationName: org.name,
      auditAccountId: org.auditAccount.id,
      organizationId: organization.organization.id,
      region: org.homeRegion,
      subscriptions: config.organization.securityAlerts,
    });
    for (const account of config.accounts) {
      const audit = account.id === org.auditAccount.id;
      new SecurityEventForwarding(this, `SecurityEventForwarding-${account.name}`, {
        provider: providerOf(account),
        organizationName: org.name,
        accountId: account.id,
        regions: this.regions,
        busArn: securityAlerts.bus.arn,
        busRegion: org.homeRegion,
        // The audit account also forwards the findings it administers: GuardDuty's from every
        // region, Security Hub's from the aggregation region.
        origins: audit
          ? { cloudtrail: this.regions, guardduty: this.regions, securityhub: [org.homeRegion] }
          : { cloudtrail: this.regions },
      });
    }

    for (const account of config.accounts) {
      new AccountBaseline(this, `Baseline-${account.name}`, {
        provider: providerOf(account),
        accountId: account.id,
        regions: this.regions,
        globalResourcesRegion: org.homeRegion,
        configBucketName: configDelivery.bucket.bucketName,
        configKmsKeyArn: archive.key.arn,
        deliveryDependsOn: [configDelivery.bucket.policy, archive.key],
      });
    }

    // Session Manager transcripts of every environment account (docs/access.md): applied before any
    // environment's data stack names the bucket in its session preferences.
    if (config.environments.length > 0)
      new SessionTranscriptsBucket(this, "SessionTranscripts", {
        provider: providerOf(org.logArchiveAccount),
        organizationName: org.name,
        partition: org.partition,
        logArchiveAccountId: org.logArchiveAccount.id,
        homeRegion: org.homeRegion,
        auditAccountId: org.auditAccount.id,
        organizationId: organization.organization.id,
        writerAccountIds: config.environments.map((e) => e.account.id),
        accessLogBucketName: archive.accessLogBucket.bucketName,
      });

    this.addBackupCopyVaults(config, organization.organization.id, providerOf(org.logArchiveAccount));

    // GovCloud (US) has no AWS Budgets endpoint: its accounts are billed, and budgeted, through
    // their paired commercial account (lib/catalog/partitions.ts); docs/tenants.md, "Budgets".
    if (!serviceGap(org.partition, "budgets", org.homeRegion)) {
      new CostBudgets(this, "Budgets", {
        organizationName: org.name,
        organizationMonthlyUsd: org.monthlyBudgetUsd,
        accounts: config.accounts,
        alertEmails: org.budgetAlertEmails,
      });
    }
  }

  /**
   * Cross-account copies of the RDS recovery points of environments with disasterRecovery on
   * (runbooks/region-loss.md): cross-account backup switched on for the organization, which only
   * the management account can do (UpdateGlobalSettings, AWS Backup API Reference,
   * https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateGlobalSettings.html, read
   * 2026-12-07), and one locked vault per environment in the log-archive account. Both exist
   * before the environment's recovery-replication stack names the vault in its plan.
   */
  private addBackupCopyVaults(config: PlatformConfig, organizationId: string, logArchive: AwsProvider): void {
    const targets = config.environments.flatMap((env) => {
      const target = crossAccountCopyTarget(env, config.organization.logArchiveAccount.id);
      return target ? [{ env, target }] : [];
    });
    if (targets.length === 0) return;
    new BackupGlobalSettings(this, "BackupCrossAccountCopies", { globalSettings: { isCrossAccountBackupEnabled: "true" } });
    for (const { env, target } of targets) {
      new BackupCopyVault(this, `BackupCopyVault-${env.name}`, {
        provider: logArchive,
        region: target.region,
        vaultName: target.vaultName,
        vaultArn: target.vaultArn,
        accountId: target.accountId,
        organizationId,
        sourceAccountIds: [env.account.id],
        minRetentionDays: target.retentionDays,
        // Production copies are the last line against a compromised production account: no one
        // may shorten or delete them. Other tiers keep a lock an administrator can lift.
        lockMode: env.tier === "production" ? "compliance" : "governance",
      });
    }
  }
}
