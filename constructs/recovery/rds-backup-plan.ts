import { Construct } from "constructs";
import { BackupPlan } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultPolicy } from "@cdktf/provider-aws/lib/backup-vault-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { policyJson, serviceTrustPolicy } from "../kit/policy-document";
import { Partition } from "../core/partition";
import { PropsProblems } from "../kit/validation";

/** Daily at 05:00 UTC: after the instance's backup window (03:00-04:00), so the two never overlap. */
export const RDS_BACKUP_PLAN_SCHEDULE = "cron(0 5 ? * * *)";

/** Where each recovery point is copied. */
export interface RecoveryPointCopy {
  /** ARN of the vault in the recovery region (or account). */
  readonly vaultArn: string;
  readonly retentionDays: number;
}

export interface RdsBackupPlanProps {
  /** Prefix of the vault, plan and role names, for example `us`. */
  readonly namePrefix: string;
  /** ARN of the DB instance backed up. */
  readonly instanceArn: string;
  /** CMK of the vault (recovery points of an encrypted instance keep the instance's key). */
  readonly vaultKmsKeyArn: string;
  /** Days a recovery point is kept in this region's vault. */
  readonly retentionDays: number;
  /**
   * When the daily snapshot is taken (AWS Backup cron, UTC). After the instance's own backup window
   * (03:00-04:00), so the two never overlap. @default "cron(0 5 ? * * *)"
   */
  readonly schedule?: string;
  /**
   * Vaults each recovery point is copied to (another region, another account). A vault in another
   * account must allow `backup:CopyIntoBackupVault` from this one.
   * @default - recovery points stay in this vault
   */
  readonly copyTo?: readonly RecoveryPointCopy[];
  /**
   * Accounts that may copy recovery points back into this vault: the way back from a cross-account
   * copy (`copyBackVaultPolicy`).
   * @default - none: the vault has no access policy
   */
  readonly copyBackFromAccountIds?: readonly string[];
}

/**
 * The vault's access policy for the way back from a cross-account copy: the accounts holding the
 * copies may copy a recovery point into this vault, and nothing else. A copy job started in the
 * other account needs exactly this ("the destination vault's access policy must allow the source
 * account": AWS Backup Developer Guide, "Creating backup copies across AWS accounts",
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/create-cross-account-backup.html, read
 * 2026-12-07). Harmless in normal times: it only lets copies in, which restore nothing by
 * themselves, and AWS rejects every other cross-account action on a vault whatever its policy
 * says ("Vault access policies", same guide, read 2026-12-07). The principal is each account's
 * root, which always exists, so the policy applies before anything in the other account does.
 */
export function copyBackVaultPolicy(partition: Partition, vaultArn: string, accountIds: readonly string[]): string {
  return policyJson({
    Sid: "CopyBackFromCrossAccountCopies",
    Effect: "Allow",
    Principal: { AWS: accountIds.map((id) => partition.iamArn(id, "root")) },
    Action: "backup:CopyIntoBackupVault",
    Resource: vaultArn,
  });
}

/** The IAM role AWS Backup assumes to back up and restore (AWS managed policies, AWS Backup Developer Guide, "Default service role", read 2026-12-07). */
export function backupServiceRole(scope: Construct, id: string, name: string): IamRole {
  const role = new IamRole(scope, id, {
    name,
    description: "AWS Backup: back up and restore the platform's RDS instances",
    assumeRolePolicy: serviceTrustPolicy("backup.amazonaws.com"),
  });
  for (const [suffix, policy] of [
    ["Backup", "service-role/AWSBackupServiceRolePolicyForBackup"],
    ["Restores", "service-role/AWSBackupServiceRolePolicyForRestores"],
  ] as const) {
    new IamRolePolicyAttachment(scope, `${id}${suffix}`, { role: role.name, policyArn: Partition.of(scope).managedPolicyArn(policy) });
  }
  return role;
}

/**
 * A daily AWS Backup snapshot of one RDS instance into a vault of its own, optionally copied to a
 * vault elsewhere. RDS's automated backups (PITR) stay the first line; this plan adds recovery
 * points that AWS Backup can copy to another region or account and restore-test on a schedule,
 * which automated backups cannot.
 */
export class RdsBackupPlan extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: RdsBackupPlanProps) {
    super(scope, id);
    const schedule = props.schedule ?? RDS_BACKUP_PLAN_SCHEDULE;
    const problems = new PropsProblems(this).require(
      /^cron\((\S+ ){5}\S+\)$/.test(schedule),
      "schedule",
      schedule,
      "an AWS cron expression with six fields",
    );
    const copies = props.copyTo ?? [];
    for (const [field, days] of [
      ["retentionDays", props.retentionDays] as const,
      ...copies.map((c, i) => [`copyTo[${i}].retentionDays`, c.retentionDays] as const),
    ])
      problems.require(Number.isInteger(days) && days >= 1, field, days, "1 or more whole days");
    (props.copyBackFromAccountIds ?? []).forEach((accountId, i) =>
      problems.require(/^\d{12}$/.test(accountId), `copyBackFromAccountIds[${i}]`, accountId, "a 12-digit AWS account id"),
    );
    problems.throwIfAny();

    this.vault = new BackupVault(this, "Vault", { name: `${props.namePrefix}-rds`, kmsKeyArn: props.vaultKmsKeyArn });
    const copyBackFrom = props.copyBackFromAccountIds ?? [];
    if (copyBackFrom.length > 0)
      new BackupVaultPolicy(this, "VaultPolicy", {
        backupVaultName: this.vault.name,
        policy: copyBackVaultPolicy(Partition.of(this), this.vault.arn, copyBackFrom),
      });
    this.role = backupServiceRole(this, "Role", `${props.namePrefix}-aws-backup`);
    this.plan = new BackupPlan(this, "Resource", {
      name: `${props.namePrefix}-rds-daily`,
      rule: [
        {
          ruleName: "daily",
          targetVaultName: this.vault.name,
          schedule,
          startWindow: 60,
          completionWindow: 480,
          lifecycle: { deleteAfter: props.retentionDays },
          ...(copies.length > 0
            ? { copyAction: copies.map((c) => ({ destinationVaultArn: c.vaultArn, lifecycle: { deleteAfter: c.retentionDays } })) }
            : {}),
        },
      ],
    });
    new BackupSelection(this, "Selection", {
      name: `${props.namePrefix}-rds`,
      planId: this.plan.id,
      iamRoleArn: this.role.arn,
      resources: [props.instanceArn],
    });
  }
}
