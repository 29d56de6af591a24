import { Construct } from "constructs";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { GuarddutyDetector } from "@cdktf/provider-aws/lib/guardduty-detector";
import { GuarddutyDetectorFeature } from "@cdktf/provider-aws/lib/guardduty-detector-feature";
import { GuarddutyOrganizationAdminAccount } from "@cdktf/provider-aws/lib/guardduty-organization-admin-account";
import { GuarddutyOrganizationConfiguration } from "@cdktf/provider-aws/lib/guardduty-organization-configuration";
import { GuarddutyOrganizationConfigurationFeature } from "@cdktf/provider-aws/lib/guardduty-organization-configuration-feature";
import { PropsProblems } from "../kit/validation";

/**
 * GuardDuty protection plans enabled in every account, with the agent add-ons GuardDuty manages.
 * Names from the GuardDuty API (DetectorFeatureConfiguration / OrganizationFeatureConfiguration).
 * RUNTIME_MONITORING supersedes EKS_RUNTIME_MONITORING; only the EKS add-on is managed (the
 * platform runs no ECS or bare EC2 workloads).
 */
export const GUARDDUTY_FEATURES: readonly { readonly name: string; readonly additional?: readonly string[] }[] = [
  { name: "S3_DATA_EVENTS" },
  { name: "EKS_AUDIT_LOGS" },
  { name: "EBS_MALWARE_PROTECTION" },
  { name: "RDS_LOGIN_EVENTS" },
  { name: "RUNTIME_MONITORING", additional: ["EKS_ADDON_MANAGEMENT"] },
];

export interface GuardDutyOrganizationProps {
  /** Region this instance covers (GuardDuty is regional). */
  readonly region: string;
  /** Management account provider: designates the delegated administrator. */
  readonly managementProvider: TerraformProvider;
  /** Audit account provider: owns the administrator detector and the organization configuration. */
  readonly auditProvider: TerraformProvider;
  readonly auditAccountId: string;
  /**
   * What must exist first: the organization with trusted access for GuardDuty.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * GuardDuty for the whole organization in one region: the audit account is delegated
 * administrator, and every current and future member is enrolled (auto-enable ALL) with all
 * protection plans of GUARDDUTY_FEATURES.
 */
export class GuardDutyOrganization extends Construct {
  readonly detector: GuarddutyDetector;

  constructor(scope: Construct, id: string, props: GuardDutyOrganizationProps) {
    super(scope, id);
    new PropsProblems(this)
      .require(/^\d{12}$/.test(props.auditAccountId), "auditAccountId", props.auditAccountId, "12 digits")
      .throwIfAny();
    const { region, auditProvider } = props;

    // The administrator's own detector exists first, so designating the administrator does not
    // create one Terraform would not know about.
    this.detector = new GuarddutyDetector(this, "Detector", {
      provider: auditProvider,
      region,
      enable: true,
      findingPublishingFrequency: "FIFTEEN_MINUTES",
    });
    for (const f of GUARDDUTY_FEATURES) {
      new GuarddutyDetectorFeature(this, `detector-${f.name}`, {
        provider: auditProvider,
        region,
        detectorId: this.detector.id,
        name: f.name,
        status: "ENABLED",
        ...(f.additional ? { additionalConfiguration: f.additional.map((name) => ({ name, status: "ENABLED" })) } : {}),
      });
    }
    const admin = new GuarddutyOrganizationAdminAccount(this, "AdminAccount", {
      provider: props.managementProvider,
      region,
      adminAccountId: props.auditAccountId,
      dependsOn: [this.detector, ...(props.dependsOn ?? [])],
    });
    const orgConfig = new GuarddutyOrganizationConfiguration(this, "OrganizationConfiguration", {
      provider: auditProvider,
      region,
      detectorId: this.detector.id,
      autoEnableOrganizationMembers: "ALL",
      dependsOn: [admin],
    });
    for (const f of GUARDDUTY_FEATURES) {
      new GuarddutyOrganizationConfigurationFeature(this, `organization-${f.name}`, {
        provider: auditProvider,
        region,
        detectorId: this.detector.id,
        name: f.name,
        autoEnable: "ALL",
        ...(f.additional ? { additionalConfiguration: f.additional.map((name) => ({ name, autoEnable: "ALL" })) } : {}),
        dependsOn: [orgConfig],
      });
    }
  }
}
