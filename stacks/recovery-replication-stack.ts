import type { Construct } from "constructs";
import type { AlarmTopics } from "../constructs/observability/alarm-topics";
import { BackupCopyAlarms } from "../constructs/observability/backup-copy-alarms";
import { BucketReplication } from "../constructs/recovery/bucket-replication";
import { RdsBackupPlan } from "../constructs/recovery/rds-backup-plan";
import type { EnvironmentConfig } from "../lib/config/model";
import { BaseStack } from "./base-stack";
import type { DataOutputs } from "./contracts";
import type { RecoveryDataOutputs } from "./recovery-data-stack";
import { arn } from "../lib/catalog/partitions";

export interface RecoveryReplicationStackProps {
  readonly env: EnvironmentConfig;
  readonly data: DataOutputs;
  readonly recovery: RecoveryDataOutputs;
  /** The monitoring stack's topics (same account and region). */
  readonly topics: AlarmTopics;
  /** The locked vault in the log-archive account (created by the organization stack). @default - no cross-account copy */
  readonly crossAccountCopy?: CrossAccountCopyTarget;
}

/** ARN of an RDS DB instance, in the partition of the environment's account. */
export const dbInstanceArn = (env: EnvironmentConfig, identifier: string): string =>
  arn({ partition: env.account.partition, service: "rds", region: env.region, account: env.account.id, resource: `db:${identifier}` });

/** The cross-account copy of an environment's RDS recovery points (runbooks/region-loss.md). */
export interface CrossAccountCopyTarget {
  /** The account that holds the copies: the organization's log-archive account. */
  readonly accountId: string;
  /** The environment's own region: a copy that is cross-account only (see below). */
  readonly region: string;
  readonly vaultName: string;
  readonly vaultArn: string;
  readonly retentionDays: number;
}

/**
 * Where the environment's RDS recovery points are copied in another account, when the recovery
 * target is on (disasterRecovery.enabled; the same condition lib/app.ts adds the recovery stacks
 * under). The log-archive account holds them: it already is the organization's write-once record
 * (locked archive bucket, security OU, no workloads, changed only by the organization stack), so a
 * compromise of the production account's deploy role reaches neither it nor its vault; a dedicated
 * backup account would add an account, its bootstrap and budget for no further separation. The
 * copy stays in the source region: a single copy job that is both cross-Region and cross-account
 * is not supported for every resource type (AWS re:Post Knowledge Center, "backup-troubleshoot-
 * cross-account-copy", read 2026-12-07), and the recovery vault already covers the region's loss.
 */
export function crossAccountCopyTarget(env: EnvironmentConfig, logArchiveAccountId: string): CrossAccountCopyTarget | undefined {
  const dr = env.disasterRecovery;
  if (!dr.enabled || env.postgres.backupReplicationRegion === null || dr.vpcCidr === null) return undefined;
  const accountId = logArchiveAccountId;
  const vaultName = `${env.name}-rds-cross-account`;
  return {
    accountId,
    region: env.region,
    vaultName,
    vaultArn: arn({
      partition: env.account.partition,
      service: "backup",
      region: env.region,
      account: accountId,
      resource: `backup-vault:${vaultName}`,
    }),
    retentionDays: env.postgres.backupRetentionDays,
  };
}

/**
 * The primary region's half of the recovery target: what copies data out (replication of the
 * ClickHouse backups bucket, a daily AWS Backup snapshot of RDS copied to the recovery vault and to
 * a locked vault in the log-archive account) and
 * the alarms that say when those copies fall behind (runbooks/backup-copy-stale.md).
 */
export class RecoveryReplicationStack extends BaseStack {
  constructor(scope: Construct, id: string, props: RecoveryReplicationStackProps) {
    const { env, data, recovery } = props;
    super(scope, id, { account: env.account, region: env.region, tags: env.tags });
    const replication = new BucketReplication(this, "BackupsReplication", {
      roleName: `${env.name}-backups-replication`,
      sourceBucketName: data.backupsBucketName,
      sourceBucketArn: data.backupsBucketArn,
      sourceKmsKeyArn: data.dataKmsKeyArn,
      sourceRegion: env.region,
      destinationBucketArn: recovery.backupsReplicaBucketArn,
      destinationKmsKeyArn: recovery.kmsKeyArn,
    });
    const retentionDays = env.postgres.backupRetentionDays;
    // The organization stack creates the vault (and switches cross-account backup on) before any
    // environment stack is applied.
    const target = props.crossAccountCopy;
    const crossAccount = target ? [{ vaultArn: target.vaultArn, retentionDays: target.retentionDays }] : [];
    const plan = new RdsBackupPlan(this, "RdsBackups", {
      namePrefix: env.name,
      instanceArn: dbInstanceArn(env, data.postgres.instanceIdentifier),
      vaultKmsKeyArn: data.dataKmsKeyArn,
      retentionDays,
      copyTo: [{ vaultArn: recovery.vaultArn, retentionDays }, ...crossAccount],
      // The way back from the log-archive vault (runbooks/region-loss.md): copies in, nothing else.
      copyBackFromAccountIds: target ? [target.accountId] : [],
    });
    new BackupCopyAlarms(this, "CopyAlarms", {
      namePrefix: env.name,
      topics: props.topics,
      sourceVaultName: plan.vault.name,
      replication: {
        sourceBucketName: data.backupsBucketName,
        destinationBucketName: recovery.backupsReplicaBucketName,
        ruleId: replication.ruleId,
      },
    });
  }
}
