import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { customerManagedKey } from "../kms/customer-managed-key";
import { SecureBucket } from "./secure-bucket";
import { Partition } from "../core/partition";

export interface StateBackendProps {
  /** Account the state belongs to (12 digits). */
  readonly accountId: string;
  /** Name of the state bucket; BaseStack's S3 backend uses the same (AccountConfig.stateBucket). */
  readonly bucketName: string;
  /** KMS alias, `alias/<org>-tfstate`; BaseStack's backend names the key by this alias. */
  readonly kmsAliasName: string;
  /** Bucket receiving the state bucket's server access logs (SSE-S3). */
  readonly accessLogBucketName: string;
  /**
   * Days a replaced state version is kept (state history for recovery).
   * @default 365
   */
  readonly stateHistoryDays?: number;
}

/**
 * The Terraform state of one account: a CMK with rotation and an alias, the versioned state bucket
 * encrypted with it, and an SSE-S3 bucket for the state bucket's access logs. Both buckets and the
 * key are protected from destroy.
 */
export class StateBackend extends Construct {
  readonly key: KmsKey;
  readonly bucket: SecureBucket;
  readonly accessLogBucket: SecureBucket;

  constructor(scope: Construct, id: string, props: StateBackendProps) {
    super(scope, id);
    const problems: string[] = [];
    if (!/^\d{12}$/.test(props.accountId)) problems.push(`accountId must be 12 digits, got "${props.accountId}"`);
    if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(props.kmsAliasName) || props.kmsAliasName.startsWith("alias/aws/")) {
      problems.push(`kmsAliasName must be alias/<name> (letters, digits, '/', '_', '-', not alias/aws/), got "${props.kmsAliasName}"`);
    }
    if (props.accessLogBucketName === props.bucketName)
      problems.push(`accessLogBucketName must differ from bucketName ("${props.bucketName}")`);
    if (problems.length > 0) throw new Error(`StateBackend:\n- ${problems.join("\n- ")}`);

    // Access is granted by IAM policies (the state role); the key policy only delegates to IAM.
    this.key = customerManagedKey(this, "Key", {
      description: `Terraform state of account ${props.accountId}`,
      adminAccountId: props.accountId,
    });
    new KmsAlias(this, "Alias", { name: props.kmsAliasName, targetKeyId: this.key.keyId });

    this.accessLogBucket = new SecureBucket(this, "AccessLogs", {
      bucketName: props.accessLogBucketName,
      kmsKeyArn: null,
      expireAfterDays: 365,
      policyStatements: [serverAccessLogDelivery(Partition.of(this), props.accessLogBucketName, props.accountId)],
    });
    this.bucket = new SecureBucket(this, "Bucket", {
      bucketName: props.bucketName,
      kmsKeyArn: this.key.arn,
      accessLogBucketName: props.accessLogBucketName,
      noncurrentVersionDays: props.stateHistoryDays ?? 365,
      // No deny on writes without an SSE header: the default encryption already applies the key, and
      // Terraform's lock file (use_lockfile) must not depend on request headers.
    });
  }
}

/**
 * Lets S3 server access logging write into an access-log bucket, for source buckets of one account
 * (docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html, "bucket policy").
 */
export function serverAccessLogDelivery(
  partition: Partition,
  accessLogBucketName: string,
  sourceAccountId: string,
): Record<string, unknown> {
  return {
    Sid: "S3ServerAccessLogDelivery",
    Effect: "Allow",
    Principal: { Service: "logging.s3.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: partition.s3Arn(`${accessLogBucketName}/*`),
    Condition: { StringEquals: { "aws:SourceAccount": sourceAccountId } },
  };
}
