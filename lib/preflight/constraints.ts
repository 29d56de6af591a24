/**
 * Known AWS service constraints, one row each (the seed is docs/reference/deploy-constraints.md;
 * row numbers refer to it). A row says what AWS enforces, what breaks, where that is written, and
 * checks the synthesized resources for it. Adding a constraint is adding a row.
 */
import { at, bool, first } from "../policy/tf";
import type { PreflightContext } from "./context";
import { checkEksVersions } from "./eks-version";
import { checkEphemeralPlanActions } from "./ephemeral";
import type { Finding } from "./finding";
import { checkGithubOidcSubjects } from "./github-oidc";
import { checkHelmReleaseSecrets } from "./helm-secrets";
import { allowsAssumeRole, principalsMatching } from "./identity";
import { awsPrincipals, conditionOf, globMatch, parsePolicy, principalArnCondition } from "./policy-document";
import type { Resource, World } from "./world";
import { iamArn, partitionOfStack } from "./partition";

export interface Constraint {
  readonly id: string;
  /** Row of docs/reference/deploy-constraints.md, when the constraint comes from there. */
  readonly row: number | undefined;
  readonly enforces: string;
  readonly breaks: string;
  /** Public source, with read date. */
  readonly source: string;
  readonly check: (world: World, context: PreflightContext) => Omit<Finding, "check">[];
}

export const CONSTRAINTS: readonly Constraint[] = [
  {
    id: "config-delivery-bucket-without-object-lock",
    row: 3,
    enforces: "AWS Config does not deliver to an S3 bucket with Object Lock enabled",
    breaks: "PutDeliveryChannel fails",
    source: "AWS CloudFormation reference, AWS::Config::DeliveryChannel, note on Object Lock (read 2026-12-02)",
    check: (world) =>
      world.resources("aws_config_delivery_channel").flatMap((channel) => {
        const bucket = bucketOf(world, channel);
        const lock = bucket && objectLock(world, bucket);
        return lock
          ? [
              {
                stack: channel.stack.name,
                address: channel.address,
                missing: `delivers to ${bucket.stack.name} ${bucket.address}, which has Object Lock (${lock}); AWS Config cannot deliver to it`,
                fix: "deliver AWS Config to a bucket without Object Lock (a separate Config bucket; protect it with versioning and a deny-delete bucket policy)",
              },
            ]
          : [];
      }),
  },
  {
    id: "assume-role-via-account-root-needs-identity-policy",
    row: 4,
    enforces:
      "a trust policy naming the account root delegates to the account: the caller's identity policy must also allow sts:AssumeRole on the role (naming the role ARN as Principal is enough on its own in the same account)",
    breaks: "AccessDenied on AssumeRole (for example a backend's assume_role)",
    source:
      'IAM user guide, "Policy evaluation logic: cross-account and same-account"; "IAM JSON policy elements: Principal" (read 2026-12-02)',
    check: (world) =>
      world.resources("aws_iam_role").flatMap((role) => {
        const policy = parsePolicy(role.body["assume_role_policy"]);
        if (policy.kind !== "document" || !role.account || typeof role.body["name"] !== "string") return [];
        const roleArn = iamArn(partitionOfStack(role.stack), role.account, `role${String(role.body["path"] ?? "/")}${role.body["name"]}`);
        return policy.statements.flatMap((s) => {
          if (s.Effect !== "Allow" || !s.Action.some((a) => globMatch(a, "sts:AssumeRole", true))) return [];
          const roots = awsPrincipals(s)
            .map((p) => /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(p)?.[1])
            .filter((a): a is string => a !== undefined);
          return roots.flatMap((account) =>
            principalArnCondition(conditionOf(s)).flatMap((pattern) => {
              const where = `assume_role_policy statement ${s.Sid ?? "(no Sid)"} trusts ${account}'s root for ${pattern}`;
              const principals = principalsMatching(world, account, pattern);
              if (principals.length === 0 && !pattern.includes("*"))
                return [
                  {
                    stack: role.stack.name,
                    address: role.address,
                    missing: `${where}, a principal no stack creates`,
                    fix: "name a principal that exists, or create it in an earlier stack",
                  },
                ];
              return principals.flatMap((p) => {
                const { verdict, basis } = allowsAssumeRole(world, p, role, roleArn);
                if (verdict === "allowed") return [];
                const why =
                  verdict === "unknown"
                    ? "has identity policies the preflight cannot read, so it cannot verify they allow"
                    : "has no identity policy allowing";
                const who =
                  p.arn === pattern
                    ? `${p.resource.stack.name} ${p.resource.address}`
                    : `${p.arn} (${p.resource.stack.name} ${p.resource.address})`;
                return [
                  {
                    stack: role.stack.name,
                    address: role.address,
                    missing: `${where}, but ${who} (policies: ${basis.join(", ") || "none"}) ${why} sts:AssumeRole on ${roleArn}`,
                    fix: `allow sts:AssumeRole on ${roleArn} in an identity policy of ${p.arn}${p.arn.includes(`::${role.account}:`) ? ", or name that role ARN as the Principal (same account)" : ""}`,
                  },
                ];
              });
            }),
          );
        });
      }),
  },
  {
    id: "rds-read-replica-without-managed-master-password",
    row: 6,
    enforces:
      "a read replica (and a Blue/Green deployment) cannot be created when the source manages its master password in Secrets Manager (all engines but SQL Server)",
    breaks: "CreateDBInstanceReadReplica / Blue/Green creation fails",
    source: 'Amazon RDS user guide, "Limitations for Secrets Manager integration with Amazon RDS" (read 2026-12-02)',
    check: (world) =>
      world.resources("aws_db_instance").flatMap((db) => {
        const findings: Omit<Finding, "check">[] = [];
        const managed = (r: Resource) =>
          bool(r.body["manage_master_user_password"]) === true && !String(r.body["engine"] ?? "").startsWith("sqlserver");
        const sourceRef = db.body["replicate_source_db"];
        if (sourceRef !== undefined) {
          const source =
            world.resourceOf(db.stack, sourceRef) ??
            world.resources("aws_db_instance", db.stack).find((r) => r.body["identifier"] === sourceRef || r.body["arn"] === sourceRef);
          if (source && managed(source))
            findings.push({
              stack: db.stack.name,
              address: db.address,
              missing: `is a read replica of ${source.stack.name} ${source.address}, which manages its master password in Secrets Manager`,
              fix: "turn off manage_master_user_password on the source (keep the password in a Secrets Manager secret you rotate), or drop the replica",
            });
        }
        if (managed(db) && bool(first(db.body, "blue_green_update.enabled")) === true)
          findings.push({
            stack: db.stack.name,
            address: db.address,
            missing: "uses blue_green_update with manage_master_user_password, which RDS does not support",
            fix: "turn off blue_green_update or manage_master_user_password",
          });
        return findings;
      }),
  },
  {
    id: "msk-scram-secret",
    row: 8,
    enforces:
      "an MSK SASL/SCRAM secret's name begins with AmazonMSK_, it is encrypted with a customer-managed KMS key, and it holds a value when associated",
    breaks: "BatchAssociateScramSecret reports the secret as failed",
    source: 'Amazon MSK developer guide, "Sign-in credentials authentication with AWS Secrets Manager" (read 2026-12-02)',
    check: (world) =>
      [...world.resources("aws_msk_scram_secret_association"), ...world.resources("aws_msk_single_scram_secret_association")].flatMap(
        (association) =>
          [...at(association.body, "secret_arn_list"), ...at(association.body, "secret_arn")].flatMap((ref) => {
            const at_ = (missing: string, fix: string) => ({ stack: association.stack.name, address: association.address, missing, fix });
            const secret = world.resourceOf(association.stack, ref);
            if (secret?.type !== "aws_secretsmanager_secret")
              return [
                at_(
                  `associates ${String(ref)}, which does not resolve to an aws_secretsmanager_secret: cannot verify its name, key and value`,
                  "reference the aws_secretsmanager_secret (directly or through a remote-state output)",
                ),
              ];
            const name = `${secret.stack.name} ${secret.address}`;
            const out: Omit<Finding, "check">[] = [];
            const secretName = String(secret.body["name"] ?? secret.body["name_prefix"] ?? "");
            if (!secretName.startsWith("AmazonMSK_"))
              out.push(
                at_(
                  `associates ${name}, whose name ${JSON.stringify(secretName)} does not begin with AmazonMSK_`,
                  "name the secret AmazonMSK_<...>",
                ),
              );
            const key = world.resolve(secret.stack, secret.body["kms_key_id"]);
            const customerManaged =
              key?.kind === "resource"
                ? key.resource.type === "aws_kms_key" || key.resource.type === "aws_kms_replica_key"
                : key?.kind === "literal" && !/alias\/aws\//.test(key.value);
            if (!customerManaged)
              out.push(
                at_(
                  `associates ${name}, which is not encrypted with a customer-managed KMS key (kms_key_id ${JSON.stringify(secret.body["kms_key_id"] ?? "absent: the default aws/secretsmanager key")})`,
                  "set kms_key_id to an aws_kms_key",
                ),
              );
            const hasValue = world
              .resources("aws_secretsmanager_secret_version", association.stack)
              .some(
                (v) =>
                  world.resourceOf(v.stack, v.body["secret_id"]) === secret &&
                  (v.body["secret_string"] !== undefined || v.body["secret_string_wo"] !== undefined),
              );
            if (!hasValue)
              out.push(
                at_(
                  `associates ${name}, which has no value: no aws_secretsmanager_secret_version with secret_string or secret_string_wo in ${association.stack.name} or an earlier stack`,
                  "give the secret a value before associating it: an aws_secretsmanager_secret_version (secret_string_wo from an ephemeral random_password) in the same stack",
                ),
              );
            return out;
          }),
      ),
  },
  {
    id: "eks-version-in-standard-support",
    row: 9,
    enforces:
      "an EKS minor version has 14 months of standard support, then 12 of paid extended support; with upgradePolicy STANDARD EKS upgrades a cluster past the date by itself. The version must be in the calendar, and production must have PRODUCTION_MIN_STANDARD_SUPPORT_DAYS left",
    breaks: "the control plane moves under Terraform; plans fight it",
    source: 'Amazon EKS user guide, "Understand the Kubernetes version lifecycle on EKS", release calendar (read 2026-12-02)',
    check: checkEksVersions,
  },
  {
    id: "ephemeral-resources-opened-by-plan-role",
    row: undefined,
    enforces:
      "ephemeral resources are opened during plan as well as apply: the plan role must be allowed the calls of every AWS ephemeral type (EPHEMERAL_PLAN_ACTIONS)",
    breaks: "pull-request plans and drift checks fail with AccessDenied when opening the ephemeral resource",
    source:
      'Terraform Plugin Framework docs, "Opening ephemeral resources"; Terraform language docs, "Ephemeral resources" (read 2026-12-02)',
    check: (world, context) => checkEphemeralPlanActions(world, context),
  },
  {
    id: "helm-release-state-readable-by-plan-role",
    row: 11,
    enforces:
      "Helm stores release state as Secrets of type helm.sh/release.v1 in the release's namespace, and the view role (AmazonEKSViewPolicy) cannot read Secrets: the plan role's access-entry group must be bound to get/list on secrets in every release namespace",
    breaks: "refreshing a helm_release with a view-only identity fails, so pull-request plans and drift checks fail",
    source: 'Kubernetes docs, "Using RBAC Authorization: user-facing roles"; Helm docs, "Storage backends" (read 2026-12-02)',
    check: checkHelmReleaseSecrets,
  },
  {
    id: "github-oidc-subject-trusted",
    row: 5,
    enforces:
      "GitHub's OIDC sub claim (customized template: repo, context, job_workflow_ref) for each role-assuming workflow step must match the trust policy of the role it names: pull_request for pull requests, environment:<name> for a job with an environment, else ref:<ref>; schedules run on the default branch",
    breaks: "the job's AssumeRoleWithWebIdentity is denied (Not authorized to perform sts:AssumeRoleWithWebIdentity)",
    source:
      'GitHub docs, "About security hardening with OpenID Connect" (example subject claims) and "OpenID Connect reference" (customizing the subject claims); IAM user guide, "IAM JSON policy elements: Condition operators" (read 2026-12-02)',
    check: checkGithubOidcSubjects,
  },
];

/** The aws_s3_bucket a delivery channel names, by reference or by bucket name. */
function bucketOf(world: World, channel: Resource): Resource | undefined {
  const r = world.resolve(channel.stack, channel.body["s3_bucket_name"]);
  if (r?.kind === "resource") return r.resource.type === "aws_s3_bucket" ? r.resource : undefined;
  return r ? world.resources("aws_s3_bucket").find((b) => b.body["bucket"] === r.value) : undefined;
}

/** How a bucket has Object Lock, or undefined when it has none. */
function objectLock(world: World, bucket: Resource): string | undefined {
  if (bool(bucket.body["object_lock_enabled"]) === true) return `${bucket.address} object_lock_enabled`;
  const config = world
    .resources("aws_s3_bucket_object_lock_configuration")
    .find((c) => world.resourceOf(c.stack, c.body["bucket"]) === bucket || c.body["bucket"] === bucket.body["bucket"]);
  return config ? `${config.stack.name} ${config.address}` : undefined;
}
