import { Construct } from "constructs";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { SsmDocument } from "@cdktf/provider-aws/lib/ssm-document";
import { EncryptedLogGroup } from "../kit/encrypted-log-group";
import { PropsProblems } from "../kit/validation";
import { Partition } from "../core/partition";
import type { SessionTranscriptArchive } from "../organization/session-transcripts-bucket";
import { policyJson, type PolicyStatement } from "../kit/policy-document";

/**
 * Session Manager reads an account's and region's session preferences from the Session document of
 * this name (console "Preferences" writes the same document). Session document schema:
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-schema.html (read 2026-12-07).
 */
export const SESSION_PREFERENCES_DOCUMENT = "SSM-SessionManagerRunShell";

export interface SessionLoggingProps {
  /** Environment name: names the log group and the writer policy. */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** Days session transcripts are kept; one of LOG_RETENTION_DAYS. */
  readonly retentionDays: number;
  /** Keep the log group's key on destroy (production). @default true */
  readonly preventDestroy?: boolean;
  /** Minutes an idle session stays open (Session Manager allows 1 to 60). @default 20 */
  readonly idleSessionTimeoutMinutes?: number;
  /** Longest session in minutes (1 to 1440). @default 60 */
  readonly maxSessionDurationMinutes?: number;
  /**
   * The organization's transcript bucket in the log-archive account: each session's transcript is
   * also written there when it ends, out of this account's administrators' reach.
   * @default - transcripts stay in this account's log group
   */
  readonly archive?: SessionTranscriptArchive;
}

/**
 * Instance-side permissions for the S3 output ("Logging session data using Amazon S3", Session
 * Manager, https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-logging-s3.html,
 * read 2026-12-07): add objects under the prefix, check the bucket's encryption, and use the
 * bucket's key through S3 only.
 */
function archiveStatements(partition: Partition, archive: SessionTranscriptArchive): PolicyStatement[] {
  const bucketArn = partition.s3Arn(archive.bucketName);
  return [
    {
      Sid: "ArchiveTranscripts",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:PutObjectAcl"],
      Resource: `${bucketArn}/${archive.keyPrefix}/*`,
    },
    { Sid: "CheckArchiveEncryption", Effect: "Allow", Action: "s3:GetEncryptionConfiguration", Resource: bucketArn },
    {
      Sid: "EncryptArchivedTranscripts",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: archive.kmsKeyArnPattern,
      Condition: { StringEquals: { "kms:ViaService": partition.endpoint("s3", archive.region) } },
    },
  ];
}

/**
 * Session Manager transcripts of one account and region: every shell session on a node is streamed
 * to a KMS-encrypted log group (cloudWatchEncryptionEnabled refuses an unencrypted group), and
 * sessions may not switch to another OS user (runAsEnabled false). The instances write the
 * transcript with their own role, so each instance role that serves sessions attaches
 * `writerPolicy` (writerPolicyArn names it for a stack that cannot reference it).
 */
export class SessionLogging extends Construct {
  readonly logGroup: EncryptedLogGroup;
  readonly document: SsmDocument;
  readonly writerPolicy: IamPolicy;

  /** ARN of the writer policy of an environment (it has a fixed name, created by the data layer). */
  static writerPolicyArn(scope: Construct, accountId: string, namePrefix: string): string {
    return Partition.of(scope).iamArn(accountId, `policy/${namePrefix}-session-logging-writer`);
  }

  constructor(scope: Construct, id: string, props: SessionLoggingProps) {
    super(scope, id);
    const idle = props.idleSessionTimeoutMinutes ?? 20;
    const max = props.maxSessionDurationMinutes ?? 60;
    new PropsProblems(this)
      .require(Number.isInteger(idle) && idle >= 1 && idle <= 60, "idleSessionTimeoutMinutes", idle, "a whole number from 1 to 60")
      .require(Number.isInteger(max) && max >= 1 && max <= 1440, "maxSessionDurationMinutes", max, "a whole number from 1 to 1440")
      .throwIfAny();

    const logGroupName = `/aws/ssm/session-manager/${props.namePrefix}`;
    this.logGroup = new EncryptedLogGroup(this, "LogGroup", {
      logGroupName,
      retentionDays: props.retentionDays,
      accountId: props.accountId,
      region: props.region,
      purpose: "Session Manager transcripts",
      preventDestroy: props.preventDestroy ?? true,
    });
    this.document = new SsmDocument(this, "Preferences", {
      name: SESSION_PREFERENCES_DOCUMENT,
      documentType: "Session",
      documentFormat: "JSON",
      content: JSON.stringify({
        schemaVersion: "1.0",
        description: "Session Manager preferences: every session streamed to an encrypted log group",
        sessionType: "Standard_Stream",
        inputs: {
          s3BucketName: props.archive?.bucketName ?? "",
          s3KeyPrefix: props.archive?.keyPrefix ?? "",
          s3EncryptionEnabled: true,
          cloudWatchLogGroupName: logGroupName,
          cloudWatchEncryptionEnabled: true,
          cloudWatchStreamingEnabled: true,
          idleSessionTimeout: String(idle),
          maxSessionDuration: String(max),
          kmsKeyId: "",
          runAsEnabled: false,
          runAsDefaultUser: "",
          shellProfile: { linux: "", windows: "" },
        },
      }),
      dependsOn: [this.logGroup.logGroup],
    });
    const logsArn = (resource: string) =>
      Partition.of(this).arn({ service: "logs", region: props.region, account: props.accountId, resource });
    const groupArn = logsArn(`log-group:${logGroupName}`);
    // Instance-side permissions for CloudWatch Logs session output: "Create a custom IAM role for
    // Session Manager" https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-create-iam-instance-profile.html
    // (read 2026-12-07). DescribeLogGroups lets the agent check the group is encrypted.
    this.writerPolicy = new IamPolicy(this, "WriterPolicy", {
      name: `${props.namePrefix}-session-logging-writer`,
      description: `Write Session Manager transcripts to ${logGroupName}`,
      policy: policyJson(
        {
          Sid: "WriteTranscripts",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [groupArn, `${groupArn}:*`],
        },
        {
          Sid: "CheckGroupEncryption",
          Effect: "Allow",
          Action: ["logs:DescribeLogGroups"],
          Resource: logsArn("log-group:*"),
        },
        ...(props.archive ? archiveStatements(Partition.of(this), props.archive) : []),
      ),
    });
  }
}
