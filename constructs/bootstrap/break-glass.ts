import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamUserPolicy } from "@cdktf/provider-aws/lib/iam-user-policy";
import { policyException } from "../../lib/policy";
import { Partition } from "../core/partition";
import { PropsProblems } from "../kit/validation";
import { policyJson } from "../kit/policy-document";

/** Default name of the break-glass role in every account and of the user in the management account. */
export const BREAK_GLASS_NAME = "break-glass";

export interface BreakGlassAccessProps {
  /** Account the role is created in. */
  readonly accountId: string;
  /** Management account: holds the break-glass user the roles trust. */
  readonly managementAccountId: string;
  /** Name of the role in every account. @default "break-glass" */
  readonly roleName?: string;
  /** Name of the IAM user in the management account. @default "break-glass" */
  readonly userName?: string;
  /**
   * Longest session of the role, and oldest MFA sign-in that may assume it, in seconds.
   * @default 3600 (one hour, the IAM minimum for a role's maximum session)
   */
  readonly maxSessionSeconds?: number;
}

/**
 * Administrator access that does not depend on IAM Identity Center: when SSO is down (identity
 * source outage, misconfigured permission set, Identity Center region unavailable) the Admin
 * permission set cannot be used, the root users of member accounts are denied by SCP, and a root
 * user cannot assume roles (AWS STS API reference, AssumeRole: "You cannot use AWS account root
 * user credentials to call AssumeRole"; read 2026-12-07).
 *
 * So: one IAM user in the management account, with a console password and a hardware MFA device
 * kept in the safe (runbooks/break-glass.md), no access keys, allowed only to assume the
 * `break-glass` role; and in every account a `break-glass` role with AdministratorAccess that
 * trusts only that user, only with MFA signed in within the last hour, for one-hour sessions.
 * Every use is in the organization trail (AssumeRole by the user). GitHub OIDC and every other
 * principal are refused by the trust (test/iam/break-glass.test.ts).
 */
export class BreakGlassAccess extends Construct {
  readonly role: IamRole;
  /** Only in the management account. */
  readonly user?: IamUser;
  readonly userArn: string;

  constructor(scope: Construct, id: string, props: BreakGlassAccessProps) {
    super(scope, id);
    const roleName = props.roleName ?? BREAK_GLASS_NAME;
    const userName = props.userName ?? BREAK_GLASS_NAME;
    const maxSession = props.maxSessionSeconds ?? 3600;
    validate(this, props, maxSession);
    const partition = Partition.of(this);
    this.userArn = partition.iamArn(props.managementAccountId, `user/${userName}`);
    const mfa = { Bool: { "aws:MultiFactorAuthPresent": "true" }, NumericLessThan: { "aws:MultiFactorAuthAge": String(maxSession) } };

    this.role = new IamRole(this, "Role", {
      name: roleName,
      description: "Break-glass administrator when IAM Identity Center is unavailable (runbooks/break-glass.md)",
      maxSessionDuration: maxSession,
      // The user is named through its account root with a condition: IAM rejects a principal ARN that
      // does not exist yet, and member accounts are bootstrapped independently of the management one.
      assumeRolePolicy: policyJson({
        Sid: "BreakGlassUserWithRecentMfa",
        Effect: "Allow",
        Principal: { AWS: partition.iamArn(props.managementAccountId, "root") },
        Action: "sts:AssumeRole",
        Condition: { ArnEquals: { "aws:PrincipalArn": this.userArn }, ...mfa },
      }),
    });
    const admin = new IamRolePolicyAttachment(this, "Administrator", {
      role: this.role.name,
      policyArn: partition.managedPolicyArn("AdministratorAccess"),
    });
    policyException(
      admin,
      "IAM-09",
      "Break-glass when Identity Center is down: assumable only by the management account's break-glass user with MFA signed in within the hour, one-hour sessions, every use recorded by the organization trail (runbooks/break-glass.md).",
    );

    if (props.accountId === props.managementAccountId) {
      this.user = new IamUser(this, "User", { name: userName, forceDestroy: false });
      policyException(
        this.user,
        "IAM-12",
        "The one IAM user: break-glass access that works when Identity Center is down. No access keys (the deploy guardrails deny creating them), console password and hardware MFA kept offline, may only assume the break-glass roles with MFA.",
      );
      const userPolicy = new IamUserPolicy(this, "AssumeBreakGlassRoles", {
        user: this.user.name,
        name: "assume-break-glass-roles-with-mfa",
        policy: policyJson({
          Sid: "AssumeBreakGlassRolesWithMfa",
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Resource: partition.iamArn("*", `role/${roleName}`),
          Condition: mfa,
        }),
      });
      policyException(
        userPolicy,
        "IAM-12",
        "Policy of the break-glass user: only sts:AssumeRole on the break-glass roles, only with MFA (runbooks/break-glass.md).",
      );
    }
  }
}

function validate(scope: Construct, props: BreakGlassAccessProps, maxSession: number): void {
  const problems = new PropsProblems(scope);
  for (const [field, value] of [
    ["accountId", props.accountId],
    ["managementAccountId", props.managementAccountId],
  ] as const) {
    problems.require(/^\d{12}$/.test(value), field, value, "12 digits");
  }
  for (const [field, value] of [
    ["roleName", props.roleName],
    ["userName", props.userName],
  ] as const) {
    problems.require(
      value === undefined || /^[\w+=,.@-]{1,64}$/.test(value),
      field,
      value,
      "an IAM name (letters, digits, +=,.@_-, at most 64)",
    );
  }
  problems.require(
    Number.isInteger(maxSession) && maxSession >= 3600 && maxSession <= 43200,
    "maxSessionSeconds",
    maxSession,
    "a whole number of seconds from 3600 to 43200 (the range IAM accepts for a role)",
  );
  problems.throwIfAny();
}
