import type { Construct } from "constructs";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { DataBucket } from "../constructs/data/data-bucket";
import { DataKmsKey } from "../constructs/data/data-kms-key";
import { DataStoreSecurityGroup } from "../constructs/data/data-store-security-group";
import { POSTGRES_PORT, PostgresInstance, rdsMonitoringRole, type PostgresRestoreSource } from "../constructs/data/postgres-instance";
import type { EnvironmentConfig } from "../lib/config/model";
import { required } from "../lib/defined";
import { policyException } from "../lib/policy";
import { BaseStack } from "./base-stack";
import type { RecoveryNetworkOutputs } from "./recovery-network-stack";

export interface RecoveryDataStackProps {
  readonly env: EnvironmentConfig;
  /** The recovery region. */
  readonly region: string;
  readonly network: RecoveryNetworkOutputs;
}

/** What the replication stack (in the primary region) and a restore need from the recovery region. */
export interface RecoveryDataOutputs {
  readonly kmsKeyArn: string;
  readonly backupsReplicaBucketName: string;
  readonly backupsReplicaBucketArn: string;
  readonly vaultArn: string;
  readonly vaultName: string;
  readonly dbSubnetGroupName: string;
  readonly postgresSecurityGroupId: string;
}

/** Identifier of the instance disasterRecovery.postgresRestore brings up (not `<env>-postgres`: IAM role names derive from it and are global). */
export const restoredPostgresIdentifier = (envName: string): string => `${envName}-postgres-restored`;

/** The construct's restore source from the environment file's (exactly one source: the loader checked). */
function restoreSource(restore: NonNullable<EnvironmentConfig["disasterRecovery"]["postgresRestore"]>): PostgresRestoreSource {
  if (restore.automatedBackupsArn === null)
    return { snapshotIdentifier: required(restore.snapshotArn, "disasterRecovery.postgresRestore.snapshotArn") };
  const time = restore.restoreTime ?? "latest";
  return {
    restoreToPointInTime: {
      sourceDbInstanceAutomatedBackupsArn: restore.automatedBackupsArn,
      ...(time === "latest" ? { useLatestRestorableTime: true } : { restoreTime: time }),
    },
  };
}

/**
 * Everything a restore in the recovery region needs that must exist before the primary region is
 * lost: a KMS key there, the replica of the ClickHouse backups bucket (same Object Lock retention as
 * the source, which S3 requires of a locked source's destination), the AWS Backup vault receiving the
 * daily RDS snapshot copies, and the DB subnet group and security group a restored instance joins.
 * RDS's own cross-region automated backups (data stack) already land in this region.
 */
export class RecoveryDataStack extends BaseStack {
  readonly outputs: RecoveryDataOutputs;

  constructor(scope: Construct, id: string, props: RecoveryDataStackProps) {
    const { env, region, network } = props;
    super(scope, id, { account: env.account, region, tags: env.tags });
    const accountId = env.account.id;
    const name = `${env.name}-recovery`;

    const key = new DataKmsKey(this, "DataKey", {
      aliasName: `${name}-data`,
      description: `Recovery copies of ${env.name} in ${region}: ClickHouse backups replica, RDS recovery points`,
      accountId,
      region,
      production: true,
    });
    const logs = new DataBucket(this, "AccessLogsBucket", {
      bucketName: `${name}-s3-access-logs-${accountId}`,
      production: true,
      accountId,
      encryption: {
        s3ManagedKeysBecause:
          "S3 server access logging only delivers to SSE-S3 buckets (S3 User Guide, 'Enabling Amazon S3 server access logging')",
      },
      isAccessLogTarget: true,
      expirationDays: 365,
    });
    const replica = new DataBucket(this, "ClickHouseBackupsReplica", {
      bucketName: `${env.name}-clickhouse-backups-replica-${accountId}`,
      production: true,
      accountId,
      encryption: { kmsKeyArn: key.keyArn },
      accessLogs: { bucketName: logs.bucketName, prefix: "clickhouse-backups-replica/" },
      objectLockDays: env.buckets.backupsObjectLockDays,
      // Delete markers are not replicated: old backups leave the replica by age, the source's retention.
      expirationDays: Math.max(env.clickhouse.backup.retentionDays, env.buckets.backupsObjectLockDays),
    });
    const vault = new BackupVault(this, "RdsVault", { name: `${name}-rds`, kmsKeyArn: key.keyArn });
    const subnets = new DbSubnetGroup(this, "PostgresSubnets", {
      name: `${name}-postgres-data`,
      description: `Data subnets a restored ${env.name} Postgres joins in ${region}`,
      subnetIds: network.dataSubnetIds,
    });
    const sg = new DataStoreSecurityGroup(this, "PostgresSecurityGroup", {
      name: `${name}-postgres-rds`,
      description: `Restored RDS PostgreSQL of ${env.name}: PostgreSQL from data clients only`,
      vpcId: network.vpcId,
      clientSecurityGroupId: network.dataClientsSecurityGroupId,
      ports: [{ port: POSTGRES_PORT, description: "PostgreSQL" }],
    });
    // Made with the pilot light, not at restore time: IAM's control plane is in us-east-1, which may
    // be the lost region (runbooks/region-loss.md).
    const monitoringRole = rdsMonitoringRole(this, restoredPostgresIdentifier(env.name));
    const restore = env.disasterRecovery.postgresRestore;
    if (restore !== null) {
      // Production settings whatever the file's tier (the recovery target is production-only), the
      // primary's size and version; its own subnet group and security group, like the primary's.
      const pg = env.postgres;
      const restored = new PostgresInstance(this, "RestoredPostgres", {
        identifier: restoredPostgresIdentifier(env.name),
        production: true,
        accountId,
        region,
        instanceClass: pg.instanceClass,
        engineVersion: pg.engineVersion,
        allocatedStorageGiB: pg.allocatedStorageGiB,
        maxAllocatedStorageGiB: pg.maxAllocatedStorageGiB,
        multiAz: true,
        backupRetentionDays: pg.backupRetentionDays,
        kmsKeyArn: key.keyArn,
        vpcId: network.vpcId,
        subnetIds: network.dataSubnetIds,
        clientSecurityGroupId: network.dataClientsSecurityGroupId,
        restoreFrom: restoreSource(restore),
        monitoringRoleArn: monitoringRole.arn,
      });
      policyException(
        restored.instance,
        "RDS-18",
        "runs in the backup region while the primary region is lost: its backups cannot be copied there until it returns (runbooks/region-loss.md, step 6)",
      );
    }
    this.outputs = {
      kmsKeyArn: key.keyArn,
      backupsReplicaBucketName: replica.bucketName,
      backupsReplicaBucketArn: replica.bucketArn,
      vaultArn: vault.arn,
      vaultName: vault.name,
      dbSubnetGroupName: subnets.name,
      postgresSecurityGroupId: sg.securityGroupId,
    };
  }
}
