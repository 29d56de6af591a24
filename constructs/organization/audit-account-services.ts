import { Construct } from "constructs";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { ConfigConfigurationAggregator } from "@cdktf/provider-aws/lib/config-configuration-aggregator";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { OrganizationsDelegatedAdministrator } from "@cdktf/provider-aws/lib/organizations-delegated-administrator";
import { Partition } from "../core/partition";
import { PropsProblems } from "../kit/validation";
import { policyJson } from "../kit/policy-document";

/** Services the audit account administers for the organization (GuardDuty delegates through its own API). */
export const AUDIT_DELEGATED_SERVICES = ["access-analyzer.amazonaws.com", "config.amazonaws.com"] as const;

export interface AuditAccountServicesProps {
  readonly managementProvider: TerraformProvider;
  readonly auditProvider: TerraformProvider;
  readonly organizationName: string;
  readonly auditAccountId: string;
  /** Region of the Config aggregator (it aggregates all regions). */
  readonly homeRegion: string;
  /** Regions with an organization Access Analyzer (analyzers are regional). */
  readonly regions: readonly string[];
  /**
   * What must exist first: the organization with trusted access for these services.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The audit account as the organization's security console: delegated administrator of AWS
 * Config and IAM Access Analyzer, an organization-wide Config aggregator over all regions
 * (docs/reference/scanner-behaviour.md row 68), and an organization Access Analyzer in each region used.
 */
export class AuditAccountServices extends Construct {
  readonly aggregator: ConfigConfigurationAggregator;
  readonly analyzers: Record<string, AccessanalyzerAnalyzer> = {};

  constructor(scope: Construct, id: string, props: AuditAccountServicesProps) {
    super(scope, id);
    new PropsProblems(this)
      .require(/^\d{12}$/.test(props.auditAccountId), "auditAccountId", props.auditAccountId, "12 digits")
      .require(props.regions.includes(props.homeRegion), "homeRegion", props.homeRegion, `one of regions (${props.regions.join(", ")})`)
      .throwIfAny();

    const delegations = AUDIT_DELEGATED_SERVICES.map(
      (servicePrincipal) =>
        new OrganizationsDelegatedAdministrator(this, `delegated-${servicePrincipal.split(".")[0]}`, {
          provider: props.managementProvider,
          accountId: props.auditAccountId,
          servicePrincipal,
          ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
        }),
    );

    const role = new IamRole(this, "ConfigAggregatorRole", {
      provider: props.auditProvider,
      name: `${props.organizationName}-config-aggregator`,
      description: "AWS Config reads the organization's accounts for the aggregator",
      assumeRolePolicy: policyJson({
        Effect: "Allow",
        Principal: { Service: "config.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": props.auditAccountId } },
      }),
    });
    const attachment = new IamRolePolicyAttachment(this, "ConfigAggregatorPolicy", {
      provider: props.auditProvider,
      role: role.name,
      policyArn: Partition.of(this).managedPolicyArn("service-role/AWSConfigRoleForOrganizations"),
    });
    this.aggregator = new ConfigConfigurationAggregator(this, "ConfigAggregator", {
      provider: props.auditProvider,
      region: props.homeRegion,
      name: `${props.organizationName}-organization`,
      organizationAggregationSource: { allRegions: true, roleArn: role.arn },
      dependsOn: [...delegations, attachment],
    });

    for (const region of props.regions) {
      this.analyzers[region] = new AccessanalyzerAnalyzer(this, `access-analyzer-${region}`, {
        provider: props.auditProvider,
        region,
        analyzerName: `${props.organizationName}-organization`,
        type: "ORGANIZATION",
        dependsOn: delegations,
      });
    }
  }
}
