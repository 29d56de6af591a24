import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { policyDocument, type PolicyStatement } from "./private/iam";
import { dataStoreLifecycle } from "./private/lifecycle";
import { PropsProblems } from "./private/validation";

/** How objects are encrypted at rest: a CMK, or (only with a written reason) SSE-S3. */
export type BucketEncryption = { readonly kmsKeyArn: string } | { readonly s3ManagedKeysBecause: string };

export interface DataBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** Production: Terraform refuses to destroy the bucket. */
  readonly production: boolean;
  readonly encryption: BucketEncryption;
  /**
   * Where server access logs go (bucket name) and under which prefix. Only the access-log bucket
   * itself may leave this out (logging a log bucket into itself loops).
   * @default - no access logging; allowed only with isAccessLogTarget
   */
  readonly accessLogs?: { readonly bucketName: string; readonly prefix: string };
  /**
   * This bucket receives S3 server access logs from this account.
   * @default false
   */
  readonly isAccessLogTarget?: boolean;
  /** Account whose buckets may deliver access logs here (with isAccessLogTarget). */
  readonly accountId: string;
  /**
   * Object Lock default retention in COMPLIANCE mode, in days; 0 for none. Object Lock can only be
   * switched on when the bucket is created: changing 0 to more (or back) replaces the bucket.
   * @default 0
   */
  readonly objectLockDays?: number;
  /**
   * Current objects expire after this many days.
   * @default - never (the writer manages retention)
   */
  readonly expirationDays?: number;
  /**
   * Current objects move to STANDARD_IA after this many days (30 or more).
   * @default - no transition
   */
  readonly infrequentAccessAfterDays?: number;
  /**
   * Overwritten and deleted versions are removed after this many days.
   * @default 30
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Incomplete multipart uploads are aborted after this many days.
   * @default 7
   */
  readonly abortIncompleteMultipartUploadDays?: number;
}

/**
 * A private, versioned, encrypted S3 bucket: public access blocked, ACLs disabled, TLS-only bucket
 * policy, lifecycle rules, server access logging, and Object Lock when asked.
 */
export class DataBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: DataBucketProps) {
    super(scope, id);
    const lockDays = props.objectLockDays ?? 0;
    const noncurrentDays = props.noncurrentVersionExpirationDays ?? 30;
    const abortDays = props.abortIncompleteMultipartUploadDays ?? 7;
    const logTarget = props.isAccessLogTarget ?? false;

    const problems = new PropsProblems("DataBucket");
    problems.require(
      /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(props.bucketName),
      "bucketName",
      props.bucketName,
      "3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
    );
    const kms = "kmsKeyArn" in props.encryption;
    problems.require(
      kms ? props.encryption.kmsKeyArn.length > 0 : props.encryption.s3ManagedKeysBecause.trim().length > 0,
      "encryption",
      props.encryption,
      "a CMK ARN, or a non-empty reason for SSE-S3",
    );
    problems.require(
      logTarget || props.accessLogs !== undefined,
      "accessLogs",
      props.accessLogs,
      "a target bucket (only the access-log bucket may go without)",
    );
    problems.require(
      Number.isInteger(lockDays) && lockDays >= 0 && lockDays <= 36500,
      "objectLockDays",
      lockDays,
      "0 (none) to 36500 days",
    );
    problems.require(
      !logTarget || !kms,
      "encryption",
      props.encryption,
      "SSE-S3 for an access-log bucket (S3 server access logging cannot write to SSE-KMS buckets)",
    );
    problems.require(
      props.expirationDays === undefined || (Number.isInteger(props.expirationDays) && props.expirationDays >= 1),
      "expirationDays",
      props.expirationDays,
      "1 or more days",
    );
    problems.require(
      props.expirationDays === undefined || props.expirationDays >= lockDays,
      "expirationDays",
      props.expirationDays,
      `at least objectLockDays (${lockDays})`,
    );
    const ia = props.infrequentAccessAfterDays;
    problems.require(
      ia === undefined || (ia >= 30 && (props.expirationDays === undefined || ia < props.expirationDays)),
      "infrequentAccessAfterDays",
      ia,
      "30 or more days (STANDARD_IA minimum) and fewer than expirationDays",
    );
    problems.require(
      Number.isInteger(noncurrentDays) && noncurrentDays >= 1,
      "noncurrentVersionExpirationDays",
      noncurrentDays,
      "1 or more days",
    );
    problems.require(Number.isInteger(abortDays) && abortDays >= 1, "abortIncompleteMultipartUploadDays", abortDays, "1 or more days");
    problems.throwIfAny();

    this.bucket = new S3Bucket(this, "Resource", {
      bucket: props.bucketName,
      objectLockEnabled: lockDays > 0,
      // Never empty a bucket to delete it: a deletion must be a deliberate, manual act.
      forceDestroy: false,
      lifecycle: dataStoreLifecycle(props.production),
    });
    const bucket = this.bucket.id;

    new S3BucketOwnershipControls(this, "Ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketVersioningA(this, "Versioning", { bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket,
      rule: [
        kms
          ? // Bucket keys cut KMS requests (and their cost) by orders of magnitude.
            {
              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.encryption.kmsKeyArn },
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });

    const rules: S3BucketLifecycleConfigurationRule[] = [
      {
        id: "abort-incomplete-multipart-uploads",
        status: "Enabled",
        filter: [{}],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: abortDays }],
      },
      {
        id: "expire-noncurrent-versions",
        status: "Enabled",
        filter: [{}],
        noncurrentVersionExpiration: [{ noncurrentDays: Math.max(noncurrentDays, lockDays) }],
        expiration: [{ expiredObjectDeleteMarker: true }],
      },
    ];
    if (props.expirationDays !== undefined || ia !== undefined) {
      rules.push({
        id: "current-versions",
        status: "Enabled",
        filter: [{}],
        ...(props.expirationDays !== undefined ? { expiration: [{ days: props.expirationDays }] } : {}),
        ...(ia !== undefined ? { transition: [{ days: ia, storageClass: "STANDARD_IA" }] } : {}),
      });
    }
    new S3BucketLifecycleConfiguration(this, "Lifecycle", { bucket, rule: rules });

    if (lockDays > 0) {
      new S3BucketObjectLockConfigurationA(this, "ObjectLock", {
        bucket,
        rule: { defaultRetention: { mode: "COMPLIANCE", days: lockDays } },
      });
    }

    if (props.accessLogs) {
      new S3BucketLoggingA(this, "AccessLogging", {
        bucket,
        targetBucket: props.accessLogs.bucketName,
        targetPrefix: props.accessLogs.prefix,
      });
    }

    const statements: PolicyStatement[] = [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ];
    if (logTarget) {
      statements.push({
        Sid: "S3ServerAccessLogsFromThisAccount",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${this.bucket.arn}/*`,
        Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
      });
    }
    new S3BucketPolicy(this, "Policy", { bucket, policy: policyDocument(...statements) });

    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
  }
}
