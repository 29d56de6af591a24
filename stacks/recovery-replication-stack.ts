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
}

/** ARN of an RDS DB instance, in the partition of the environment's account. */
export const dbInstanceArn = (env: EnvironmentConfig, identifier: string): string =>
  arn({ partition: env.account.partition, service: "rds", region: env.region, account: env.account.id, resource: `db:${identifier}` });

/**
 * The primary region's half of the recovery target: what copies data out (replication of the
 * ClickHouse backups bucket, a daily AWS Backup snapshot of RDS copied to the recovery vault) and
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
    const plan = new RdsBackupPlan(this, "RdsBackups", {
      namePrefix: env.name,
      instanceArn: dbInstanceArn(env, data.postgres.instanceIdentifier),
      vaultKmsKeyArn: data.dataKmsKeyArn,
      retentionDays,
      copyTo: { vaultArn: recovery.vaultArn, retentionDays },
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
