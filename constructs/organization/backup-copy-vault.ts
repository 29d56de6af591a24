import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { BackupVaultPolicy } from "@cdktf/provider-aws/lib/backup-vault-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { customerManagedKey } from "../kit/customer-managed-key";
import { PropsProblems } from "../kit/validation";
import { policyDocument, serviceTrustPolicy, type PolicyDocument, type PolicyStatement } from "../kit/policy-document";
import { Partition } from "../core/partition";

/**
 * Compliance-mode lock: after `changeableForDays` nobody, the account root included, can delete a
 * recovery point before its retention ends, shorten it, or remove the lock. Governance mode can be
 * lifted by a principal allowed `backup:DeleteBackupVaultLockConfiguration`. Three days is the
 * shortest grace time AWS accepts (AWS Backup Developer Guide, "AWS Backup Vault Lock",
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html, read 2026-12-07).
 */
export const COMPLIANCE_LOCK_GRACE_DAYS = 3;

export type VaultLockMode = "compliance" | "governance";

export interface BackupCopyVaultPolicyInput {
  /** ARN of the vault the policy is attached to. */
  readonly vaultArn: string;
  /** The organization both accounts belong to (cross-account copies stay inside it). */
  readonly organizationId: string;
  /** Accounts whose AWS Backup plans copy into the vault. */
  readonly sourceAccountIds: readonly string[];
}

/**
 * The vault's access policy: `backup:CopyIntoBackupVault` is the one action it grants, and only to
 * principals of the source accounts that are members of the organization ("Creating backup copies
 * across AWS accounts" and "Vault access policies", AWS Backup Developer Guide,
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html, read
 * 2026-12-07: the destination vault's access policy must allow the source account). Nothing in it
 * lets a source account read, restore from or delete the copies.
 */
export function backupCopyVaultPolicy(input: BackupCopyVaultPolicyInput): PolicyDocument {
  return policyDocument({
    Sid: "CopyFromOrganizationSourceAccounts",
    Effect: "Allow",
    Principal: { AWS: "*" },
    Action: "backup:CopyIntoBackupVault",
    Resource: input.vaultArn,
    Condition: {
      StringEquals: { "aws:PrincipalOrgID": input.organizationId, "aws:PrincipalAccount": [...input.sourceAccountIds] },
    },
  });
}

/**
 * AWS Backup's service-linked role, the same path in every account (AWS Backup Developer Guide,
 * "Using service-linked roles for AWS Backup",
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/using-service-linked-roles.html, read
 * 2026-12-07). In the destination account of a cross-account copy it is this role that copies an
 * RDS snapshot not fully managed by AWS Backup, so the source's key must be usable by it ("How
 * encryption works in AWS Backup", AWS Storage Blog,
 * https://aws.amazon.com/blogs/storage/how-encryption-works-in-aws-backup/, read 2026-12-07; its
 * managed policy AWSBackupServiceLinkedRolePolicyForBackup holds `rds:CopyDBSnapshot` on
 * `snapshot:awsbackup:*` and the KMS actions below, through RDS only).
 */
export const BACKUP_SERVICE_LINKED_ROLE = "role/aws-service-role/backup.amazonaws.com/AWSServiceRoleForBackup";

/**
 * The way back (runbooks/region-loss.md, "Restoring from the cross-account copy"): the vault key
 * usable by the source accounts' AWS Backup, so a copy job started in this account can copy a
 * recovery point back into the source account's own vault. The mirror of the grant the source's
 * data key gives this account for the copy in (constructs/data/data-kms-key.ts, same actions), but
 * narrower: only AWS Backup's service-linked role of each source account (`aws:PrincipalArn`), only
 * from that account (`kms:CallerAccount`), only through RDS in the vault's region (`kms:ViaService`;
 * DescribeKey, which reads metadata only, also directly), grants only for AWS resources.
 *
 * Pre-granted, not a break-glass flag, because it weakens none of what the locked vault is for:
 * - the lock protects the copies' existence: nothing here deletes, disables, schedules deletion of
 *   or re-policies the key, and the vault policy still lets no other account touch the copies
 *   (cross-account vault access for anything but `backup:CopyIntoBackupVault` is rejected whatever
 *   the policy says: "Vault access policies", AWS Backup Developer Guide, read 2026-12-07);
 * - the service-linked role can be neither assumed (it trusts AWS Backup only) nor edited by anyone
 *   in the source account, and it acts on this key only while a copy job started *here* shares a
 *   snapshot with its account: a compromised source account cannot start one (StartCopyJob runs in
 *   the account that holds the recovery point);
 * - what the key could decrypt is the source account's own data, which it already holds.
 * Granting it by hand during an incident would instead mean editing the key policy of the
 * organization's write-once account under time pressure, the riskier change.
 */
export function copyBackKeyStatements(partition: Partition, region: string, sourceAccountIds: readonly string[]): PolicyStatement[] {
  const accounts = [...sourceAccountIds];
  const principal = { AWS: accounts.map((id) => partition.iamArn(id, "root")) };
  const backupOfSource = {
    ArnEquals: { "aws:PrincipalArn": accounts.map((id) => partition.iamArn(id, BACKUP_SERVICE_LINKED_ROLE)) },
    StringEquals: { "kms:CallerAccount": accounts },
  };
  const throughRds = { StringEquals: { ...backupOfSource.StringEquals, "kms:ViaService": partition.endpoint("rds", region) } };
  return [
    {
      Sid: "SourceAccountsBackupDescribesKeyToCopyBack",
      Effect: "Allow",
      Principal: principal,
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: backupOfSource,
    },
    {
      Sid: "SourceAccountsBackupReadsCopiesBackThroughRds",
      Effect: "Allow",
      Principal: principal,
      Action: ["kms:Decrypt", "kms:ReEncryptFrom", "kms:GenerateDataKeyWithoutPlaintext"],
      Resource: "*",
      Condition: { ...backupOfSource, ...throughRds },
    },
    {
      Sid: "SourceAccountsBackupGrantsToRdsToCopyBack",
      Effect: "Allow",
      Principal: principal,
      Action: "kms:CreateGrant",
      Resource: "*",
      Condition: { ...backupOfSource, ...throughRds, Bool: { "kms:GrantIsForAWSResource": "true" } },
    },
  ];
}

/** Name of the role AWS Backup assumes in the vault's account to copy a recovery point back. */
export const copyBackRoleName = (vaultName: string): string => `${vaultName}-copy-back`;

export interface BackupCopyVaultProps {
  /** Provider of the account that holds the copies (the log-archive account). */
  readonly provider: TerraformProvider;
  /** Region of the vault: the source vault's, so each copy is cross-account only. */
  readonly region: string;
  /** Vault name, for example `us-rds-cross-account`; the KMS alias is `alias/<vaultName>`. */
  readonly vaultName: string;
  /** Account that holds the vault (its IAM administers the vault key). */
  readonly accountId: string;
  readonly organizationId: string;
  readonly sourceAccountIds: readonly string[];
  /** ARN the vault will have (the policy names it; built by the caller from region, account and name). */
  readonly vaultArn: string;
  /** Shortest retention the lock accepts: the copies' retention. */
  readonly minRetentionDays: number;
  /** Lock mode. Production: compliance. */
  readonly lockMode: VaultLockMode;
  /** Keep the key on destroy. @default true */
  readonly protect?: boolean;
}

/**
 * A vault in another account than the data it holds, receiving AWS Backup copies from the
 * organization's source accounts: its own customer-managed key (AWS Backup re-encrypts a copy with
 * the destination vault's key), an access policy allowing only `backup:CopyIntoBackupVault` from the
 * source accounts, and a Vault Lock. No maximum retention: the lock cannot be changed after its
 * grace time, and a later, longer retention in the environment file must still be accepted.
 *
 * The way back is built too, so a restore needs no IAM or KMS change during the incident: the key
 * lets the source accounts' AWS Backup copy recovery points back (`copyBackKeyStatements`), and a
 * role lets AWS Backup run that copy job from this account (`copyBackRole`). The source vault must
 * allow `backup:CopyIntoBackupVault` from this account (constructs/recovery/rds-backup-plan.ts).
 */
export class BackupCopyVault extends Construct {
  readonly vault: BackupVault;
  readonly key: KmsKey;
  /**
   * The role a copy job started in this account passes to AWS Backup to copy a recovery point back
   * to its source account (`aws backup start-copy-job --iam-role-arn`): AWS Backup's managed backup
   * policy, which holds the copy and snapshot-sharing actions, as the source's own backup role has.
   */
  readonly copyBackRole: IamRole;

  constructor(scope: Construct, id: string, props: BackupCopyVaultProps) {
    super(scope, id);
    const problems = new PropsProblems(this);
    problems.require(/^[a-zA-Z0-9\-_]{2,50}$/.test(props.vaultName), "vaultName", props.vaultName, "2 to 50 letters, digits, '-' or '_'");
    problems.require(
      Number.isInteger(props.minRetentionDays) && props.minRetentionDays >= 1,
      "minRetentionDays",
      props.minRetentionDays,
      "1 or more whole days",
    );
    problems.require(props.sourceAccountIds.length > 0, "sourceAccountIds", props.sourceAccountIds, "at least one source account");
    problems.throwIfAny();

    const { provider, region } = props;
    this.key = customerManagedKey(this, "Key", {
      provider,
      description: `AWS Backup copies in vault ${props.vaultName} (${region}), from ${props.sourceAccountIds.join(", ")}`,
      adminAccountId: props.accountId,
      protect: props.protect ?? true,
      serviceStatements: copyBackKeyStatements(Partition.of(this), region, props.sourceAccountIds),
    });
    this.key.region = region;
    new KmsAlias(this, "Alias", { provider, region, name: `alias/${props.vaultName}`, targetKeyId: this.key.keyId });
    this.vault = new BackupVault(this, "Resource", { provider, region, name: props.vaultName, kmsKeyArn: this.key.arn });
    new BackupVaultPolicy(this, "Policy", {
      provider,
      region,
      backupVaultName: this.vault.name,
      policy: JSON.stringify(backupCopyVaultPolicy(props)),
    });
    new BackupVaultLockConfiguration(this, "Lock", {
      provider,
      region,
      backupVaultName: this.vault.name,
      minRetentionDays: props.minRetentionDays,
      ...(props.lockMode === "compliance" ? { changeableForDays: COMPLIANCE_LOCK_GRACE_DAYS } : {}),
    });
    this.copyBackRole = new IamRole(this, "CopyBackRole", {
      provider,
      name: copyBackRoleName(props.vaultName),
      description: `AWS Backup: copy recovery points of ${props.vaultName} back to their source account`,
      assumeRolePolicy: serviceTrustPolicy("backup.amazonaws.com"),
    });
    new IamRolePolicyAttachment(this, "CopyBackRoleBackup", {
      provider,
      role: this.copyBackRole.name,
      policyArn: Partition.of(this).managedPolicyArn("service-role/AWSBackupServiceRolePolicyForBackup"),
    });
  }
}
