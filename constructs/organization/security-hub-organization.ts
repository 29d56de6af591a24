import { Construct } from "constructs";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { SecurityhubAccount } from "@cdktf/provider-aws/lib/securityhub-account";
import { SecurityhubConfigurationPolicy } from "@cdktf/provider-aws/lib/securityhub-configuration-policy";
import { SecurityhubConfigurationPolicyAssociation } from "@cdktf/provider-aws/lib/securityhub-configuration-policy-association";
import { SecurityhubFindingAggregator } from "@cdktf/provider-aws/lib/securityhub-finding-aggregator";
import { SecurityhubOrganizationAdminAccount } from "@cdktf/provider-aws/lib/securityhub-organization-admin-account";
import { SecurityhubOrganizationConfiguration } from "@cdktf/provider-aws/lib/securityhub-organization-configuration";
import { Partition } from "../core/partition";
import { arn } from "../../lib/catalog/partitions";
import { PropsProblems } from "../kit/validation";

/**
 * The standards every account runs, as Security Hub standard ARNs in a region: AWS Foundational
 * Security Best Practices v1.0.0 and CIS AWS Foundations Benchmark v3.0.0 (Security Hub User Guide,
 * "Standards reference"; read 2026-12-07).
 */
export function securityHubStandardArns(region: string, partition: string): string[] {
  return ["aws-foundational-security-best-practices/v/1.0.0", "cis-aws-foundations-benchmark/v/3.0.0"].map((standard) =>
    arn({ partition, service: "securityhub", region, resource: `standards/${standard}` }),
  );
}

export interface SecurityHubOrganizationProps {
  /** Management account provider: designates the delegated administrator. */
  readonly managementProvider: TerraformProvider;
  /** Audit account provider: the delegated administrator, owner of the central configuration. */
  readonly auditProvider: TerraformProvider;
  readonly auditAccountId: string;
  /** The organization's home region: Security Hub's aggregation and configuration region. */
  readonly homeRegion: string;
  /** Regions the platform uses; every other region is linked to the home region. */
  readonly regions: readonly string[];
  /** Where the configuration policy applies: the organization's root id. */
  readonly rootId: string;
  /**
   * What must exist first: the organization with trusted access for Security Hub.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Security Hub for the whole organization under central configuration: the audit account is the
 * delegated administrator, findings of every region used are aggregated in the home region, and one
 * configuration policy, applied at the root, enables Security Hub with the standards of
 * securityHubStandardArns in every current and future account and region used. Central
 * configuration needs the aggregator first and the local auto-enable settings off (Security Hub
 * User Guide, "Start using central configuration"; read 2026-12-07).
 */
export class SecurityHubOrganization extends Construct {
  readonly policy: SecurityhubConfigurationPolicy;

  constructor(scope: Construct, id: string, props: SecurityHubOrganizationProps) {
    super(scope, id);
    new PropsProblems(this)
      .require(/^\d{12}$/.test(props.auditAccountId), "auditAccountId", props.auditAccountId, "12 digits")
      .require(props.regions.includes(props.homeRegion), "homeRegion", props.homeRegion, `one of regions (${props.regions.join(", ")})`)
      .throwIfAny();
    const { auditProvider, homeRegion: region } = props;

    // The administrator's own Security Hub exists first; its default standards stay off because the
    // configuration policy decides them.
    const account = new SecurityhubAccount(this, "AuditAccount", {
      provider: auditProvider,
      region,
      enableDefaultStandards: false,
      autoEnableControls: true,
    });
    const admin = new SecurityhubOrganizationAdminAccount(this, "AdminAccount", {
      provider: props.managementProvider,
      region,
      adminAccountId: props.auditAccountId,
      dependsOn: [account, ...(props.dependsOn ?? [])],
    });
    const linked = props.regions.filter((r) => r !== region);
    const aggregator = new SecurityhubFindingAggregator(this, "FindingAggregator", {
      provider: auditProvider,
      region,
      linkingMode: linked.length > 0 ? "SPECIFIED_REGIONS" : "NO_REGIONS",
      ...(linked.length > 0 ? { specifiedRegions: linked } : {}),
      dependsOn: [admin],
    });
    const central = new SecurityhubOrganizationConfiguration(this, "OrganizationConfiguration", {
      provider: auditProvider,
      region,
      autoEnable: false,
      autoEnableStandards: "NONE",
      organizationConfiguration: { configurationType: "CENTRAL" },
      dependsOn: [aggregator],
    });
    this.policy = new SecurityhubConfigurationPolicy(this, "ConfigurationPolicy", {
      provider: auditProvider,
      region,
      name: "organization-baseline",
      description: "Security Hub on, with AWS Foundational Security Best Practices and CIS AWS Foundations Benchmark, in every account",
      configurationPolicy: {
        serviceEnabled: true,
        enabledStandardArns: securityHubStandardArns(region, Partition.of(this).id),
        // Listing no disabled control enables every control, new ones included.
        securityControlsConfiguration: { disabledControlIdentifiers: [] },
      },
      dependsOn: [central],
    });
    new SecurityhubConfigurationPolicyAssociation(this, "RootAssociation", {
      provider: auditProvider,
      region,
      targetId: props.rootId,
      policyId: this.policy.id,
    });
  }
}
