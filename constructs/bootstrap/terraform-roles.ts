import { Construct } from "constructs";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { policyException } from "../../lib/policy";
import { deploySubjects, planSubjects } from "./github-subjects";
import { Partition } from "../core/partition";
import { ANY_PARTITION_ARN_PREFIX, arn } from "../../lib/catalog/partitions";
import { PropsProblems } from "../kit/validation";
import type { PolicyStatement } from "../kit/policy-document";
import { required } from "../../lib/defined";
import { policyJson } from "../kit/policy-document";

/** ARN pattern of the public parameters AWS publishes (no account id), e.g. /aws/service/eks/optimized-ami/... */
export const publicSsmParameters = (partition: string): string =>
  arn({ partition, service: "ssm", region: "*", resource: "parameter/aws/*" });

/** GitHub's OIDC issuer and the audience aws-actions/configure-aws-credentials requests. */
export const GITHUB_OIDC_URL = "https://token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/** Names of the Terraform roles, the same in every account (the stack passes the organization's). */
export interface TerraformRoleNames {
  readonly deploy: string;
  readonly plan: string;
  readonly state: string;
  readonly stateRead: string;
}

export interface TerraformRolesProps {
  readonly accountId: string;
  /** GitHub repository (`owner/name`) whose workflows may assume the roles. */
  readonly githubRepository: string;
  /**
   * GitHub environments whose deployment jobs may assume the deploy role: the platform environments
   * (us, eu, staging) deployed into this account, and only from apply-layer.yml on main
   * (github-subjects.ts). None: no workflow may assume the deploy role (the account is applied by hand).
   */
  readonly deployEnvironments: readonly string[];
  /**
   * Whether plan.yml and drift.yml assume this account's plan role directly. Only accounts CI plans
   * a stack in need it (the management account for the organization stack, accounts hosting
   * environments); the organization stack reads the other members through the management
   * account's plan role, so their plan roles trust no GitHub token (test/iam/github-oidc.test.ts).
   * @default true
   */
  readonly githubPlans?: boolean;
  /**
   * The management account's plan role, which may assume this account's plan role: pull-request
   * plans of the organization stack read member accounts through it.
   * @default - none (the management account itself)
   */
  readonly organizationPlanRoleArn?: string;
  /**
   * Plan roles of the member accounts this (management) account's plan role may assume.
   * @default - none
   */
  readonly memberPlanRoleArns?: readonly string[];
  readonly roleNames: TerraformRoleNames;
  /**
   * Other roles and users (names) the deploy role may not change, like the Terraform roles: the
   * break-glass role and user (break-glass.ts). @default - none
   */
  readonly guarded?: { readonly roleNames?: readonly string[]; readonly userNames?: readonly string[] };
  /** Name of the Identity Center permission set whose role may run Terraform by hand (deploy and state roles). */
  readonly administratorPermissionSetName: string;
  /** State bucket (name) and KMS key (key ARN, not an alias ARN: IAM matches key ARNs) the state role uses. */
  readonly stateBucketName: string;
  readonly stateKmsKeyArn: string;
  /**
   * The state buckets of the account's other regions with their keys (key ARNs), where the stacks of
   * those regions keep state: every role gets the same grants and denies on them as on the home one.
   * @default - none
   */
  readonly regionalStateBuckets?: readonly { readonly bucketName: string; readonly kmsKeyArn: string }[];
}

/**
 * What Terraform calls when it opens an ephemeral resource. Ephemeral resources are opened during
 * plan as well as apply (Terraform language docs, "Ephemeral resources", read 2026-12-02), so the
 * read-only plan role must be allowed these calls. Keyed by ephemeral resource type; a stack that
 * adds another ephemeral type adds its row (test/stacks/data-stack.test.ts checks every type used).
 */
export const EPHEMERAL_PLAN_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  // Returns a fresh random string; reads no stored secret.
  aws_secretsmanager_random_password: ["secretsmanager:GetRandomPassword"],
};

/**
 * Secret values a plan never needs: reading them could put secrets in plan output. ReadOnlyAccess
 * does not grant kms:Decrypt; the deny keeps it that way (state is decrypted by the state role).
 */
export function denySecretReads(partition: string): PolicyStatement[] {
  return [
    { Sid: "DenySecretValues", Effect: "Deny", Action: "secretsmanager:GetSecretValue", Resource: "*" },
    {
      // AWS's public parameters (AMI ids under /aws/service/...) stay readable: plans look them up.
      Sid: "DenyOwnParameterValues",
      Effect: "Deny",
      Action: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory"],
      NotResource: publicSsmParameters(partition),
    },
    { Sid: "DenyDecrypt", Effect: "Deny", Action: "kms:Decrypt", Resource: "*" },
  ];
}

/**
 * The roles Terraform runs as in one account, with the GitHub OIDC provider:
 * - deploy: applies; assumable from apply-layer.yml on main in the account's GitHub environments;
 * - plan: ReadOnlyAccess minus state writes and secret reads; assumable from plan.yml on pull
 *   requests and drift.yml on main;
 * - state: reads and writes the state bucket only; assumed by the S3 backend of applies (deploy role
 *   and administrators);
 * - state-read: reads the state bucket only; assumed by plans (backend override in plan-stack.sh)
 *   and by every stack's remote-state lookups (BaseStack).
 * Trusts that name the account root need the caller's identity policy to allow sts:AssumeRole too
 * (docs/reference/deploy-constraints.md row 4): the plan role's inline policy allows exactly the roles it assumes;
 * the deploy role's AdministratorAccess allows it.
 * No IAM users or access keys: CI gets short-lived credentials from OIDC.
 */
export class TerraformRoles extends Construct {
  readonly oidcProvider: IamOpenidConnectProvider;
  readonly deployRole: IamRole;
  readonly planRole: IamRole;
  readonly stateRole: IamRole;
  readonly stateReadRole: IamRole;

  constructor(scope: Construct, id: string, props: TerraformRolesProps) {
    super(scope, id);
    validate(this, props);
    const partition = Partition.of(this);
    const roleArn = (name: string) => partition.iamArn(props.accountId, `role/${name}`);
    const names = props.roleNames;
    const repo = props.githubRepository;
    // One bucket (the home region's, as deployed before regional buckets) keeps its single-ARN policies.
    const stateBuckets = [{ bucketName: props.stateBucketName, kmsKeyArn: props.stateKmsKeyArn }, ...(props.regionalStateBuckets ?? [])];
    const oneOrAll = (values: string[]): string | string[] => (values.length === 1 ? String(values[0]) : values);
    const stateBucketArns = oneOrAll(stateBuckets.map((b) => partition.s3Arn(b.bucketName)));
    const stateObjects = oneOrAll(stateBuckets.map((b) => `${partition.s3Arn(b.bucketName)}/*`));
    const stateKeys = oneOrAll(stateBuckets.map((b) => b.kmsKeyArn));

    // GitHub's certificate is trusted through AWS's own CA library; a thumbprint is no longer needed
    // (docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc_verify-thumbprint.html).
    this.oidcProvider = new IamOpenidConnectProvider(this, "GithubOidc", { url: GITHUB_OIDC_URL, clientIdList: [GITHUB_OIDC_AUDIENCE] });

    const githubTrust = (subjects: string[]): PolicyStatement[] =>
      subjects.length === 0
        ? []
        : [
            {
              Sid: "GithubActions",
              Effect: "Allow",
              Principal: { Federated: this.oidcProvider.arn },
              Action: "sts:AssumeRoleWithWebIdentity",
              Condition: {
                StringEquals: { "token.actions.githubusercontent.com:aud": GITHUB_OIDC_AUDIENCE },
                StringLike: { "token.actions.githubusercontent.com:sub": subjects },
              },
            },
          ];
    // The stacks' AWS provider assumes its role again from the CI session (BaseStack's role_arn):
    // a role must trust itself explicitly for that. The account root is named with a condition because
    // IAM rejects a principal ARN of a role that does not exist yet (the role itself).
    const selfTrust = (roleNames: string[]): PolicyStatement => ({
      Sid: "RolesOfThisAccount",
      Effect: "Allow",
      Principal: { AWS: partition.iamArn(props.accountId, "root") },
      Action: "sts:AssumeRole",
      Condition: { ArnEquals: { "aws:PrincipalArn": roleNames.map(roleArn) } },
    });
    // Manual applies (the organization stack, break-glass) run as the Identity Center Admin
    // permission set's role; its name ends in a suffix unknown before assignment, hence ArnLike.
    const administratorsTrust: PolicyStatement = {
      Sid: "IdentityCenterAdministrators",
      Effect: "Allow",
      Principal: { AWS: partition.iamArn(props.accountId, "root") },
      Action: "sts:AssumeRole",
      Condition: {
        ArnLike: {
          "aws:PrincipalArn": partition.iamArn(
            props.accountId,
            `role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${props.administratorPermissionSetName}_*`,
          ),
        },
      },
    };
    const trust = (...statements: PolicyStatement[]) => policyJson(...statements);

    this.deployRole = new IamRole(this, "DeployRole", {
      name: names.deploy,
      description: "Terraform apply: apply-layer.yml on main in the account's GitHub environments, or administrators",
      maxSessionDuration: 3600,
      assumeRolePolicy: trust(
        ...githubTrust(deploySubjects(repo, props.deployEnvironments)),
        selfTrust([names.deploy]),
        administratorsTrust,
      ),
    });
    // Exception (docs/reference/scanner-behaviour.md row 75): the deploy role creates IAM roles, KMS keys and clusters across
    // every service the stacks use, so it is an administrator. The guardrails below and the SCPs
    // bound it; only the apply workflow on main in an approved environment can assume it.
    const administrator = new IamRolePolicyAttachment(this, "DeployAdministrator", {
      role: this.deployRole.name,
      policyArn: partition.managedPolicyArn("AdministratorAccess"),
    });
    policyException(
      administrator,
      "IAM-09",
      "The deploy role applies every stack (IAM roles, KMS keys, EKS, RDS, MSK), so it needs administrator rights; only OIDC sessions of apply-layer.yml on main in the account's GitHub environments can assume it, and the guardrails policy plus the SCPs deny IAM users, access keys, changes to the Terraform roles and OIDC provider, and tampering with the audit services.",
    );
    new IamRolePolicy(this, "DeployGuardrails", {
      role: this.deployRole.name,
      name: "guardrails",
      policy: policyJson(...deployGuardrails(partition.id, props.accountId, names, props.guarded)),
    });

    this.planRole = new IamRole(this, "PlanRole", {
      name: names.plan,
      description: "Read-only Terraform plan: plan.yml on pull requests, drift.yml on main",
      maxSessionDuration: 3600,
      assumeRolePolicy: trust(
        ...githubTrust(props.githubPlans === false ? [] : planSubjects(repo)),
        selfTrust([names.plan]),
        ...(props.organizationPlanRoleArn ? [organizationPlanTrust(partition, props.organizationPlanRoleArn)] : []),
      ),
    });
    new IamRolePolicyAttachment(this, "PlanReadOnly", {
      role: this.planRole.name,
      policyArn: partition.managedPolicyArn("ReadOnlyAccess"),
    });
    new IamRolePolicy(this, "PlanDenies", {
      role: this.planRole.name,
      name: "no-state-writes-no-secrets",
      policy: policyJson(
        {
          Sid: "DenyStateWrites",
          Effect: "Deny",
          Action: ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"],
          Resource: stateObjects,
        },
        ...denySecretReads(partition.id),
        // ReadOnlyAccess allows no sts:AssumeRole, and trusts through the account root need it
        // (docs/reference/deploy-constraints.md row 4): the provider re-assumes this role, the backend and the
        // remote-state lookups assume the state-read role.
        {
          Sid: "AssumeItselfAndStateRead",
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Resource: [names.plan, names.stateRead].map(roleArn),
        },
        // ReadOnlyAccess is not documented to include these; plans open the ephemeral resources.
        {
          Sid: "OpenEphemeralResources",
          Effect: "Allow",
          Action: [...new Set(Object.values(EPHEMERAL_PLAN_ACTIONS).flat())].sort(),
          Resource: "*",
        },
        // Read-only plans of the organization stack read every member through its plan role.
        ...(props.memberPlanRoleArns?.length
          ? [
              {
                Sid: "ReadMembersThroughTheirPlanRoles",
                Effect: "Allow" as const,
                Action: "sts:AssumeRole",
                Resource: [...props.memberPlanRoleArns],
              },
            ]
          : []),
      ),
    });

    this.stateRole = new IamRole(this, "StateRole", {
      name: names.state,
      description: "Reads and writes Terraform state; assumed by the S3 backend of applies",
      maxSessionDuration: 3600,
      // Plans never write state: they use the state-read role.
      assumeRolePolicy: trust(selfTrust([names.deploy]), administratorsTrust),
    });
    new IamRolePolicy(this, "StateAccess", {
      role: this.stateRole.name,
      name: "terraform-state",
      policy: policyJson(
        { Sid: "ListState", Effect: "Allow", Action: "s3:ListBucket", Resource: stateBucketArns },
        {
          Sid: "ReadWriteState",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
          Resource: stateObjects,
        },
        {
          Sid: "StateKey",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
          Resource: stateKeys,
        },
      ),
    });

    this.stateReadRole = new IamRole(this, "StateReadRole", {
      name: names.stateRead,
      description: "Reads Terraform state only; assumed by plans and remote-state lookups",
      maxSessionDuration: 3600,
      assumeRolePolicy: trust(selfTrust([names.deploy, names.plan]), administratorsTrust),
    });
    new IamRolePolicy(this, "StateReadAccess", {
      role: this.stateReadRole.name,
      name: "terraform-state-read",
      policy: policyJson(
        { Sid: "ListState", Effect: "Allow", Action: "s3:ListBucket", Resource: stateBucketArns },
        // Plans run with -lock=false: no lock file is written.
        { Sid: "ReadState", Effect: "Allow", Action: "s3:GetObject", Resource: stateObjects },
        { Sid: "StateKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: stateKeys },
      ),
    });
  }
}

/** Changes to a role that would loosen it: its policies, trust, boundary, settings, tags, existence. */
const ROLE_CHANGES = [
  "iam:DeleteRole",
  "iam:UpdateAssumeRolePolicy",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PutRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:PutRolePermissionsBoundary",
  "iam:DeleteRolePermissionsBoundary",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
  "iam:TagRole",
  "iam:UntagRole",
];
/** Changes to a user that would loosen it or lock it out: policies, credentials, MFA, existence. */
const USER_CHANGES = [
  "iam:DeleteUser",
  "iam:UpdateUser",
  "iam:AttachUserPolicy",
  "iam:DetachUserPolicy",
  "iam:PutUserPolicy",
  "iam:DeleteUserPolicy",
  "iam:AddUserToGroup",
  "iam:PutUserPermissionsBoundary",
  "iam:DeleteUserPermissionsBoundary",
  "iam:UpdateLoginProfile",
  "iam:DeleteLoginProfile",
  "iam:DeactivateMFADevice",
  "iam:EnableMFADevice",
  "iam:TagUser",
  "iam:UntagUser",
];
const OIDC_PROVIDER_CHANGES = [
  "iam:DeleteOpenIDConnectProvider",
  "iam:UpdateOpenIDConnectProviderThumbprint",
  "iam:AddClientIDToOpenIDConnectProvider",
  "iam:RemoveClientIDFromOpenIDConnectProvider",
  "iam:TagOpenIDConnectProvider",
  "iam:UntagOpenIDConnectProvider",
];

/**
 * The deploy role's guardrails. An explicit deny wins over AdministratorAccess, but only while the
 * deny stays: so the deploy role may not change itself (this inline policy included), the other
 * Terraform roles, or the OIDC provider its trust rests on. The bootstrap stack manages all of
 * them, run by an administrator, never by the deploy role.
 */
export function deployGuardrails(
  partition: string,
  accountId: string,
  names: TerraformRoleNames,
  guarded: TerraformRolesProps["guarded"] = {},
): PolicyStatement[] {
  const iam = (resource: string) => arn({ partition, service: "iam", account: accountId, resource });
  const roleArn = (name: string) => iam(`role/${name}`);
  const users = guarded.userNames ?? [];
  return [
    {
      Sid: "NoIamUsersOrAccessKeys",
      Effect: "Deny",
      Action: ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"],
      Resource: "*",
    },
    {
      Sid: "KeepTheTerraformRoles",
      Effect: "Deny",
      Action: ROLE_CHANGES,
      Resource: [names.deploy, names.plan, names.state, names.stateRead, ...(guarded.roleNames ?? [])].map(roleArn),
    },
    ...(users.length > 0
      ? [
          {
            Sid: "KeepTheBreakGlassUsers",
            Effect: "Deny" as const,
            Action: USER_CHANGES,
            Resource: users.map((u) => iam(`user/${u}`)),
          },
        ]
      : []),
    {
      Sid: "KeepTheGithubOidcProvider",
      Effect: "Deny",
      Action: OIDC_PROVIDER_CHANGES,
      Resource: iam(`oidc-provider/${GITHUB_OIDC_URL.replace("https://", "")}`),
    },
  ];
}

/** Trust of the management account's plan role, named through its account root (see selfTrust). */
function organizationPlanTrust(partition: Partition, roleArn: string): PolicyStatement {
  const accountId = required(roleArn.split(":")[4], "the account of organizationPlanRoleArn (validated as a role ARN in the constructor)");

  return {
    Sid: "OrganizationPlan",
    Effect: "Allow",
    Principal: { AWS: partition.iamArn(accountId, "root") },
    Action: "sts:AssumeRole",
    Condition: { ArnEquals: { "aws:PrincipalArn": roleArn } },
  };
}

function validate(scope: Construct, props: TerraformRolesProps): void {
  const problems = new PropsProblems(scope);
  problems.require(/^\d{12}$/.test(props.accountId), "accountId", props.accountId, "12 digits");
  problems.require(
    /^[\w+=,.@-]{1,32}$/.test(props.administratorPermissionSetName),
    "administratorPermissionSetName",
    props.administratorPermissionSetName,
    "a permission set name (letters, digits, +=,.@_-, at most 32)",
  );
  problems.require(
    /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(props.githubRepository),
    "githubRepository",
    props.githubRepository,
    "owner/name without wildcards",
  );
  props.deployEnvironments.forEach((e, i) =>
    problems.require(/^[A-Za-z0-9._-]+$/.test(e), `deployEnvironments[${i}]`, e, "a GitHub environment name without wildcards"),
  );
  const roleArn = new RegExp(`^${ANY_PARTITION_ARN_PREFIX}iam::\\d{12}:role/[\\w+=,.@-]+$`);
  problems.require(
    props.organizationPlanRoleArn === undefined || roleArn.test(props.organizationPlanRoleArn),
    "organizationPlanRoleArn",
    props.organizationPlanRoleArn,
    "an IAM role ARN",
  );
  (props.memberPlanRoleArns ?? []).forEach((arn, i) =>
    problems.require(roleArn.test(arn), `memberPlanRoleArns[${i}]`, arn, "an IAM role ARN"),
  );
  const names = Object.values(props.roleNames);
  problems.require(new Set(names).size === names.length, "roleNames", props.roleNames, "four different names");
  problems.throwIfAny();
}
