import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { customerManagedKey } from "../kit/customer-managed-key";
import type { Partition } from "../core/partition";
import { ACCESS_LOGS_NEED_SSE_S3, SecureBucket } from "../kit/secure-bucket";
import { PropsProblems } from "../kit/validation";

export interface StateBackendProps {
  /** Account the state belongs to (12 digits). */
  readonly accountId: string;
  /** Name of the state bucket; BaseStack's S3 backend uses the same (AccountConfig.stateLocations). */
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
  /**
   * Provider of the region the state lives in (a regional state bucket, AccountConfig.stateLocations).
   * @default - the stack's default AWS provider (the account's home region)
   */
  readonly provider?: TerraformProvider;
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
    new PropsProblems(this)
      .require(/^\d{12}$/.test(props.accountId), "accountId", props.accountId, "12 digits")
      .require(
        /^alias\/[a-zA-Z0-9/_-]+$/.test(props.kmsAliasName) && !props.kmsAliasName.startsWith("alias/aws/"),
        "kmsAliasName",
        props.kmsAliasName,
        "alias/<name> (letters, digits, '/', '_', '-', not alias/aws/)",
      )
      .require(
        props.accessLogBucketName !== props.bucketName,
        "accessLogBucketName",
        props.accessLogBucketName,
        `another bucket than bucketName ("${props.bucketName}")`,
      )
      .throwIfAny();

    // Access is granted by IAM policies (the state role); the key policy only delegates to IAM.
    // Spread into every resource: no provider key at all keeps the home backend's output as deployed.
    const provider = props.provider ? { provider: props.provider } : {};
    this.key = customerManagedKey(this, "Key", {
      ...provider,
      description: `Terraform state of account ${props.accountId}`,
      adminAccountId: props.accountId,
    });
    new KmsAlias(this, "Alias", { ...provider, name: props.kmsAliasName, targetKeyId: this.key.keyId });

    this.accessLogBucket = new SecureBucket(this, "AccessLogs", {
      ...provider,
      layout: "bootstrap",
      bucketName: props.accessLogBucketName,
      encryption: { s3ManagedKeysBecause: ACCESS_LOGS_NEED_SSE_S3 },
      accessLogTarget: { sourceAccountId: props.accountId },
      expirationDays: 365,
      noncurrentVersionExpirationDays: 90,
    });
    this.bucket = new SecureBucket(this, "Bucket", {
      ...provider,
      layout: "bootstrap",
      bucketName: props.bucketName,
      encryption: { kmsKeyArn: this.key.arn },
      accessLogs: { bucketName: props.accessLogBucketName, prefix: `${props.bucketName}/` },
      noncurrentVersionExpirationDays: props.stateHistoryDays ?? 365,
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
