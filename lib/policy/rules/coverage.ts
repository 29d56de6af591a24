import type { Rule, TfResource } from "../types";
import { at, first, isCmk, isObject, num, show } from "../tf";
import { all, mustBeCmk, mustBeTrue } from "./helpers";
import { required } from "../../defined";

/**
 * Rules for the resource types the anchors leave out (docs/reference/scanner-behaviour.md §2.3 and gaps): account-level
 * guards, the split S3 configuration resources checked on their own, EKS access, OIDC audiences,
 * SSO sessions, SCP attachment and the MSK SCRAM secrets.
 */

/** ISO-8601 duration in hours (PT8H, PT1H30M). */
const hours = (v: unknown): number | undefined => {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(String(v ?? ""));
  return m ? Number(m[1] ?? 0) + Number(m[2] ?? 0) / 60 : undefined;
};

/** Secrets referenced from a resource's attribute, resolved in the same stack. */
const referencedSecrets = (r: TfResource, attribute: string, resources: (address: string) => TfResource | undefined): TfResource[] =>
  at(r.config, attribute)
    .flatMap((v) =>
      [...String(v).matchAll(/\$\{(aws_secretsmanager_secret\.[A-Za-z0-9_-]+)\./g)].map((m) => required(m[1], `secret address in ${m[0]}`)),
    )
    .map(resources)
    .filter((x): x is TfResource => x !== undefined);

export const coverageRules: Rule[] = [
  {
    id: "BAK-01",
    title: "AWS Backup vault encrypted with a customer-managed key",
    mirrors: ["CKV_AWS_166", "prowler backup_vaults_encrypted"],
    resourceTypes: ["aws_backup_vault"],
    severity: "medium",
    soc2: ["CC6.1 (S)", "A1.2 (A)"],
    fix: "Set kms_key_arn to a customer-managed key.",
    check: mustBeCmk("kms_key_arn"),
  },
  {
    id: "EC2-06",
    title: "EBS encryption by default on",
    mirrors: ["prowler ec2_ebs_default_encryption", "steampipe ebs_encryption_by_default_enabled"],
    resourceTypes: ["aws_ebs_encryption_by_default"],
    severity: "high",
    soc2: ["CC6.1 (S)"],
    fix: "Set enabled = true.",
    check: mustBeTrue("enabled"),
  },
  {
    id: "S3-13",
    title: "Account-level S3 public access block fully on",
    mirrors: ["prowler s3_account_level_public_access_blocks", "CKV_AWS_53..56 (account)"],
    resourceTypes: ["aws_s3_account_public_access_block"],
    severity: "high",
    soc2: ["CC6.1 (P)"],
    fix: "Set all four block/ignore/restrict flags to true.",
    check: all(
      mustBeTrue("block_public_acls"),
      mustBeTrue("block_public_policy"),
      mustBeTrue("ignore_public_acls"),
      mustBeTrue("restrict_public_buckets"),
    ),
  },
  {
    id: "S3-14",
    title: "SSE configuration uses KMS (or SSE-S3 for access logs)",
    mirrors: ["CKV_AWS_145", "AVD-AWS-0132"],
    resourceTypes: ["aws_s3_bucket_server_side_encryption_configuration"],
    severity: "high",
    soc2: ["PI1.4 (P)"],
    fix: "Set sse_algorithm aws:kms with kms_master_key_id, or AES256 only on the access-log bucket.",
    check: (r, s) => {
      const defaults = at(r.config, "rule.apply_server_side_encryption_by_default");
      if (defaults.length === 0) return "no default encryption rule";
      const target = s.ofType("aws_s3_bucket").find((b) => s.referrers(r.type, "bucket", b).includes(r));
      const logTarget = target ? s.referrers("aws_s3_bucket_logging", "target_bucket", target).length > 0 : false;
      return defaults.flatMap((d) => {
        const alg = first(d, "sse_algorithm");
        if (String(alg).startsWith("aws:kms"))
          return isCmk(first(d, "kms_master_key_id")) ? [] : ["aws:kms without a customer-managed kms_master_key_id"];
        return alg === "AES256" && logTarget ? [] : [`sse_algorithm is ${show(alg)}`];
      });
    },
  },
  {
    id: "S3-15",
    title: "Versioning resources enable versioning",
    mirrors: ["CKV_AWS_21", "AVD-AWS-0090"],
    resourceTypes: ["aws_s3_bucket_versioning"],
    severity: "medium",
    soc2: ["C1.2 (P)"],
    fix: 'Set versioning_configuration.status = "Enabled".',
    check: (r) =>
      first(r.config, "versioning_configuration.status") === "Enabled"
        ? undefined
        : `status is ${show(first(r.config, "versioning_configuration.status"))}`,
  },
  {
    id: "S3-16",
    title: "Lifecycle rules enabled and abort stale uploads",
    mirrors: ["CKV_AWS_300"],
    resourceTypes: ["aws_s3_bucket_lifecycle_configuration"],
    severity: "low",
    soc2: ["A1.2 (inf.)"],
    fix: "Give each rule status Enabled and one rule abort_incomplete_multipart_upload.",
    check: (r) => {
      const rules = at(r.config, "rule").filter(isObject);
      return [
        ...rules.filter((x) => x["status"] !== "Enabled").map((x) => `rule ${show(x["id"])} is ${show(x["status"])}`),
        ...(rules.some((x) => at(x, "abort_incomplete_multipart_upload").length) ? [] : ["no rule aborts incomplete multipart uploads"]),
      ];
    },
  },
  {
    id: "S3-17",
    title: "Access logs go to a bucket, under a prefix",
    mirrors: ["CKV_AWS_18", "AVD-AWS-0089"],
    resourceTypes: ["aws_s3_bucket_logging"],
    severity: "low",
    soc2: ["CC7.2 (P)"],
    fix: "Set target_bucket and a target_prefix per source bucket.",
    check: (r) => [
      ...(r.config["target_bucket"] ? [] : ["target_bucket is absent"]),
      ...(r.config["target_prefix"] ? [] : ["target_prefix is absent (logs of buckets mix)"]),
    ],
  },
  {
    id: "S3-18",
    title: "Object lock has a default retention",
    mirrors: ["prowler s3_bucket_object_lock", "CKV_AWS_143"],
    resourceTypes: ["aws_s3_bucket_object_lock_configuration"],
    severity: "medium",
    soc2: ["PI1.5 (P)"],
    fix: "Set rule.default_retention.mode (COMPLIANCE or GOVERNANCE) with days or years.",
    check: (r) => {
      const mode = first(r.config, "rule.default_retention.mode");
      const span = num(first(r.config, "rule.default_retention.days")) ?? num(first(r.config, "rule.default_retention.years"));
      return ["COMPLIANCE", "GOVERNANCE"].includes(String(mode)) && (span ?? 0) > 0
        ? undefined
        : `default_retention is ${show(first(r.config, "rule.default_retention"))}`;
    },
  },
  {
    id: "CFG-04",
    title: "Config delivers to an encrypted bucket",
    mirrors: ["docs/reference/scanner-behaviour.md §2.3 aws_config_delivery_channel"],
    resourceTypes: ["aws_config_delivery_channel"],
    severity: "medium",
    soc2: ["CC7.2 (inf.)"],
    fix: "Set s3_bucket_name and s3_kms_key_arn.",
    check: all((r) => (r.config["s3_bucket_name"] ? undefined : "s3_bucket_name is absent"), mustBeCmk("s3_kms_key_arn")),
  },
  {
    id: "EKS-14",
    title: "Cluster-admin access is cluster-scoped and explicit",
    mirrors: ["our: EKS access policies state their scope"],
    resourceTypes: ["aws_eks_access_policy_association"],
    severity: "medium",
    soc2: ["CC6.3 (inf.)"],
    fix: "Set access_scope.type (cluster, or namespace with namespaces listed).",
    check: (r) => {
      const type = first(r.config, "access_scope.type");
      if (type === "namespace") return at(r.config, "access_scope.namespaces").length ? undefined : "namespace scope without namespaces";
      if (type !== "cluster") return `access_scope.type is ${show(type)}`;
      return undefined;
    },
  },
  {
    id: "EKS-15",
    title: "No system:masters through access entries",
    mirrors: ["our: system:masters bypasses RBAC and cannot be revoked by RBAC"],
    resourceTypes: ["aws_eks_access_entry"],
    severity: "critical",
    soc2: ["CC6.3 (inf.)"],
    fix: "Grant AmazonEKSClusterAdminPolicy through an access policy association instead of the system:masters group.",
    check: (r) => (at(r.config, "kubernetes_groups").includes("system:masters") ? "kubernetes_groups contains system:masters" : undefined),
  },
  {
    id: "IAM-17",
    title: "OIDC providers pinned to the STS audience over https",
    mirrors: ["our: a broad audience lets other relying parties' tokens in"],
    resourceTypes: ["aws_iam_openid_connect_provider"],
    severity: "high",
    soc2: ["CC6.1 (inf.)"],
    fix: 'Set client_id_list = ["sts.amazonaws.com"] and an https url.',
    check: (r) => [
      ...(at(r.config, "client_id_list").every((c) => c === "sts.amazonaws.com") && at(r.config, "client_id_list").length > 0
        ? []
        : [`client_id_list is ${show(r.config["client_id_list"])}`]),
      ...(/^(https:\/\/|\$\{)/.test(String(r.config["url"] ?? "")) ? [] : [`url is ${show(r.config["url"])}`]),
    ],
  },
  {
    id: "IAM-18",
    title: "SSO sessions at most 8 hours",
    mirrors: ["our: CC6.1 session lifetime"],
    resourceTypes: ["aws_ssoadmin_permission_set"],
    severity: "low",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set session_duration to PT8H or less.",
    check: (r) => {
      const h = hours(r.config["session_duration"]);
      return h !== undefined && h <= 8 ? undefined : `session_duration is ${show(r.config["session_duration"])}`;
    },
  },
  {
    id: "IAM-19",
    title: "Account password policy strong",
    mirrors: ["CKV_AWS_9", "CKV_AWS_10", "CKV_AWS_11", "CKV_AWS_12", "CKV_AWS_13", "CKV_AWS_14", "CKV_AWS_15"],
    resourceTypes: ["aws_iam_account_password_policy"],
    severity: "medium",
    soc2: ["CC6.1 (inf.)"],
    fix: "Require 14+ characters with upper, lower, numbers and symbols, expiry within 90 days and no reuse of the last 24.",
    check: all(
      mustBeTrue("require_uppercase_characters"),
      mustBeTrue("require_lowercase_characters"),
      mustBeTrue("require_numbers"),
      mustBeTrue("require_symbols"),
      (r) =>
        (num(r.config["minimum_password_length"]) ?? 0) >= 14
          ? undefined
          : `minimum_password_length is ${show(r.config["minimum_password_length"])}`,
      (r) =>
        (num(r.config["password_reuse_prevention"]) ?? 0) >= 24
          ? undefined
          : `password_reuse_prevention is ${show(r.config["password_reuse_prevention"])}`,
      (r) => {
        const age = num(r.config["max_password_age"]);
        return age !== undefined && age >= 1 && age <= 90 ? undefined : `max_password_age is ${show(r.config["max_password_age"])}`;
      },
    ),
  },
  {
    id: "MSK-10",
    title: "SCRAM secrets encrypted with a CMK",
    mirrors: ["our: MSK refuses SCRAM secrets under the AWS-managed key"],
    resourceTypes: ["aws_msk_scram_secret_association"],
    severity: "medium",
    soc2: ["CC6.1 (inf.)"],
    fix: "Associate only secrets whose kms_key_id is a customer-managed key.",
    check: (r, s) => {
      const secrets = referencedSecrets(r, "secret_arn_list", (a) => s.byAddress(a));
      return secrets.filter((x) => !isCmk(x.config["kms_key_id"])).map((x) => `${x.address} has no customer-managed kms_key_id`);
    },
  },
  {
    id: "ORG-05",
    title: "Every SCP is attached",
    mirrors: ["our: an unattached SCP protects nothing"],
    resourceTypes: ["aws_organizations_policy"],
    severity: "medium",
    soc2: ["CC6.3 (inf.)"],
    fix: "Attach the policy with aws_organizations_policy_attachment to the root, an OU or an account.",
    appliesTo: (r) => (r.config["type"] ?? "SERVICE_CONTROL_POLICY") === "SERVICE_CONTROL_POLICY",
    check: (r, s) =>
      s.referrers("aws_organizations_policy_attachment", "policy_id", r).length
        ? undefined
        : "no aws_organizations_policy_attachment references it",
  },
  {
    id: "GD-04",
    title: "GuardDuty features enabled",
    mirrors: ["our: gap (docs/reference/scanner-behaviour.md row 65)"],
    resourceTypes: ["aws_guardduty_detector_feature", "aws_guardduty_organization_configuration_feature"],
    severity: "medium",
    soc2: ["CC7.2 (inf.)"],
    fix: "Set status ENABLED (auto_enable ALL for the organization).",
    check: (r) =>
      ["ENABLED", "ALL", "NEW"].includes(String(r.config["status"] ?? r.config["auto_enable"]))
        ? undefined
        : `${show(r.config["name"])} is ${show(r.config["status"] ?? r.config["auto_enable"])}`,
  },
  {
    id: "KMS-05",
    title: "Aliases name keys managed here",
    mirrors: ["our: an alias to an unmanaged key hides which key encrypts"],
    resourceTypes: ["aws_kms_alias"],
    severity: "low",
    soc2: ["CC6.1 (inf.)"],
    fix: "Point target_key_id at an aws_kms_key of the stack; never use the reserved alias/aws/ prefix.",
    check: (r) => [
      ...(String(r.config["name"] ?? "").startsWith("alias/aws/") ? ["name uses the reserved alias/aws/ prefix"] : []),
      ...(/\$\{aws_kms_key\./.test(String(r.config["target_key_id"] ?? "")) ? [] : [`target_key_id is ${show(r.config["target_key_id"])}`]),
    ],
  },
  {
    id: "S3-19",
    title: "Replication rules enabled; KMS-encrypted replicas name a CMK",
    mirrors: ["CKV_AWS_144", "our: SSE-KMS objects replicate only with a replica key"],
    resourceTypes: ["aws_s3_bucket_replication_configuration"],
    severity: "medium",
    soc2: ["A1.2 (inf.)"],
    fix: "Set every rule's status to Enabled and, when sse_kms_encrypted_objects is Enabled, destination.encryption_configuration.replica_kms_key_id to a customer-managed key.",
    check: (r) =>
      at(r.config, "rule").flatMap((rule) => [
        ...(first(rule, "status") === "Enabled" ? [] : [`rule ${show(first(rule, "id"))} status is ${show(first(rule, "status"))}`]),
        ...(first(rule, "source_selection_criteria.sse_kms_encrypted_objects.status") === "Enabled" &&
        !isCmk(first(rule, "destination.encryption_configuration.replica_kms_key_id"))
          ? [`rule ${show(first(rule, "id"))} replicates SSE-KMS objects without a customer-managed replica_kms_key_id`]
          : []),
      ]),
  },
  {
    id: "CB-01",
    title: "CodeBuild projects unprivileged, logged, inside a VPC",
    mirrors: ["CKV_AWS_316", "CKV_AWS_314", "our: CI runners reach private endpoints from the VPC only"],
    resourceTypes: ["aws_codebuild_project"],
    severity: "high",
    soc2: ["CC6.6 (inf.)", "CC7.2 (inf.)"],
    fix: "Set environment.privileged_mode = false, logs_config.cloudwatch_logs.status = ENABLED and a vpc_config with subnets and security groups.",
    check: all(
      (r) =>
        first(r.config, "environment.privileged_mode") === true || first(r.config, "environment.privileged_mode") === "true"
          ? "environment.privileged_mode is true"
          : undefined,
      (r) =>
        first(r.config, "logs_config.cloudwatch_logs.status") === "ENABLED"
          ? undefined
          : `logs_config.cloudwatch_logs.status is ${show(first(r.config, "logs_config.cloudwatch_logs.status"))}`,
      (r) =>
        at(r.config, "vpc_config.subnets").length > 0 && at(r.config, "vpc_config.security_group_ids").length > 0
          ? undefined
          : "no vpc_config with subnets and security groups",
    ),
  },
  {
    id: "SSM-01",
    title: "Session Manager preferences log every session to an encrypted destination",
    mirrors: ["CKV_AWS_113", "our: audited production access (docs/access.md)"],
    resourceTypes: ["aws_ssm_document"],
    severity: "medium",
    soc2: ["CC7.2 (inf.)", "CC6.1 (S)"],
    fix: "Give the Session document inputs a cloudWatchLogGroupName with cloudWatchEncryptionEnabled = true (or an s3BucketName with s3EncryptionEnabled = true).",
    check: (r) => {
      if (first(r.config, "document_type") !== "Session") return undefined;
      let inputs: Record<string, unknown> = {};
      try {
        inputs = ((JSON.parse(String(first(r.config, "content"))) as { inputs?: Record<string, unknown> }).inputs ?? {}) as Record<
          string,
          unknown
        >;
      } catch {
        return "content is not JSON";
      }
      const toLogs = Boolean(inputs["cloudWatchLogGroupName"]) && inputs["cloudWatchEncryptionEnabled"] === true;
      const toS3 = Boolean(inputs["s3BucketName"]) && inputs["s3EncryptionEnabled"] === true;
      return toLogs || toS3 ? undefined : "sessions are not logged to an encrypted log group or bucket";
    },
  },
];

/** Types every stack may create that no rule checks, each with why (the coverage test reads this). */
export const UNCHECKED_TYPES: Readonly<Record<string, string>> = {
  aws_appautoscaling_policy: "MSK storage autoscaling: capacity, no security or durability setting",
  aws_appautoscaling_target: "MSK storage autoscaling bounds: capacity only",
  aws_db_subnet_group:
    "lists data subnets; their privacy is checked on aws_subnet and the route tables' lack of internet routes is the network layer's test",
  aws_eip: "NAT gateway addresses; nothing to configure",
  aws_cloudwatch_log_resource_policy:
    "lets EventBridge write to one named log group; its statements are tested in test/constructs/observability",
  aws_s3_bucket_metric: "turns on a bucket's request metrics for an alarm; nothing security-relevant to misconfigure",
  aws_cloudwatch_event_bus: "routes events and stores none; who may put events is checked on its policy (EVB-01)",
  aws_cloudwatch_event_rule: "an event pattern; the security patterns are tested in test/constructs/organization",
  aws_backup_plan: "a schedule, retention and copy target; tested in test/constructs/recovery (vault encryption is BAK-01)",
  aws_backup_selection: "names the protected RDS instance and AWS Backup's role (AWS managed policies)",
  aws_backup_restore_testing_plan: "the restore drill's schedule and recovery point choice; tested in test/constructs/recovery",
  aws_backup_restore_testing_selection: "the restore drill's protected instance and validation window; tested in test/constructs/recovery",
  aws_backup_vault_policy:
    "who may copy into a vault (backup:CopyIntoBackupVault only; AWS rejects every other cross-account action): simulated in test/iam/backup-copy.test.ts",
  aws_backup_vault_lock_configuration:
    "lock mode and minimum retention of the cross-account copy vault; tested in test/iam/backup-copy.test.ts",
  aws_backup_global_settings: "the organization's cross-account backup switch; tested in test/iam/backup-copy.test.ts",
  aws_s3_bucket_replication_configuration:
    "copies into the environment's own recovery bucket (KMS, Object Lock, delete markers kept out: tested in test/constructs/recovery)",
  aws_securityhub_account: "turns Security Hub on in the administrator; standards are checked on the configuration policy (SH-01)",
  aws_securityhub_configuration_policy_association: "applies the checked configuration policy (SH-01) to a target",
  aws_securityhub_finding_aggregator: "which regions' findings reach the home region; nothing security-relevant to misconfigure",
  aws_securityhub_organization_admin_account: "delegation only",
  aws_codebuild_webhook: "build trigger only; its event and workflow filters are tested in test/constructs/ci",
  aws_codeconnections_connection: "a GitHub App authorization record; nothing to configure (its use is scoped in the CodeBuild role)",
  aws_internet_gateway: "public subnets' gateway; exposure is checked on security groups and subnets",
  aws_nat_gateway: "egress only; alarms watch it (runbooks/nat-gateway-*.md)",
  aws_route: "routing; exposure is checked on security groups, subnets and endpoints",
  aws_route_table: "routing container",
  aws_route_table_association: "routing container",
  aws_iam_instance_profile: "wraps a role; the role's policies are checked",
  aws_iam_service_linked_role: "AWS-defined policy; nothing to configure",
  aws_guardduty_organization_admin_account: "delegation only; detectors and features are checked",
  aws_organizations_delegated_administrator: "delegation only",
  aws_organizations_organizational_unit: "grouping only; SCP attachment is checked on the policies",
  aws_organizations_policy_attachment: "checked from the policy side (ORG-05)",
  aws_ssoadmin_account_assignment: "who gets which permission set: reviewed in accounts.yaml, not a configuration flaw",
  "data.aws_eks_cluster": "read-only lookup",
  "data.aws_msk_broker_nodes": "read-only lookup (broker DNS names for the Prometheus scrape of MSK open monitoring)",
  "data.aws_ssm_parameter": "read-only lookup (EKS AMI ids)",
  "data.terraform_remote_state": "cross-stack references",
  "data.aws_caller_identity": "read-only lookup",
  "data.aws_partition": "read-only lookup",
  "data.aws_iam_roles": "read-only lookup (SSO-created role ARNs)",
  "data.aws_region": "read-only lookup",
  "data.aws_availability_zones": "read-only lookup",
};
