import { Construct } from "constructs";
import { OrganizationsAccount } from "@cdktf/provider-aws/lib/organizations-account";
import { OrganizationsOrganization } from "@cdktf/provider-aws/lib/organizations-organization";
import { OrganizationsOrganizationalUnit } from "@cdktf/provider-aws/lib/organizations-organizational-unit";
import { PropsProblems } from "../kit/validation";
import { required } from "../../lib/defined";

/**
 * AWS services given trusted access to the organization, each because a resource here needs it:
 * the organization trail, GuardDuty and its malware scans, the Config aggregator and organization
 * rules, Identity Center, the organization-wide Access Analyzer, Security Hub, and AWS Backup: its
 * cross-account backup setting (aws_backup_global_settings, organization stack, when an environment
 * enables disasterRecovery) is an organization feature; AWS Backup Developer Guide, "Creating backup
 * copies across AWS accounts" (read 2026-12-07) has it turned on from the management account with
 * the organization's AWS Backup integration enabled.
 */
export const SERVICE_ACCESS_PRINCIPALS = [
  "access-analyzer.amazonaws.com",
  "backup.amazonaws.com",
  "cloudtrail.amazonaws.com",
  "config-multiaccountsetup.amazonaws.com",
  "config.amazonaws.com",
  "guardduty.amazonaws.com",
  "malware-protection.guardduty.amazonaws.com",
  "securityhub.amazonaws.com",
  "sso.amazonaws.com",
] as const;

/** An account of the organization, as the accounts file names it. */
export interface OrganizationAccount {
  readonly name: string;
  readonly id: string;
  /** Root e-mail address of the account. */
  readonly email: string;
  /** One of the organizational units, or `root` (the management account only). */
  readonly organizationalUnit: string;
}

export interface AwsOrganizationProps {
  /** Every account of the accounts file; the management account is the organization's payer, not created here. */
  readonly accounts: readonly OrganizationAccount[];
  /** Organizational units created under the root, one per workload class (never `root` itself). */
  readonly organizationalUnits: readonly string[];
  /** The management account (runs this stack; must not be created as a member). */
  readonly managementAccountId: string;
  /** Role Organizations creates in each new account, trusted by the management account. */
  readonly accountAccessRoleName: string;
}

/**
 * The organization with all features, one OU per workload class, and every member account. Accounts
 * are never closed by Terraform (close_on_deletion false) and refuse `destroy` (prevent_destroy):
 * removing one is a deliberate, manual procedure.
 */
export class AwsOrganization extends Construct {
  readonly organization: OrganizationsOrganization;
  /** The root's id (`r-...`), target of organization-wide SCPs. */
  readonly rootId: string;
  /** Organizational units by name. */
  readonly organizationalUnits: Readonly<Record<string, OrganizationsOrganizationalUnit>>;
  /** Member accounts by name. */
  readonly accounts: Record<string, OrganizationsAccount> = {};

  constructor(scope: Construct, id: string, props: AwsOrganizationProps) {
    super(scope, id);
    const problems = new PropsProblems(this);
    const management = props.accounts.find((a) => a.id === props.managementAccountId);
    problems.require(
      management !== undefined,
      "managementAccountId",
      props.managementAccountId,
      `one of the accounts (${props.accounts.map((a) => a.id).join(", ")})`,
    );
    problems.require(
      !props.organizationalUnits.includes("root"),
      "organizationalUnits",
      props.organizationalUnits,
      "units under the root, not root itself",
    );
    for (const a of props.accounts) {
      if (a.id === props.managementAccountId) continue;
      problems.require(
        props.organizationalUnits.includes(a.organizationalUnit),
        `accounts.${a.name}.organizationalUnit`,
        a.organizationalUnit,
        `one of the organizational units (${props.organizationalUnits.join(", ")}): only the management account stays at the root`,
      );
    }
    problems.throwIfAny();

    this.organization = new OrganizationsOrganization(this, "Resource", {
      featureSet: "ALL",
      awsServiceAccessPrincipals: [...SERVICE_ACCESS_PRINCIPALS],
      enabledPolicyTypes: ["AISERVICES_OPT_OUT_POLICY", "SERVICE_CONTROL_POLICY"],
      lifecycle: { preventDestroy: true },
    });
    this.rootId = this.organization.roots.get(0).id;

    this.organizationalUnits = Object.fromEntries(
      props.organizationalUnits.map((name) => [
        name,
        new OrganizationsOrganizationalUnit(this, `ou-${name}`, { name, parentId: this.rootId, lifecycle: { preventDestroy: true } }),
      ]),
    );

    for (const a of props.accounts) {
      if (a.id === props.managementAccountId) continue;
      this.accounts[a.name] = new OrganizationsAccount(this, `account-${a.name}`, {
        name: a.name,
        email: a.email,
        parentId: required(this.organizationalUnits[a.organizationalUnit], `organizational unit ${a.organizationalUnit} (validated above)`)
          .id,

        roleName: props.accountAccessRoleName,
        closeOnDeletion: false,
        // Organizations does not return these after creation; ignoring them avoids a forced
        // replacement (a new account) when an existing account is imported.
        lifecycle: { preventDestroy: true, ignoreChanges: ["role_name", "iam_user_access_to_billing"] },
      });
    }
  }
}
