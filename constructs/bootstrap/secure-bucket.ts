import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
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

/** An IAM policy statement, as JSON. */
export type PolicyStatement = Record<string, unknown>;

/** S3 bucket names: 3-63 characters, lowercase letters, digits, '-' and '.', starting and ending alphanumeric. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export interface SecureBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /**
   * Customer-managed KMS key (ARN) that encrypts every object, with an S3 bucket key.
   * `null` selects SSE-S3: only for targets of S3 server access logging, which cannot write to
   * SSE-KMS buckets (docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
   */
  readonly kmsKeyArn: string | null;
  /**
   * Bucket receiving this bucket's server access logs.
   * @default - none: only allowed together with `kmsKeyArn: null` (an access-log bucket does not log itself)
   */
  readonly accessLogBucketName?: string;
  /**
   * Object Lock default retention in days, COMPLIANCE mode: nobody, root included, can delete or
   * overwrite a version before it expires. Object Lock can only be enabled at bucket creation.
   * @default - no Object Lock
   */
  readonly objectLockDays?: number;
  /**
   * Days after which current objects move to S3 Glacier Instant Retrieval.
   * @default - never
   */
  readonly transitionToGlacierIrDays?: number;
  /**
   * Days after which current objects expire.
   * @default - never
   */
  readonly expireAfterDays?: number;
  /**
   * Days a replaced (noncurrent) version is kept.
   * @default 90
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Statements added to the bucket policy (the TLS-only deny is always there).
   * @default - none
   */
  readonly policyStatements?: readonly PolicyStatement[];
  /**
   * Protect the bucket from `terraform destroy` (lifecycle prevent_destroy).
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Provider of the account and region the bucket lives in.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A private, versioned, encrypted S3 bucket: public access blocked, ACLs disabled, TLS required,
 * lifecycle rules, optional access logging and Object Lock (docs/reference/scanner-behaviour.md rows 35-43).
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  /** The bucket policy: services that write here (CloudTrail) check it on create. */
  readonly policy: S3BucketPolicy;
  readonly bucketName: string;
  readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    validate(props);
    const provider = props.provider;
    const preventDestroy = props.preventDestroy ?? true;
    this.bucket = new S3Bucket(this, "Resource", {
      provider,
      bucket: props.bucketName,
      objectLockEnabled: props.objectLockDays !== undefined,
      // Never delete a bucket full of audit or state data as a side effect.
      forceDestroy: false,
      lifecycle: { preventDestroy },
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    const bucket = this.bucket.id;

    new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      provider,
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "OwnershipControls", { provider, bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    const versioning = new S3BucketVersioningA(this, "Versioning", { provider, bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      provider,
      bucket,
      rule: [
        props.kmsKeyArn === null
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true },
      ],
    });
    if (props.accessLogBucketName !== undefined) {
      new S3BucketLoggingA(this, "Logging", {
        provider,
        bucket,
        targetBucket: props.accessLogBucketName,
        targetPrefix: `${props.bucketName}/`,
      });
    }
    if (props.objectLockDays !== undefined) {
      new S3BucketObjectLockConfigurationA(this, "ObjectLock", {
        provider,
        bucket,
        rule: { defaultRetention: { mode: "COMPLIANCE", days: props.objectLockDays } },
        dependsOn: [versioning],
      });
    }
    new S3BucketLifecycleConfiguration(this, "Lifecycle", { provider, bucket, rule: lifecycleRules(props), dependsOn: [versioning] });
    this.policy = new S3BucketPolicy(this, "Policy", {
      provider,
      bucket,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [this.bucketArn, `${this.bucketArn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          ...(props.policyStatements ?? []),
        ],
      }),
    });
  }
}

function lifecycleRules(props: SecureBucketProps): S3BucketLifecycleConfigurationRule[] {
  return [
    {
      id: "retention",
      status: "Enabled",
      filter: [{ prefix: "" }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays ?? 90 }],
      ...(props.transitionToGlacierIrDays !== undefined
        ? { transition: [{ days: props.transitionToGlacierIrDays, storageClass: "GLACIER_IR" }] }
        : {}),
      ...(props.expireAfterDays !== undefined ? { expiration: [{ days: props.expireAfterDays }] } : {}),
    },
  ];
}

function validate(props: SecureBucketProps): void {
  const problems: string[] = [];
  if (!BUCKET_NAME.test(props.bucketName)) {
    problems.push(
      `bucketName must be 3-63 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit, got "${props.bucketName}"`,
    );
  }
  if (props.accessLogBucketName === undefined && props.kmsKeyArn !== null) {
    problems.push(
      `accessLogBucketName is required for a KMS-encrypted bucket (${props.bucketName}): only access-log targets (kmsKeyArn null) may skip access logging`,
    );
  }
  const positive: (keyof SecureBucketProps)[] = ["objectLockDays", "transitionToGlacierIrDays", "expireAfterDays", "noncurrentVersionDays"];
  for (const key of positive) {
    const value = props[key];
    if (value !== undefined && (typeof value !== "number" || !Number.isInteger(value) || value < 1))
      problems.push(`${key} must be a whole number of days >= 1, got ${String(value)}`);
  }
  if (props.expireAfterDays !== undefined && props.objectLockDays !== undefined && props.expireAfterDays < props.objectLockDays) {
    problems.push(
      `expireAfterDays (${props.expireAfterDays}) must be at least objectLockDays (${props.objectLockDays}): locked versions cannot expire`,
    );
  }
  if (
    props.expireAfterDays !== undefined &&
    props.transitionToGlacierIrDays !== undefined &&
    props.expireAfterDays <= props.transitionToGlacierIrDays
  ) {
    problems.push(
      `expireAfterDays (${props.expireAfterDays}) must be greater than transitionToGlacierIrDays (${props.transitionToGlacierIrDays})`,
    );
  }
  if (problems.length > 0) throw new Error(`SecureBucket ${props.bucketName}:\n- ${problems.join("\n- ")}`);
}
