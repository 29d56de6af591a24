import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { BUCKET_LAYOUTS, type BucketLayout, type ResolvedBucketProps } from "./private/bucket-layouts";
import { PropsProblems } from "./validation";
import { policyJson, type PolicyStatement } from "./policy-document";
import { required } from "../../lib/defined";
import { Partition } from "../core/partition";

export type { BucketLayout };

/** How objects are encrypted at rest: a customer-managed key, or (only with a written reason) SSE-S3. */
export type BucketEncryption = { readonly kmsKeyArn: string } | { readonly s3ManagedKeysBecause: string };

/** Current objects move to a cheaper storage class after some days. */
export interface BucketTransition {
  readonly afterDays: number;
  /** STANDARD_IA needs at least 30 days in STANDARD first (S3 user guide, "Transitioning objects"). */
  readonly storageClass: "STANDARD_IA" | "GLACIER_IR";
}

export interface SecureBucketProps {
  /** Globally unique bucket name: 3-63 lowercase letters, digits and hyphens. */
  readonly bucketName: string;
  /**
   * A CMK (with an S3 bucket key), or SSE-S3 with the reason why: only targets of S3 server access
   * logging need it, which cannot write to SSE-KMS buckets
   * (docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
   */
  readonly encryption: BucketEncryption;
  /**
   * Terraform refuses any plan that destroys the bucket (lifecycle prevent_destroy). Turn off only
   * for environments that are torn down (staging).
   * @default true
   */
  readonly preventDestroy?: boolean;
  /**
   * Where this bucket's server access logs go, and under which key prefix.
   * @default - no access logging: allowed only with `accessLogTarget` (a log bucket does not log itself)
   */
  readonly accessLogs?: { readonly bucketName: string; readonly prefix: string };
  /**
   * This bucket receives S3 server access logs from the buckets of one account: the bucket policy
   * lets the S3 logging service write, and encryption must be SSE-S3.
   * @default - not an access-log target
   */
  readonly accessLogTarget?: { readonly sourceAccountId: string };
  /**
   * Object Lock default retention in COMPLIANCE mode, in days; 0 for none. Nobody, root included,
   * can delete a locked version before it expires. Object Lock can only be switched on when the
   * bucket is created: changing 0 to more (or back) replaces the bucket.
   * @default 0
   */
  readonly objectLockDays?: number;
  /**
   * Current objects expire after this many days.
   * @default - never (the writer manages retention)
   */
  readonly expirationDays?: number;
  /**
   * Current objects move to a cheaper storage class.
   * @default - no transition
   */
  readonly transition?: BucketTransition;
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
  /**
   * Statements added to the bucket policy after the TLS-only deny, which is always there.
   * @default - none
   */
  readonly policyStatements?: readonly PolicyStatement[];
  /**
   * Provider of the account and region the bucket lives in.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Construct ids, resource order and lifecycle-rule shape. The buckets of the bootstrap stacks and
   * the organization's audit archive were deployed with "bootstrap" before the kit existed; changing
   * a deployed bucket's layout moves its state addresses, which would replace the bucket.
   * @default "standard"
   */
  readonly layout?: BucketLayout;
}

/** The reason access-log buckets give for SSE-S3 (BucketEncryption.s3ManagedKeysBecause). */
export const ACCESS_LOGS_NEED_SSE_S3 =
  "S3 server access logging only delivers to SSE-S3 buckets (docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html)";

/** Bucket names: 3-63 lowercase letters, digits and hyphens, starting and ending alphanumeric (no dots: they break TLS for virtual-hosted requests). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/**
 * A private, versioned, encrypted S3 bucket: public access blocked, ACLs disabled, TLS-only bucket
 * policy, lifecycle rules, server access logging, Object Lock when asked, and protected from
 * `terraform destroy` unless told otherwise (docs/reference/scanner-behaviour.md rows 35-43).
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly versioning: S3BucketVersioningA;
  /** The bucket policy: services that write here (CloudTrail) check it on create. */
  readonly policy: S3BucketPolicy;
  readonly bucketName: string;
  readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const resolved = validate(this, props);
    const layout = BUCKET_LAYOUTS[resolved.layout];
    // Spread into every resource: no provider key at all means the stack's default provider.
    const provider = props.provider ? { provider: props.provider } : {};

    this.bucket = new S3Bucket(this, "Resource", {
      ...provider,
      bucket: props.bucketName,
      objectLockEnabled: resolved.objectLockDays > 0,
      // Never empty a bucket to delete it: a deletion must be a deliberate, manual act.
      forceDestroy: false,
      ...(resolved.preventDestroy ? { lifecycle: { preventDestroy: true } } : {}),
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    const bucket = this.bucket.id;

    let versioning: S3BucketVersioningA | undefined;
    let policy: S3BucketPolicy | undefined;
    for (const part of layout.order) {
      switch (part) {
        case "publicAccessBlock":
          new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
            ...provider,
            bucket,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
          });
          break;
        case "ownership":
          new S3BucketOwnershipControls(this, layout.ids.ownership, {
            ...provider,
            bucket,
            rule: { objectOwnership: "BucketOwnerEnforced" },
          });
          break;
        case "versioning":
          versioning = new S3BucketVersioningA(this, "Versioning", { ...provider, bucket, versioningConfiguration: { status: "Enabled" } });
          break;
        case "encryption":
          new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
            ...provider,
            bucket,
            rule: [
              "kmsKeyArn" in props.encryption
                ? // Bucket keys cut KMS requests (and their cost) by orders of magnitude.
                  {
                    applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.encryption.kmsKeyArn },
                    bucketKeyEnabled: true,
                  }
                : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
            ],
          });
          break;
        case "lifecycle":
          new S3BucketLifecycleConfiguration(this, "Lifecycle", {
            ...provider,
            bucket,
            rule: layout.lifecycleRules(resolved),
            // S3 rejects noncurrent-version rules until versioning is on; the bootstrap layout waits.
            ...(layout.waitForVersioning && versioning ? { dependsOn: [versioning] } : {}),
          });
          break;
        case "objectLock":
          if (resolved.objectLockDays > 0)
            new S3BucketObjectLockConfigurationA(this, "ObjectLock", {
              ...provider,
              bucket,
              rule: { defaultRetention: { mode: "COMPLIANCE", days: resolved.objectLockDays } },
              ...(layout.waitForVersioning && versioning ? { dependsOn: [versioning] } : {}),
            });
          break;
        case "accessLogging":
          if (props.accessLogs)
            new S3BucketLoggingA(this, layout.ids.accessLogging, {
              ...provider,
              bucket,
              targetBucket: props.accessLogs.bucketName,
              targetPrefix: props.accessLogs.prefix,
            });
          break;
        case "policy":
          policy = new S3BucketPolicy(this, "Policy", { ...provider, bucket, policy: this.policyDocument(props, layout) });
          break;
      }
    }
    this.versioning = required(versioning, `the versioning of bucket layout "${resolved.layout}"`);
    this.policy = required(policy, `the policy of bucket layout "${resolved.layout}"`);
  }

  private policyDocument(props: SecureBucketProps, layout: (typeof BUCKET_LAYOUTS)[BucketLayout]): string {
    const statements: PolicyStatement[] = [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [this.bucketArn, `${this.bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ];
    if (props.accessLogTarget) {
      // docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html, "bucket policy".
      const delivery = layout.accessLogDelivery(props.bucketName, this.bucketArn, Partition.of(this));
      statements.push({
        Sid: delivery.sid,
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: delivery.resource,
        Condition: { StringEquals: { "aws:SourceAccount": props.accessLogTarget.sourceAccountId } },
      });
    }
    statements.push(...(props.policyStatements ?? []));
    return policyJson(...statements);
  }
}

const days = (value: number | undefined, min: number): boolean => value === undefined || (Number.isInteger(value) && value >= min);

/** Checks every prop (all problems reported at once) and fills in the defaults. */
function validate(scope: Construct, props: SecureBucketProps): ResolvedBucketProps {
  const resolved: ResolvedBucketProps = {
    layout: props.layout ?? "standard",
    preventDestroy: props.preventDestroy ?? true,
    objectLockDays: props.objectLockDays ?? 0,
    expirationDays: props.expirationDays,
    transition: props.transition,
    noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays ?? 30,
    abortIncompleteMultipartUploadDays: props.abortIncompleteMultipartUploadDays ?? 7,
  };
  const { objectLockDays: lockDays, expirationDays: expiration, transition } = resolved;
  const kms = "kmsKeyArn" in props.encryption;
  const problems = new PropsProblems(scope);
  problems.require(
    BUCKET_NAME.test(props.bucketName),
    "bucketName",
    props.bucketName,
    "3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit",
  );
  problems.require(
    "kmsKeyArn" in props.encryption ? props.encryption.kmsKeyArn.length > 0 : props.encryption.s3ManagedKeysBecause.trim().length > 0,
    "encryption",
    props.encryption,
    "a CMK ARN, or a non-empty reason for SSE-S3",
  );
  problems.require(
    props.accessLogTarget !== undefined || props.accessLogs !== undefined,
    "accessLogs",
    props.accessLogs,
    "a target bucket (only an access-log target may go without)",
  );
  problems.require(
    props.accessLogs === undefined || props.accessLogs.bucketName !== props.bucketName,
    "accessLogs.bucketName",
    props.accessLogs?.bucketName,
    "another bucket than this one (logging a bucket into itself loops)",
  );
  problems.require(
    props.accessLogTarget === undefined || !kms,
    "encryption",
    props.encryption,
    "SSE-S3 for an access-log target (S3 server access logging cannot write to SSE-KMS buckets)",
  );
  problems.require(
    props.accessLogTarget === undefined || /^\d{12}$/.test(props.accessLogTarget.sourceAccountId),
    "accessLogTarget.sourceAccountId",
    props.accessLogTarget?.sourceAccountId,
    "a 12-digit account id",
  );
  problems.require(Number.isInteger(lockDays) && lockDays >= 0 && lockDays <= 36500, "objectLockDays", lockDays, "0 (none) to 36500 days");
  problems.require(days(expiration, 1), "expirationDays", expiration, "1 or more days");
  problems.require(
    expiration === undefined || expiration >= lockDays,
    "expirationDays",
    expiration,
    `at least objectLockDays (${lockDays}): locked versions cannot expire`,
  );
  if (transition) {
    const min = transition.storageClass === "STANDARD_IA" ? 30 : 1;
    problems.require(
      days(transition.afterDays, min) && (expiration === undefined || transition.afterDays < expiration),
      "transition.afterDays",
      transition.afterDays,
      `${min} or more days (the ${transition.storageClass} minimum) and fewer than expirationDays`,
    );
  }
  problems.require(
    days(resolved.noncurrentVersionExpirationDays, 1),
    "noncurrentVersionExpirationDays",
    resolved.noncurrentVersionExpirationDays,
    "1 or more days",
  );
  problems.require(
    days(resolved.abortIncompleteMultipartUploadDays, 1),
    "abortIncompleteMultipartUploadDays",
    resolved.abortIncompleteMultipartUploadDays,
    "1 or more days",
  );
  problems.require(resolved.layout in BUCKET_LAYOUTS, "layout", resolved.layout, `one of ${Object.keys(BUCKET_LAYOUTS).join(", ")}`);
  problems.throwIfAny();
  return resolved;
}
