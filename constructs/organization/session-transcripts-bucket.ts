import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Partition } from "../core/partition";
import { customerManagedKey } from "../kit/customer-managed-key";
import { SecureBucket } from "../kit/secure-bucket";
import { PropsProblems } from "../kit/validation";
import { arn, type PartitionId } from "../../lib/catalog/partitions";

/** Key prefix of every transcript: `session-manager/<account id>/<environment>/...`. */
export const SESSION_TRANSCRIPTS_PREFIX = "session-manager";
/** Days a transcript is kept: as long as the environment's own log group keeps it. */
export const SESSION_TRANSCRIPT_DAYS = 365;

/** Where an environment account's Session Manager writes its transcripts (the session preferences' S3 output). */
export interface SessionTranscriptArchive {
  readonly bucketName: string;
  /** Region of the bucket and its key (the organization's home region). */
  readonly region: string;
  /** Key prefix of this account's and environment's transcripts. */
  readonly keyPrefix: string;
  /** ARN pattern of the bucket's key (`key/*` of the log-archive account in the bucket's region). */
  readonly kmsKeyArnPattern: string;
}

export interface SessionTranscriptNames {
  readonly organizationName: string;
  readonly partition: PartitionId;
  readonly logArchiveAccountId: string;
  readonly homeRegion: string;
}

/** Bucket name of the organization's session transcripts. */
export const sessionTranscriptsBucketName = (names: SessionTranscriptNames): string =>
  `${names.organizationName}-session-transcripts-${names.logArchiveAccountId}`;

/** Where one environment (account and name) writes its transcripts; names only, so any stack can compute them. */
export function sessionTranscriptArchive(names: SessionTranscriptNames, accountId: string, environment: string): SessionTranscriptArchive {
  return {
    bucketName: sessionTranscriptsBucketName(names),
    region: names.homeRegion,
    keyPrefix: `${SESSION_TRANSCRIPTS_PREFIX}/${accountId}/${environment}`,
    kmsKeyArnPattern: arn({
      partition: names.partition,
      service: "kms",
      region: names.homeRegion,
      account: names.logArchiveAccountId,
      resource: "key/*",
    }),
  };
}

export interface SessionTranscriptsBucketProps extends SessionTranscriptNames {
  /** Provider of the log-archive account (home region). */
  readonly provider: TerraformProvider;
  readonly auditAccountId: string;
  readonly organizationId: string;
  /** Accounts whose nodes write transcripts: the environments' accounts. */
  readonly writerAccountIds: readonly string[];
  /** Bucket receiving this bucket's server access logs. */
  readonly accessLogBucketName: string;
}

/**
 * Session Manager transcripts of every environment account, in the log-archive account, where no
 * member-account administrator can delete them. Each environment's session preferences name this
 * bucket as their S3 output, and the node writes its transcript with its own role when the session
 * ends (Session Manager, "Logging session data using Amazon S3",
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-logging-s3.html, read
 * 2026-12-07; the instance needs `s3:PutObject`, `s3:GetEncryptionConfiguration` and, for a KMS
 * encrypted bucket, `kms:GenerateDataKey`; for a bucket in another account also `s3:PutObjectAcl`
 * and `kms:Decrypt`, granted on both sides: AWS re:Post Knowledge Center, "How do I configure a
 * central Amazon S3 bucket for Session Manager logging from multiple AWS accounts?",
 * https://repost.aws/knowledge-center/ssm-s3-bucket-logging-multiple-accounts, read 2026-12-07). A principal of a writer account, inside the organization,
 * may only add objects under its own account's prefix; the audit account reads. Encrypted with a
 * customer-managed key of its own, which the writers may use only through S3.
 *
 * Not object-locked: a PUT into a bucket with Object Lock retention must carry Content-MD5 or an
 * SDK checksum (S3 User Guide, "Configuring S3 Object Lock", read 2026-12-07), which the SSM Agent's
 * upload is not documented to send; versioning and the account boundary protect the transcripts.
 */
export class SessionTranscriptsBucket extends Construct {
  readonly bucket: SecureBucket;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: SessionTranscriptsBucketProps) {
    super(scope, id);
    const problems = new PropsProblems(this);
    problems.require(props.writerAccountIds.length > 0, "writerAccountIds", props.writerAccountIds, "at least one account");
    props.writerAccountIds.forEach((a, i) => problems.require(/^\d{12}$/.test(a), `writerAccountIds[${i}]`, a, "12 digits"));
    problems.throwIfAny();

    const { provider } = props;
    const partition = Partition.of(this);
    const writers = [...new Set(props.writerAccountIds)].sort();
    const inOrganization = { "aws:PrincipalOrgID": props.organizationId, "aws:PrincipalAccount": writers };
    const bucketName = sessionTranscriptsBucketName(props);
    const bucketArn = partition.s3Arn(bucketName);
    const auditRoot = partition.iamArn(props.auditAccountId, "root");

    this.key = customerManagedKey(this, "Key", {
      provider,
      description: `Session Manager transcripts of the organization's environments (bucket ${bucketName})`,
      adminAccountId: props.logArchiveAccountId,
      serviceStatements: [
        {
          Sid: "SessionWritersEncryptThroughS3",
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: ["kms:GenerateDataKey", "kms:Decrypt"],
          Resource: "*",
          Condition: { StringEquals: { ...inOrganization, "kms:ViaService": partition.endpoint("s3", props.homeRegion) } },
        },
        {
          Sid: "AuditAccountReads",
          Effect: "Allow",
          Principal: { AWS: auditRoot },
          Action: ["kms:Decrypt", "kms:DescribeKey"],
          Resource: "*",
        },
      ],
    });
    new KmsAlias(this, "Alias", { provider, name: `alias/${props.organizationName}-session-transcripts`, targetKeyId: this.key.keyId });

    this.bucket = new SecureBucket(this, "Bucket", {
      provider,
      layout: "bootstrap",
      bucketName,
      encryption: { kmsKeyArn: this.key.arn },
      accessLogs: { bucketName: props.accessLogBucketName, prefix: `${bucketName}/` },
      expirationDays: SESSION_TRANSCRIPT_DAYS,
      noncurrentVersionExpirationDays: SESSION_TRANSCRIPT_DAYS,
      policyStatements: [
        {
          Sid: "SessionWritersCheckEncryption",
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: "s3:GetEncryptionConfiguration",
          Resource: bucketArn,
          Condition: { StringEquals: inOrganization },
        },
        {
          Sid: "SessionWritersAddToTheirOwnPrefix",
          Effect: "Allow",
          Principal: { AWS: "*" },
          // The agent's upload sets an ACL (bucket-owner-full-control, the one BucketOwnerEnforced accepts).
          Action: ["s3:PutObject", "s3:PutObjectAcl"],
          // ${aws:PrincipalAccount} is an IAM policy variable: each account writes under its own id only.
          Resource: `${bucketArn}/${SESSION_TRANSCRIPTS_PREFIX}/$\${aws:PrincipalAccount}/*`,
          Condition: { StringEquals: inOrganization },
        },
        {
          Sid: "AuditAccountReads",
          Effect: "Allow",
          Principal: { AWS: auditRoot },
          Action: ["s3:GetObject", "s3:ListBucket"],
          Resource: [bucketArn, `${bucketArn}/*`],
        },
      ],
    });
  }
}
