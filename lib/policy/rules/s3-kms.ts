import type { Rule, StackView, TfResource } from "../types";
import { at, bool, first, hasCondition, isCmk, parsePolicy, principals, show } from "../tf";
import { all, allowStatements, isProduction, mustBeTrue } from "./helpers";

/** Split S3 resources point at their bucket through `bucket`. */
const companions = (type: string, bucket: TfResource, s: StackView): TfResource[] => s.referrers(type, "bucket", bucket);

/** Buckets that receive server access logs; S3 delivers those only with SSE-S3 and logs nowhere else. */
const isLogTarget = (bucket: TfResource, s: StackView): boolean => s.referrers("aws_s3_bucket_logging", "target_bucket", bucket).length > 0;

const isPublicPrincipal = (p: string): boolean => p === "*";

/** Allow statements open to everyone without a condition. */
function publicAllows(policy: unknown): string[] {
  return allowStatements(policy)
    .filter((st) => principals(st).some(isPublicPrincipal) && !hasCondition(st))
    .map((st) => `statement ${st.Sid ?? st.Action.join(",")} allows Principal "*" without a Condition`);
}

export const s3Rules: Rule[] = [
  {
    id: "S3-01",
    title: "Public access block fully on",
    mirrors: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093"],
    resourceTypes: ["aws_s3_bucket_public_access_block"],
    severity: "high",
    soc2: ["CC6.1 (P)", "CC6.6 (S)"],
    fix: "Set block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets to true.",
    check: all(
      mustBeTrue("block_public_acls"),
      mustBeTrue("block_public_policy"),
      mustBeTrue("ignore_public_acls"),
      mustBeTrue("restrict_public_buckets"),
    ),
  },
  {
    id: "S3-02",
    title: "Every bucket has a public access block",
    mirrors: ["CKV2_AWS_6", "AVD-AWS-0094"],
    resourceTypes: ["aws_s3_bucket"],
    severity: "high",
    soc2: ["CC6.1 (P)"],
    fix: "Add aws_s3_bucket_public_access_block with bucket = the bucket's id.",
    check: (r, s) =>
      companions("aws_s3_bucket_public_access_block", r, s).length ? undefined : "no aws_s3_bucket_public_access_block references it",
  },
  {
    id: "S3-03",
    title: "Every bucket versioned",
    mirrors: ["CKV_AWS_21", "AVD-AWS-0090", "prowler s3_bucket_object_versioning"],
    resourceTypes: ["aws_s3_bucket"],
    severity: "medium",
    soc2: ["A1.2 (P)", "CC7.4 (P)", "C1.2 (P)", "PI1.5 (P)"],
    fix: 'Add aws_s3_bucket_versioning with versioning_configuration.status = "Enabled".',
    check: (r, s) => {
      const v = companions("aws_s3_bucket_versioning", r, s);
      if (bool(first(r.config, "versioning.enabled")) === true) return undefined;
      if (v.length === 0) return "no aws_s3_bucket_versioning references it";
      return v.some((x) => first(x.config, "versioning_configuration.status") === "Enabled")
        ? undefined
        : "versioning status is not Enabled";
    },
  },
  {
    id: "S3-04",
    title: "Every bucket encrypted by default (KMS CMK; SSE-S3 for log targets)",
    mirrors: ["CKV_AWS_19", "CKV_AWS_145", "AVD-AWS-0132"],
    resourceTypes: ["aws_s3_bucket"],
    severity: "high",
    soc2: ["PI1.4 (P)", "CC6.1 (S)"],
    fix: "Add aws_s3_bucket_server_side_encryption_configuration with sse_algorithm aws:kms and kms_master_key_id (AES256 only for access-log buckets).",
    check: (r, s) => {
      const sse = companions("aws_s3_bucket_server_side_encryption_configuration", r, s);
      if (sse.length === 0) return "no aws_s3_bucket_server_side_encryption_configuration references it";
      const rules = sse.flatMap((x) => at(x.config, "rule.apply_server_side_encryption_by_default"));
      const kms = rules.some(
        (d) => ["aws:kms", "aws:kms:dsse"].includes(String(first(d, "sse_algorithm"))) && isCmk(first(d, "kms_master_key_id")),
      );
      const sseS3 = rules.some((d) => first(d, "sse_algorithm") === "AES256");
      if (kms || (sseS3 && isLogTarget(r, s))) return undefined;
      return `default encryption is ${show(rules)}, needs aws:kms with a customer-managed kms_master_key_id`;
    },
  },
  {
    id: "S3-05",
    title: "Every bucket logs access",
    mirrors: ["CKV_AWS_18", "AVD-AWS-0089"],
    resourceTypes: ["aws_s3_bucket"],
    severity: "medium",
    soc2: ["CC7.2 (P)", "CC7.3 (P)", "A1.2 (P)"],
    fix: "Add aws_s3_bucket_logging with a target_bucket (the access-log bucket itself is exempt).",
    appliesTo: (r, s) => !isLogTarget(r, s),
    check: (r, s) =>
      companions("aws_s3_bucket_logging", r, s).some((l) => l.config["target_bucket"])
        ? undefined
        : "no aws_s3_bucket_logging references it",
  },
  {
    id: "S3-06",
    title: "Every bucket denies plain HTTP",
    mirrors: ["prowler s3_bucket_secure_transport_policy", "our: AWS FSBP S3.5"],
    resourceTypes: ["aws_s3_bucket"],
    severity: "medium",
    soc2: ["CC6.7 (inf.)"],
    fix: "Add a bucket policy statement denying s3:* when aws:SecureTransport is false.",
    check: (r, s) => {
      const policies = companions("aws_s3_bucket_policy", r, s);
      const denies = policies.some((p) => {
        const parsed = parsePolicy(p.config["policy"]);
        return (
          parsed.ok &&
          parsed.statements.some((st) => st.Effect === "Deny" && JSON.stringify(st.Condition ?? {}).includes("aws:SecureTransport"))
        );
      });
      return denies ? undefined : "no bucket policy denies requests without aws:SecureTransport";
    },
  },
  {
    id: "S3-07",
    title: "Bucket policies not public",
    mirrors: ["CKV_AWS_70", "prowler s3_bucket_policy_public_write_access"],
    resourceTypes: ["aws_s3_bucket_policy"],
    severity: "critical",
    soc2: ["CC6.1 (P)"],
    fix: "Name principals explicitly, or add a Condition (aws:PrincipalOrgID, aws:SourceArn).",
    check: (r) => publicAllows(r.config["policy"]),
  },
  {
    id: "S3-08",
    title: "No public bucket ACLs",
    mirrors: ["CKV_AWS_20", "CKV_AWS_57", "AVD-AWS-0092"],
    resourceTypes: ["aws_s3_bucket_acl"],
    severity: "critical",
    soc2: ["CC6.1 (P)"],
    fix: "Remove the ACL; keep object ownership BucketOwnerEnforced.",
    check: (r) =>
      ["public-read", "public-read-write", "authenticated-read"].includes(String(r.config["acl"]))
        ? `acl is ${show(r.config["acl"])}`
        : undefined,
  },
  {
    id: "S3-09",
    title: "Every bucket has lifecycle rules",
    mirrors: ["CKV2_AWS_61", "CKV_AWS_300"],
    resourceTypes: ["aws_s3_bucket"],
    severity: "low",
    soc2: ["A1.2 (inf.)"],
    fix: "Add aws_s3_bucket_lifecycle_configuration with expiry or transitions and abort_incomplete_multipart_upload.",
    check: (r, s) => {
      const lc = companions("aws_s3_bucket_lifecycle_configuration", r, s);
      if (lc.length === 0) return "no aws_s3_bucket_lifecycle_configuration references it";
      return lc.some((l) => at(l.config, "rule.abort_incomplete_multipart_upload").length)
        ? undefined
        : "no rule aborts incomplete multipart uploads";
    },
  },
  {
    id: "S3-10",
    title: "Production backup buckets have object lock",
    mirrors: ["CKV_AWS_143", "prowler s3_bucket_object_lock"],
    resourceTypes: ["aws_s3_bucket"],
    severity: "medium",
    soc2: ["PI1.5 (P)", "C1.1 (S)"],
    fix: "Set object_lock_enabled = true and add aws_s3_bucket_object_lock_configuration with a default retention.",
    appliesTo: (r, s) => isProduction(r, s) && /backup/i.test(`${r.name} ${String(r.config["bucket"] ?? r.config["bucket_prefix"] ?? "")}`),
    check: (r, s) => {
      const lock = companions("aws_s3_bucket_object_lock_configuration", r, s);
      return [
        ...(bool(r.config["object_lock_enabled"]) === true ? [] : ["object_lock_enabled is not true"]),
        ...(lock.some((l) => first(l.config, "rule.default_retention.mode")) ? [] : ["no object lock default retention"]),
      ];
    },
  },
  {
    id: "S3-11",
    title: "Production buckets not force-destroyable",
    mirrors: ["our: force_destroy deletes every object on destroy"],
    resourceTypes: ["aws_s3_bucket"],
    severity: "high",
    soc2: ["C1.1 (inf.)"],
    fix: "Remove force_destroy.",
    appliesTo: isProduction,
    check: (r) => (bool(r.config["force_destroy"]) === true ? "force_destroy is true" : undefined),
  },
  {
    id: "S3-12",
    title: "Object ownership enforced (ACLs disabled)",
    mirrors: ["CKV2_AWS_65"],
    resourceTypes: ["aws_s3_bucket_ownership_controls"],
    severity: "low",
    soc2: ["CC6.1 (inf.)"],
    fix: 'Set rule.object_ownership = "BucketOwnerEnforced".',
    check: (r) =>
      first(r.config, "rule.object_ownership") === "BucketOwnerEnforced"
        ? undefined
        : `object_ownership is ${show(first(r.config, "rule.object_ownership"))}`,
  },
];

export const kmsRules: Rule[] = [
  {
    id: "KMS-01",
    title: "KMS key rotation",
    mirrors: ["CKV_AWS_7", "AVD-AWS-0065", "prowler kms_cmk_rotation_enabled"],
    resourceTypes: ["aws_kms_key"],
    severity: "medium",
    soc2: ["PI1.5 (P)"],
    fix: "Set enable_key_rotation = true.",
    appliesTo: (r) => [undefined, "SYMMETRIC_DEFAULT"].includes(r.config["customer_master_key_spec"] as string | undefined),
    check: mustBeTrue("enable_key_rotation"),
  },
  {
    id: "KMS-02",
    title: "KMS key policy not public",
    mirrors: ["CKV_AWS_33", "prowler kms_key_not_publicly_accessible"],
    resourceTypes: ["aws_kms_key", "aws_kms_key_policy"],
    severity: "critical",
    soc2: ["CC6.1 (inf.)"],
    fix: "Name principals explicitly or add a Condition to the statement.",
    check: (r) => publicAllows(r.config["policy"]),
  },
  {
    id: "KMS-03",
    title: "KMS key has an explicit policy and is enabled",
    mirrors: ["CKV2_AWS_64", "CKV_AWS_227"],
    resourceTypes: ["aws_kms_key"],
    severity: "medium",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set policy (JSON.stringify) and leave is_enabled true.",
    check: (r, s) => [
      ...(r.config["policy"] || s.referrers("aws_kms_key_policy", "key_id", r).length
        ? []
        : ["no key policy (the default grants the whole account)"]),
      ...(bool(r.config["is_enabled"]) === false ? ["is_enabled is false"] : []),
    ],
  },
  {
    id: "KMS-04",
    title: "KMS deletion window 30 days in production",
    mirrors: ["our: time to notice a scheduled deletion"],
    resourceTypes: ["aws_kms_key"],
    severity: "low",
    soc2: ["A1.2 (inf.)"],
    fix: "Set deletion_window_in_days = 30.",
    appliesTo: isProduction,
    check: (r) => {
      const v = r.config["deletion_window_in_days"];
      return v === undefined || v === 30 ? undefined : `deletion_window_in_days is ${show(v)}`;
    },
  },
];
