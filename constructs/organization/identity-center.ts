import { Construct } from "constructs";
import { SsoadminAccountAssignment } from "@cdktf/provider-aws/lib/ssoadmin-account-assignment";
import { SsoadminManagedPolicyAttachment } from "@cdktf/provider-aws/lib/ssoadmin-managed-policy-attachment";
import { SsoadminPermissionSet } from "@cdktf/provider-aws/lib/ssoadmin-permission-set";
import { SsoadminPermissionSetInlinePolicy } from "@cdktf/provider-aws/lib/ssoadmin-permission-set-inline-policy";
import { policyException } from "../../lib/policy";
import { publicSsmParameters } from "../bootstrap/terraform-roles";
import { Partition } from "../core/partition";
import { PropsProblems } from "../kit/validation";
import { policyJson, type PolicyStatement } from "../kit/policy-document";

export interface PermissionSetDefinition {
  /** Name shown in the access portal; IAM roles in the accounts are named `AWSReservedSSO_<name>_<suffix>`. */
  readonly name: string;
  readonly description: string;
  /** ISO 8601 duration of a console or CLI session. */
  readonly sessionDuration: string;
  readonly managedPolicies: readonly string[];
  /** Inline policy statements (denies), for the organization's partition (an ARN prefix). */
  readonly inlineStatements?: (partition: string) => readonly PolicyStatement[];
}

/**
 * The permission sets the accounts file may assign (its `permissionSets` and `identityCenter.groups`
 * use these keys; the organization stack only compiles while both lists agree).
 */
export const PERMISSION_SET_NAMES = ["admin", "sre", "read-only", "billing"] as const;
export type PermissionSetName = (typeof PERMISSION_SET_NAMES)[number];

/**
 * The permission sets. Shorter sessions for more power: an administrator session lasts one hour.
 * SRE works without IAM (PowerUserAccess); read-only may not read secret values.
 */
export const PERMISSION_SET_DEFINITIONS: Readonly<Record<PermissionSetName, PermissionSetDefinition>> = {
  admin: {
    name: "Admin",
    description: "Full administration, for break-glass and account setup",
    sessionDuration: "PT1H",
    managedPolicies: ["AdministratorAccess"],
  },
  sre: {
    name: "SRE",
    description: "Operate the platform: every service except IAM and Organizations",
    sessionDuration: "PT4H",
    managedPolicies: ["PowerUserAccess"],
  },
  "read-only": {
    name: "ReadOnly",
    description: "Read configuration and metrics; no secret values",
    sessionDuration: "PT8H",
    managedPolicies: ["ReadOnlyAccess"],
    inlineStatements: (partition) => [
      { Sid: "NoSecretValues", Effect: "Deny", Action: ["secretsmanager:GetSecretValue", "kms:Decrypt"], Resource: "*" },
      {
        Sid: "NoParameterValuesButAwsPublicOnes",
        Effect: "Deny",
        Action: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory"],
        NotResource: publicSsmParameters(partition),
      },
    ],
  },
  billing: {
    name: "Billing",
    description: "Billing, budgets and cost reports",
    sessionDuration: "PT4H",
    managedPolicies: ["job-function/Billing"],
  },
};

export interface IdentityCenterAccessProps {
  /** Identity Center instance ARN (data from the accounts file; synth looks nothing up). */
  readonly instanceArn: string;
  /** Identity store group id given each permission set. */
  readonly groups: Readonly<Record<PermissionSetName, string>>;
  /** Accounts and the permission sets their groups receive there. */
  readonly assignments: readonly {
    readonly accountName: string;
    readonly accountId: string;
    readonly permissionSets: readonly PermissionSetName[];
  }[];
}

/** IAM Identity Center permission sets, assigned to groups per account. People never get IAM users. */
export class IdentityCenterAccess extends Construct {
  readonly permissionSets: Record<PermissionSetName, SsoadminPermissionSet>;

  constructor(scope: Construct, id: string, props: IdentityCenterAccessProps) {
    super(scope, id);
    const problems = new PropsProblems(this);
    for (const a of props.assignments) {
      problems.require(/^\d{12}$/.test(a.accountId), `assignments.${a.accountName}.accountId`, a.accountId, "12 digits");
      const unknown = a.permissionSets.filter((p) => !PERMISSION_SET_NAMES.includes(p));
      problems.require(
        unknown.length === 0,
        `assignments.${a.accountName}.permissionSets`,
        unknown,
        `names among ${PERMISSION_SET_NAMES.join(", ")}`,
      );
    }
    problems.throwIfAny();

    this.permissionSets = {} as Record<PermissionSetName, SsoadminPermissionSet>;
    for (const key of PERMISSION_SET_NAMES) {
      const def = PERMISSION_SET_DEFINITIONS[key];
      const set = new SsoadminPermissionSet(this, `permission-set-${key}`, {
        instanceArn: props.instanceArn,
        name: def.name,
        description: def.description,
        sessionDuration: def.sessionDuration,
      });
      this.permissionSets[key] = set;
      def.managedPolicies.forEach((policy) => {
        const arn = Partition.of(this).managedPolicyArn(policy);
        const attachment = new SsoadminManagedPolicyAttachment(this, `permission-set-${key}-${policy.split("/").pop()}`, {
          instanceArn: props.instanceArn,
          permissionSetArn: set.arn,
          managedPolicyArn: arn,
        });
        if (arn.endsWith("/AdministratorAccess")) {
          policyException(
            attachment,
            "IAM-09",
            "The admin permission set is the organization's break-glass path: one-hour sessions for one Identity Center group, every use recorded by the organization trail.",
          );
        }
      });
      if (def.inlineStatements) {
        new SsoadminPermissionSetInlinePolicy(this, `permission-set-${key}-inline`, {
          instanceArn: props.instanceArn,
          permissionSetArn: set.arn,
          inlinePolicy: policyJson(...def.inlineStatements(Partition.of(this).id)),
        });
      }
    }
    for (const a of props.assignments) {
      for (const key of a.permissionSets) {
        new SsoadminAccountAssignment(this, `assignment-${a.accountName}-${key}`, {
          instanceArn: props.instanceArn,
          permissionSetArn: this.permissionSets[key].arn,
          principalType: "GROUP",
          principalId: props.groups[key],
          targetType: "AWS_ACCOUNT",
          targetId: a.accountId,
        });
      }
    }
  }
}

/**
 * How the IAM role Identity Center creates for a permission set is named in each assigned account:
 * `AWSReservedSSO_<permission set name>_<16 hex digits>`, under the path
 * `/aws-reserved/sso.amazonaws.com/`. The suffix is only known after assignment, so a stack that
 * grants the role something (an EKS access entry) looks it up at plan time, e.g. with the
 * `aws_iam_roles` data source and this pattern, and passes the ARN without its path (EKS access
 * entries reject the path: docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html).
 */
export function identityCenterRoleNamePattern(permissionSet: PermissionSetName): string {
  return `^AWSReservedSSO_${PERMISSION_SET_DEFINITIONS[permissionSet].name}_[0-9a-f]{16}$`;
}
