import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { cloudWatchLogsStatement, customerManagedKey } from "../kit/customer-managed-key";
import type { PolicyStatement } from "../kit/policy-document";
import { PropsProblems } from "../kit/validation";
import { Partition } from "../core/partition";

export interface DataKmsKeyProps {
  /** Alias without the `alias/` prefix, for example `us-data`. */
  readonly aliasName: string;
  readonly description: string;
  /** Account that owns the key; its IAM policies decide who may use it. */
  readonly accountId: string;
  /** Region of the key (CloudWatch Logs is allowed to use it there). */
  readonly region: string;
  /** Production: Terraform refuses to destroy the key and AWS waits the longest window. */
  readonly production: boolean;
  /**
   * Provider of another region (cross-region backup copies).
   * @default - the stack's default provider
   */
  readonly provider?: AwsProvider;
  /**
   * Accounts that receive AWS Backup copies of recovery points encrypted with this key: each may use
   * the key to read and re-encrypt them, and nothing else (`backupCopyStatement`).
   * @default - none
   */
  readonly backupCopyAccountIds?: readonly string[];
}

/**
 * Lets other accounts copy what this key encrypts: an RDS snapshot encrypted with a customer
 * managed key can only be copied to another account if the key is shared with it ("In the source
 * account, if your resources are encrypted with a customer managed key, you must share this
 * customer managed key with the destination account": AWS Backup Developer Guide, "Creating backup
 * copies across AWS accounts", https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html,
 * read 2026-12-07). The actions are those the RDS User Guide lists for sharing an encrypted
 * snapshot's key ("Allowing access to an AWS KMS key",
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/share-encrypted-snapshot.html, read
 * 2026-12-07), grants only for AWS resources; no Encrypt, no administration.
 */
export function backupCopyStatements(partition: Partition, accountIds: readonly string[]): PolicyStatement[] {
  if (accountIds.length === 0) return [];
  const principal = { AWS: accountIds.map((id) => partition.iamArn(id, "root")) };
  return [
    {
      Sid: "BackupCopyAccountsReadRecoveryPoints",
      Effect: "Allow",
      Principal: principal,
      Action: ["kms:Decrypt", "kms:DescribeKey", "kms:ReEncryptFrom", "kms:GenerateDataKeyWithoutPlaintext"],
      Resource: "*",
    },
    {
      Sid: "BackupCopyAccountsGrantToAwsServices",
      Effect: "Allow",
      Principal: principal,
      Action: "kms:CreateGrant",
      Resource: "*",
      Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
    },
  ];
}

/**
 * A symmetric customer-managed KMS key with yearly rotation. The key policy delegates to IAM in
 * the owning account (services such as RDS, MSK, S3 and Secrets Manager use the caller's
 * permissions through grants) and lets CloudWatch Logs encrypt this account's log groups.
 */
export class DataKmsKey extends Construct {
  readonly key: KmsKey;
  readonly keyArn: string;

  constructor(scope: Construct, id: string, props: DataKmsKeyProps) {
    super(scope, id);
    const problems = new PropsProblems(this);
    problems.require(
      /^[a-zA-Z0-9/_-]{1,250}$/.test(props.aliasName) && !props.aliasName.startsWith("aws/"),
      "aliasName",
      props.aliasName,
      "letters, digits, '/', '_' or '-', not starting with aws/",
    );
    problems.require(/^\d{12}$/.test(props.accountId), "accountId", props.accountId, "a 12-digit AWS account id");
    problems.throwIfAny();

    const logsArn = Partition.of(this).arn({ service: "logs", region: props.region, account: props.accountId, resource: "*" });
    // Protected in production: a mistaken schedule-deletion can be cancelled for 30 days.
    this.key = customerManagedKey(this, "Resource", {
      ...(props.provider ? { provider: props.provider } : {}),
      description: props.description,
      adminAccountId: props.accountId,
      protect: props.production,
      serviceStatements: [
        cloudWatchLogsStatement(Partition.of(this), "CloudWatchLogsOfThisAccount", props.region, logsArn),
        ...backupCopyStatements(Partition.of(this), props.backupCopyAccountIds ?? []),
      ],
    });
    new KmsAlias(this, "Alias", {
      ...(props.provider ? { provider: props.provider } : {}),
      name: `alias/${props.aliasName}`,
      targetKeyId: this.key.keyId,
    });
    this.keyArn = this.key.arn;
  }
}
