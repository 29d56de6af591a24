import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import { Partition } from "../core/partition";
import { SecureBucket } from "../kit/secure-bucket";
import { PropsProblems } from "../kit/validation";
import { policyJson } from "../kit/policy-document";

/** Key prefix of AWS Config's deliveries (the delivery channels' `s3_key_prefix`). */
export const CONFIG_KEY_PREFIX = "config";
/**
 * Days Config's objects stay in the delivery bucket. The copy that counts is the one replicated into
 * the locked archive; this one only has to outlive replication retries.
 */
export const CONFIG_DELIVERY_DAYS = 90;

export interface ConfigDeliveryBucketProps {
  /** Provider of the log archive account (the bucket, its replication role and the archive live there). */
  readonly provider: TerraformProvider;
  readonly organizationName: string;
  readonly logArchiveAccountId: string;
  /** Region of the bucket: the delivery channels' KMS key must be in the bucket's region. */
  readonly region: string;
  /** Every account whose AWS Config delivers here. */
  readonly configAccountIds: readonly string[];
  /** CMK (ARN) that encrypts the deliveries here and the replicas in the archive. */
  readonly kmsKeyArn: string;
  /** Bucket receiving this bucket's server access logs. */
  readonly accessLogBucketName: string;
  /** The object-locked audit log bucket that keeps Config's history. */
  readonly archive: SecureBucket;
}

/**
 * The bucket AWS Config delivers to, in the log archive account, replicated into the object-locked
 * audit archive. Config cannot deliver to a bucket with Object Lock enabled (AWS CloudFormation
 * reference, AWS::Config::DeliveryChannel, note on Object Lock; read 2026-12-02), so it writes
 * here and S3 replication copies every object into the archive, where the archive's default
 * COMPLIANCE retention applies to the replica ("Object Lock considerations: Using Object Lock with S3
 * Replication", Amazon S3 user guide; read 2026-12-02).
 *
 * Private, versioned (replication needs versioning on both sides), TLS only, encrypted with the
 * audit CMK, access-logged, and short-lived: objects expire after CONFIG_DELIVERY_DAYS.
 */
export class ConfigDeliveryBucket extends Construct {
  readonly bucket: SecureBucket;
  readonly replicationRole: IamRole;
  readonly replication: S3BucketReplicationConfigurationA;

  constructor(scope: Construct, id: string, props: ConfigDeliveryBucketProps) {
    super(scope, id);
    const problems = new PropsProblems(this);
    problems.require(/^\d{12}$/.test(props.logArchiveAccountId), "logArchiveAccountId", props.logArchiveAccountId, "12 digits");
    problems.require(props.configAccountIds.length > 0, "configAccountIds", props.configAccountIds, "at least one account");
    props.configAccountIds.forEach((a, i) => problems.require(/^\d{12}$/.test(a), `configAccountIds[${i}]`, a, "12 digits"));
    problems.throwIfAny();

    const provider = props.provider;
    const bucketName = `${props.organizationName}-config-delivery-${props.logArchiveAccountId}`;
    const bucketArn = Partition.of(this).s3Arn(bucketName);
    const configAccounts = [...props.configAccountIds].sort();

    // Statements follow "Permissions for the Amazon S3 Bucket for the AWS Config Delivery Channel"
    // (AWS Config developer guide; read 2026-12-02).
    this.bucket = new SecureBucket(this, "Bucket", {
      provider,
      layout: "bootstrap",
      bucketName,
      encryption: { kmsKeyArn: props.kmsKeyArn },
      accessLogs: { bucketName: props.accessLogBucketName, prefix: `${bucketName}/` },
      expirationDays: CONFIG_DELIVERY_DAYS,
      noncurrentVersionExpirationDays: 30,
      policyStatements: [
        {
          Sid: "ConfigBucketCheck",
          Effect: "Allow",
          Principal: { Service: "config.amazonaws.com" },
          Action: ["s3:GetBucketAcl", "s3:ListBucket"],
          Resource: bucketArn,
          Condition: { StringEquals: { "aws:SourceAccount": configAccounts } },
        },
        {
          Sid: "ConfigWrite",
          Effect: "Allow",
          Principal: { Service: "config.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: configAccounts.map((account) => `${bucketArn}/${CONFIG_KEY_PREFIX}/AWSLogs/${account}/Config/*`),
          Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": configAccounts } },
        },
      ],
    });

    // Replication role: read versions here, write replicas under config/ in the archive, with the
    // one CMK both buckets use ("Setting up permissions for live replication" and "Replicating
    // objects created with server-side encryption (SSE-KMS)", Amazon S3 user guide; read 2026-12-02).
    this.replicationRole = new IamRole(this, "ReplicationRole", {
      provider,
      name: `${props.organizationName}-config-replication`,
      description: "S3 replicates AWS Config deliveries into the object-locked audit archive",
      assumeRolePolicy: policyJson({
        Effect: "Allow",
        Principal: { Service: "s3.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": props.logArchiveAccountId } },
      }),
    });
    const viaS3 = { StringEquals: { "kms:ViaService": Partition.of(this).endpoint("s3", props.region) } };
    const policy = new IamRolePolicy(this, "ReplicationPolicy", {
      provider,
      role: this.replicationRole.name,
      name: "replicate-config-to-archive",
      policy: policyJson(
        {
          Sid: "ReadReplicationConfiguration",
          Effect: "Allow",
          Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
          Resource: bucketArn,
        },
        {
          Sid: "ReadSourceVersions",
          Effect: "Allow",
          Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
          Resource: `${bucketArn}/*`,
        },
        {
          Sid: "WriteReplicas",
          Effect: "Allow",
          Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
          Resource: `${props.archive.bucketArn}/${CONFIG_KEY_PREFIX}/*`,
        },
        { Sid: "DecryptSource", Effect: "Allow", Action: "kms:Decrypt", Resource: props.kmsKeyArn, Condition: viaS3 },
        {
          Sid: "EncryptReplicas",
          Effect: "Allow",
          Action: ["kms:Encrypt", "kms:GenerateDataKey"],
          Resource: props.kmsKeyArn,
          Condition: viaS3,
        },
      ),
    });

    // S3 refuses a replication configuration until versioning is on at both ends.
    this.replication = new S3BucketReplicationConfigurationA(this, "Replication", {
      provider,
      bucket: this.bucket.bucket.id,
      role: this.replicationRole.arn,
      rule: [
        {
          id: "config-to-locked-archive",
          status: "Enabled",
          priority: 1,
          filter: { prefix: `${CONFIG_KEY_PREFIX}/` },
          // Expiring an object here must not hide it in the archive.
          deleteMarkerReplication: { status: "Disabled" },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
          destination: {
            bucket: props.archive.bucketArn,
            encryptionConfiguration: { replicaKmsKeyId: props.kmsKeyArn },
          },
        },
      ],
      dependsOn: [this.bucket.versioning, props.archive.versioning, policy],
    });
  }
}
