import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { BackupVaultPolicy } from "@cdktf/provider-aws/lib/backup-vault-policy";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { customerManagedKey } from "../kit/customer-managed-key";
import { PropsProblems } from "../kit/validation";
import { policyDocument, type PolicyDocument } from "../kit/policy-document";

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
 */
export class BackupCopyVault extends Construct {
  readonly vault: BackupVault;
  readonly key: KmsKey;

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
  }
}
