import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Partition } from "../core/partition";
import { ACCESS_LOGS_NEED_SSE_S3, SecureBucket } from "../kit/secure-bucket";
import { PropsProblems } from "../kit/validation";
import { customerManagedKey } from "../kit/customer-managed-key";

/** Object Lock retention of audit logs: one year, the usual SOC 2 evidence window. */
export const AUDIT_LOG_LOCK_DAYS = 365;
/** Audit logs are kept seven years, then expire. */
export const AUDIT_LOG_RETENTION_DAYS = 2557;
/** After this many days audit logs move to S3 Glacier Instant Retrieval (still readable in milliseconds). */
export const AUDIT_LOG_GLACIER_DAYS = 90;

export interface AuditLogArchiveProps {
  /** Provider of the log archive account (aliased, assuming a role there). */
  readonly provider: TerraformProvider;
  readonly organizationName: string;
  readonly logArchiveAccountId: string;
  /** Account allowed to decrypt and read the logs for investigations (the audit account). */
  readonly auditAccountId: string;
  /** Management account: the organization trail belongs to it. */
  readonly managementAccountId: string;
  /** AWS Organizations id (`o-...`): organization trails write under AWSLogs/<org id>/. */
  readonly organizationId: string;
  /** ARN of the organization trail allowed to write. */
  readonly trailArn: string;
  /** Every account whose AWS Config encrypts deliveries with this archive's key (see ConfigDeliveryBucket). */
  readonly configAccountIds: readonly string[];
}

/**
 * The organization's audit log store in the log archive account: one CMK, one bucket with Object
 * Lock (COMPLIANCE), versioning and access logging, written by the organization trail
 * (`AWSLogs/...`) and holding every account's AWS Config history (`config/AWSLogs/...`), which
 * ConfigDeliveryBucket replicates in: Config itself cannot deliver to an Object Lock bucket.
 *
 * Object Lock rather than MFA delete: MFA delete needs the root user's MFA device for every
 * configuration change and cannot be set by Terraform; COMPLIANCE-mode retention protects each
 * version from deletion by anyone, root included, for AUDIT_LOG_LOCK_DAYS.
 */
export class AuditLogArchive extends Construct {
  readonly key: KmsKey;
  readonly bucket: SecureBucket;
  readonly accessLogBucket: SecureBucket;
  /** The archive bucket's name as a plain string (known at synth, unlike `bucket.bucketName`): one definition for the trail's data-event selectors. */
  readonly archiveBucketName: string;

  constructor(scope: Construct, id: string, props: AuditLogArchiveProps) {
    super(scope, id);
    const problems = new PropsProblems(this);
    for (const [field, value] of Object.entries({
      logArchiveAccountId: props.logArchiveAccountId,
      auditAccountId: props.auditAccountId,
      managementAccountId: props.managementAccountId,
    })) {
      problems.require(/^\d{12}$/.test(value), field, value, "12 digits");
    }
    problems.require(props.configAccountIds.length > 0, "configAccountIds", props.configAccountIds, "at least one account");
    problems.throwIfAny();

    const provider = props.provider;
    const bucketName = `${props.organizationName}-audit-logs-${props.logArchiveAccountId}`;
    this.archiveBucketName = bucketName;
    const partition = Partition.of(this);
    const bucketArn = partition.s3Arn(bucketName);
    const accessLogBucketName = `${props.organizationName}-audit-access-logs-${props.logArchiveAccountId}`;
    const configAccounts = [...props.configAccountIds].sort();

    this.key = customerManagedKey(this, "Key", {
      provider,
      description: "Organization audit logs: CloudTrail and AWS Config",
      adminAccountId: props.logArchiveAccountId,
      adminStatementId: "LogArchiveAdministersTheKey",
      serviceStatements: [
        {
          Sid: "OrganizationTrailEncrypts",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "kms:GenerateDataKey*",
          Resource: "*",
          Condition: {
            StringEquals: { "aws:SourceArn": props.trailArn },
            StringLike: {
              "kms:EncryptionContext:aws:cloudtrail:arn": partition.arn({
                service: "cloudtrail",
                region: "*",
                account: props.managementAccountId,
                resource: "trail/*",
              }),
            },
          },
        },
        {
          Sid: "OrganizationTrailDescribes",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "kms:DescribeKey",
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceArn": props.trailArn } },
        },
        {
          Sid: "ConfigEncrypts",
          Effect: "Allow",
          Principal: { Service: "config.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": configAccounts } },
        },
        {
          // Recorders use Config's service-linked role; KMS checks that role as the caller
          // (docs: "Permissions for the KMS Key", service-linked role). Named through the account
          // roots because the roles do not exist before the baseline creates them.
          Sid: "ConfigServiceLinkedRolesEncrypt",
          Effect: "Allow",
          Principal: { AWS: configAccounts.map((account) => partition.iamArn(account, "root")) },
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: "*",
          Condition: {
            ArnLike: { "aws:PrincipalArn": partition.iamArn("*", "role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig") },
          },
        },
        {
          Sid: "AuditAccountReadsLogs",
          Effect: "Allow",
          Principal: { AWS: partition.iamArn(props.auditAccountId, "root") },
          Action: ["kms:Decrypt", "kms:DescribeKey"],
          Resource: "*",
        },
      ],
    });
    new KmsAlias(this, "Alias", { provider, name: `alias/${props.organizationName}-audit-logs`, targetKeyId: this.key.keyId });

    this.accessLogBucket = new SecureBucket(this, "AccessLogs", {
      provider,
      layout: "bootstrap",
      bucketName: accessLogBucketName,
      encryption: { s3ManagedKeysBecause: ACCESS_LOGS_NEED_SSE_S3 },
      accessLogTarget: { sourceAccountId: props.logArchiveAccountId },
      expirationDays: AUDIT_LOG_RETENTION_DAYS,
      transition: { afterDays: AUDIT_LOG_GLACIER_DAYS, storageClass: "GLACIER_IR" },
      noncurrentVersionExpirationDays: 90,
    });

    const trailCondition = { StringEquals: { "aws:SourceArn": props.trailArn } };
    this.bucket = new SecureBucket(this, "Bucket", {
      provider,
      layout: "bootstrap",
      bucketName,
      encryption: { kmsKeyArn: this.key.arn },
      accessLogs: { bucketName: accessLogBucketName, prefix: `${bucketName}/` },
      objectLockDays: AUDIT_LOG_LOCK_DAYS,
      transition: { afterDays: AUDIT_LOG_GLACIER_DAYS, storageClass: "GLACIER_IR" },
      expirationDays: AUDIT_LOG_RETENTION_DAYS,
      noncurrentVersionExpirationDays: 90,
      // Statements follow "Amazon S3 bucket policy for CloudTrail" (organization trails) in the AWS
      // docs. AWS Config does not write here (it cannot deliver to an Object Lock bucket): its
      // objects arrive by replication from ConfigDeliveryBucket, which needs no bucket-policy grant
      // (same account, the replication role's identity policy allows it).
      policyStatements: [
        {
          Sid: "CloudTrailAclCheck",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:GetBucketAcl",
          Resource: bucketArn,
          Condition: trailCondition,
        },
        {
          Sid: "CloudTrailWrite",
          Effect: "Allow",
          Principal: { Service: "cloudtrail.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: [`${bucketArn}/AWSLogs/${props.managementAccountId}/*`, `${bucketArn}/AWSLogs/${props.organizationId}/*`],
          Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": props.trailArn } },
        },
        {
          Sid: "AuditAccountReads",
          Effect: "Allow",
          Principal: { AWS: partition.iamArn(props.auditAccountId, "root") },
          Action: ["s3:GetObject", "s3:ListBucket"],
          Resource: [bucketArn, `${bucketArn}/*`],
        },
      ],
    });
  }
}
