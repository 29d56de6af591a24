import { Construct } from "constructs";
import { OrganizationsPolicy } from "@cdktf/provider-aws/lib/organizations-policy";
import { OrganizationsPolicyAttachment } from "@cdktf/provider-aws/lib/organizations-policy-attachment";
import { Partition } from "../core/partition";
import { arn } from "../../lib/catalog/partitions";
import { PropsProblems } from "../kit/validation";
import { policyDocument, type PolicyDocument } from "../kit/policy-document";

/**
 * Largest SCP document AWS Organizations accepts, in characters
 * (docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html: "Maximum size of a policy document").
 */
export const SCP_MAX_CHARACTERS = 5120;

/**
 * Services whose endpoints are global (most are served from us-east-1) or that bill and govern the
 * whole account: the region deny exempts them, or the console and billing break everywhere. Compiled
 * from the AWS Organizations example "Deny access to AWS based on the requested AWS Region"
 * (docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html)
 * and the Control Tower region deny control (docs.aws.amazon.com/controltower/latest/controlreference/primary-region-deny-policy.html),
 * trimmed to services this platform uses.
 */
export const GLOBAL_SERVICE_ACTIONS = [
  "account:*",
  "aws-marketplace:*",
  "aws-portal:*",
  "billing:*",
  "budgets:*",
  "ce:*",
  "cloudfront:*",
  "cur:*",
  "ec2:DescribeRegions",
  "freetier:*",
  "globalaccelerator:*",
  "health:*",
  "iam:*",
  "invoicing:*",
  "organizations:*",
  "payments:*",
  "pricing:*",
  "route53:*",
  "route53domains:*",
  "s3:GetAccountPublicAccessBlock",
  "s3:ListAllMyBuckets",
  "s3:PutAccountPublicAccessBlock",
  "shield:*",
  "sts:*",
  "support:*",
  "tax:*",
  "trustedadvisor:*",
  "waf:*",
  "wellarchitected:*",
] as const;

/** Actions that would blind the audit trail: stopping or deleting CloudTrail, GuardDuty, Config, Access Analyzer. */
export const SECURITY_SERVICE_ACTIONS = [
  "cloudtrail:DeleteTrail",
  "cloudtrail:PutEventSelectors",
  "cloudtrail:StopLogging",
  "cloudtrail:UpdateTrail",
  "guardduty:DeleteDetector",
  "guardduty:DeleteMembers",
  "guardduty:DisassociateFromAdministratorAccount",
  "guardduty:DisassociateFromMasterAccount",
  "guardduty:DisassociateMembers",
  "guardduty:StopMonitoringMembers",
  "guardduty:UpdateDetector",
  "config:DeleteConfigurationRecorder",
  "config:DeleteDeliveryChannel",
  "config:PutConfigurationRecorder",
  "config:PutDeliveryChannel",
  "config:StopConfigurationRecorder",
  "access-analyzer:DeleteAnalyzer",
] as const;

/**
 * Actions that would disable an account's S3 Block Public Access. Both the S3 Control
 * PutPublicAccessBlock and DeletePublicAccessBlock APIs are authorized by this one action (Amazon S3
 * API reference, "DeletePublicAccessBlock (S3 Control)", Permissions; read 2026-12-02): there is no
 * `s3:DeleteAccountPublicAccessBlock` action, and naming it matched nothing (test/iam).
 */
export const PUBLIC_ACCESS_BLOCK_ACTIONS = ["s3:PutAccountPublicAccessBlock"] as const;

export interface ServiceControlPolicyOptions {
  /** Regions where regional services may be used. */
  readonly allowedRegions: readonly string[];
  /**
   * Role (name) the organization stack manages every account's security baseline through: exempt
   * from the baseline-protecting denies, so those settings change only through reviewed code.
   */
  readonly baselineRoleName: string;
  /**
   * The organization's AWS partition (lib/catalog/partitions.ts), the prefix of the principal ARNs.
   * @default "aws"
   */
  readonly partition?: string;
}

/** The SCP documents, by policy name. Pure data, so tests parse and assert them directly. */
export function serviceControlPolicyDocuments(options: ServiceControlPolicyOptions): Record<string, PolicyDocument> {
  const iam = (resource: string) => arn({ partition: options.partition ?? "aws", service: "iam", account: "*", resource });
  const exceptBaselineRole = { ArnNotLike: { "aws:PrincipalARN": iam(`role/${options.baselineRoleName}`) } };
  return {
    "deny-leaving-organization": policyDocument({
      Sid: "DenyLeavingOrganization",
      Effect: "Deny",
      Action: "organizations:LeaveOrganization",
      Resource: "*",
    }),
    "protect-security-services": policyDocument({
      Sid: "DenyStoppingAuditServices",
      Effect: "Deny",
      Action: [...SECURITY_SERVICE_ACTIONS],
      Resource: "*",
      Condition: exceptBaselineRole,
    }),
    "deny-unused-regions": policyDocument({
      Sid: "DenyRegionsOutsideTheEnvironments",
      Effect: "Deny",
      NotAction: [...GLOBAL_SERVICE_ACTIONS],
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestedRegion": [...options.allowedRegions].sort() } },
    }),
    "deny-root-user": policyDocument({
      Sid: "DenyRootUser",
      Effect: "Deny",
      Action: "*",
      Resource: "*",
      Condition: { StringLike: { "aws:PrincipalArn": iam("root") } },
    }),
    "protect-s3-public-access-block": policyDocument({
      Sid: "DenyChangingAccountPublicAccessBlock",
      Effect: "Deny",
      Action: [...PUBLIC_ACCESS_BLOCK_ACTIONS],
      Resource: "*",
      Condition: exceptBaselineRole,
    }),
  };
}

export interface ServiceControlPoliciesProps extends ServiceControlPolicyOptions {
  /** Organization prefix of the policy names. */
  readonly organizationName: string;
  /** Where each policy is attached (the root or an OU id), by policy name. Default: the root for all. */
  readonly targets: Readonly<Record<string, readonly string[]>>;
}

/**
 * The organization's guardrails as SCPs. SCPs never restrict the management account (docs:
 * "SCPs don't affect users or roles in the management account"), so its own protection relies on
 * Identity Center permission sets and the absence of IAM users.
 */
export class ServiceControlPolicies extends Construct {
  readonly documents: Record<string, PolicyDocument>;
  readonly policies: Record<string, OrganizationsPolicy> = {};

  constructor(scope: Construct, id: string, props: ServiceControlPoliciesProps) {
    super(scope, id);
    this.documents = serviceControlPolicyDocuments({ partition: Partition.of(this).id, ...props });
    const problems = new PropsProblems(this);
    problems.require(props.allowedRegions.length > 0, "allowedRegions", props.allowedRegions, "at least one region");
    for (const [name, document] of Object.entries(this.documents)) {
      const size = JSON.stringify(document).length;
      problems.require(
        size <= SCP_MAX_CHARACTERS,
        `policy ${name}`,
        `${size} characters`,
        `at most ${SCP_MAX_CHARACTERS} characters (the AWS Organizations limit)`,
      );
      problems.require(Boolean(props.targets[name]?.length), `targets.${name}`, props.targets[name], "at least one root or OU id");
    }
    for (const name of Object.keys(props.targets))
      problems.require(name in this.documents, "targets", name, `names of policies: ${Object.keys(this.documents).join(", ")}`);
    problems.throwIfAny();

    for (const [name, document] of Object.entries(this.documents)) {
      const policy = new OrganizationsPolicy(this, name, {
        name: `${props.organizationName}-${name}`,
        description: document.Statement.map((s) => s.Sid).join(", "),
        type: "SERVICE_CONTROL_POLICY",
        content: JSON.stringify(document),
      });
      this.policies[name] = policy;
      // Validated above: every policy has at least one target.
      (props.targets[name] ?? []).forEach((targetId, i) => {
        new OrganizationsPolicyAttachment(this, `${name}-attachment-${i}`, { policyId: policy.id, targetId });
      });
    }
  }
}
