import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { EnvironmentConfig } from "../lib/config/model";
import { ClickHouseColdStorageBucket } from "../constructs/data/clickhouse-cold-storage-bucket";
import { SecureBucket } from "../constructs/kit/secure-bucket";
import { DataKmsKey } from "../constructs/data/data-kms-key";
import type { CrossAccountCopyTarget } from "./recovery-replication-stack";
import type { SessionTranscriptArchive } from "../constructs/organization/session-transcripts-bucket";
import { HerokuMigration } from "../constructs/data/heroku-migration";
import { KafkaCluster } from "../constructs/data/kafka-cluster";
import { POSTGRES_PORT, PostgresInstance } from "../constructs/data/postgres-instance";
import { SessionLogging } from "../constructs/observability/session-logging";
import { isExpressBroker } from "../lib/catalog/msk-tiered-storage";
import { BaseStack } from "./base-stack";
import { definedOnly } from "../lib/defined";
import type { DataOutputs, NetworkOutputs } from "./contracts";

export interface DataStackProps {
  readonly env: EnvironmentConfig;
  readonly network: NetworkOutputs;
  /** Where RDS recovery points are copied in another account: its account may read the data key. @default - none */
  readonly crossAccountCopy?: CrossAccountCopyTarget;
  /** The organization's transcript bucket (log-archive account). @default - transcripts stay in this account */
  readonly sessionTranscriptArchive?: SessionTranscriptArchive;
}

/** Days S3 server access logs are kept. */
const ACCESS_LOG_RETENTION_DAYS = { production: 365, staging: 30 } as const;

/**
 * Everything that stores data (RDS, MSK, buckets) in one stack, so no change to a cluster can
 * ever plan a data store's replacement.
 */
export class DataStack extends BaseStack {
  readonly outputs: DataOutputs;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { account: props.env.account, region: props.env.region, tags: props.env.tags });
    const { env, network } = props;
    const production = env.tier === "production";
    const accountId = env.account.id;

    const key = new DataKmsKey(this, "DataKey", {
      aliasName: `${env.name}-data`,
      description: `Data at rest of ${env.name}: RDS, MSK, S3, secrets and logs`,
      accountId,
      region: env.region,
      production,
      // The log-archive account's copy of the RDS recovery points must read this key.
      backupCopyAccountIds: props.crossAccountCopy ? [props.crossAccountCopy.accountId] : [],
    });

    const pg = env.postgres;
    const replicationRegion = pg.backupReplicationRegion;
    const postgres = new PostgresInstance(this, "Postgres", {
      identifier: `${env.name}-postgres`,
      production,
      accountId,
      region: env.region,
      instanceClass: pg.instanceClass,
      engineVersion: pg.engineVersion,
      allocatedStorageGiB: pg.allocatedStorageGiB,
      maxAllocatedStorageGiB: pg.maxAllocatedStorageGiB,
      multiAz: pg.multiAz,
      backupRetentionDays: pg.backupRetentionDays,
      readReplica: pg.readReplica,
      kmsKeyArn: key.keyArn,
      vpcId: network.vpcId,
      subnetIds: network.dataSubnetIds,
      clientSecurityGroupId: network.dataClientsSecurityGroupId,
      backupReplication: replicationRegion
        ? { region: replicationRegion, provider: this.regionalProvider("backup_replication", replicationRegion) }
        : undefined,
    });

    const kafka = new KafkaCluster(this, "Kafka", {
      clusterName: `${env.name}-events`,
      production,
      kafkaVersion: env.kafka.kafkaVersion,
      brokerCount: env.kafka.brokerCount,
      zoneCount: env.availabilityZones.length,
      instanceType: env.kafka.instanceType,
      volumeSizeGiB: env.kafka.volumeSizeGiB,
      maxVolumeSizeGiB: env.kafka.maxVolumeSizeGiB,
      retentionHours: env.kafka.retentionHours,
      compression: env.kafka.compression,
      tieredStorage:
        env.kafka.tieredStorage.enabled && !isExpressBroker(env.kafka.instanceType)
          ? { localRetentionHours: env.kafka.tieredStorage.localRetentionHours }
          : null,
      defaultPartitions: env.kafka.partitions,
      authentication: env.kafka.authentication,
      kmsKeyArn: key.keyArn,
      vpcId: network.vpcId,
      subnetIds: network.dataSubnetIds,
      clientSecurityGroupId: network.dataClientsSecurityGroupId,
    });

    const logs = new SecureBucket(this, "AccessLogsBucket", {
      bucketName: `${env.name}-s3-access-logs-${accountId}`,
      preventDestroy: production,
      encryption: {
        s3ManagedKeysBecause:
          "S3 server access logging only delivers to SSE-S3 buckets (S3 User Guide, 'Enabling Amazon S3 server access logging')",
      },
      accessLogTarget: { sourceAccountId: accountId },
      expirationDays: ACCESS_LOG_RETENTION_DAYS[env.tier],
    });
    const backups = new SecureBucket(this, "ClickHouseBackupsBucket", {
      bucketName: `${env.name}-clickhouse-backups-${accountId}`,
      preventDestroy: production,
      encryption: { kmsKeyArn: key.keyArn },
      accessLogs: { bucketName: logs.bucketName, prefix: "clickhouse-backups/" },
      objectLockDays: env.buckets.backupsObjectLockDays,
    });
    const archiveDays = env.buckets.archiveRetentionDays;
    const archive = new SecureBucket(this, "EventArchiveBucket", {
      bucketName: `${env.name}-event-archive-${accountId}`,
      preventDestroy: production,
      encryption: { kmsKeyArn: key.keyArn },
      accessLogs: { bucketName: logs.bucketName, prefix: "event-archive/" },
      expirationDays: archiveDays,
      // Replays read recent days; older raw events are rarely touched.
      ...(archiveDays > 60 ? { transition: { afterDays: 30, storageClass: "STANDARD_IA" } } : {}),
    });

    const coldStorage = env.clickhouse.tiering.enabled
      ? new ClickHouseColdStorageBucket(this, "ClickHouseColdStorageBucket", {
          bucketName: `${env.name}-clickhouse-cold-${accountId}`,
          production,
          kmsKeyArn: key.keyArn,
          accessLogsBucketName: logs.bucketName,
        })
      : null;

    // Session Manager preferences of this account and region: every session on a node or the restore
    // host is streamed to an encrypted log group (the cluster layer attaches the writer policy to its nodes).
    const sessionLogging = new SessionLogging(this, "SessionLogging", {
      namePrefix: env.name,
      accountId,
      region: env.region,
      retentionDays: 365,
      preventDestroy: production,
      ...(props.sessionTranscriptArchive ? { archive: props.sessionTranscriptArchive } : {}),
    });

    const heroku = env.migration.heroku;
    if (heroku.enabled) {
      new HerokuMigration(this, "HerokuMigration", {
        restoreHostPolicyArns: [sessionLogging.writerPolicy.arn],
        namePrefix: env.name,
        region: env.region,
        postgresMajorVersion: Number(pg.engineVersion.split(".")[0]),
        restoreHostInstanceType: heroku.restoreHostInstanceType,
        restoreHostVolumeGiB: heroku.restoreHostVolumeGiB,
        // Private subnets: the host installs packages and reaches Heroku through the NAT gateways.
        subnetIds: network.privateSubnetIds,
        vpcId: network.vpcId,
        dataClientsSecurityGroupId: network.dataClientsSecurityGroupId,
        kmsKeyArn: key.keyArn,
        target: {
          address: postgres.instance.address,
          port: POSTGRES_PORT,
          databaseName: postgres.databaseName,
          securityGroupId: postgres.securityGroupId,
          masterUserSecretArn: postgres.masterUserSecretArn,
        },
        dms: heroku.dms ? { replicationInstanceClass: heroku.dmsInstanceClass } : null,
      });
    }

    this.outputs = {
      dataKmsKeyArn: key.keyArn,
      backupsBucketName: backups.bucketName,
      backupsBucketArn: backups.bucketArn,
      archiveBucketName: archive.bucketName,
      archiveBucketArn: archive.bucketArn,
      coldStorageBucket: coldStorage ? { name: coldStorage.bucketName, arn: coldStorage.bucketArn } : null,
      kafka: {
        clusterArn: kafka.cluster.arn,
        clusterName: kafka.cluster.clusterName,
        bootstrapBrokersSaslScram: kafka.cluster.bootstrapBrokersSaslScram,
        bootstrapBrokersSaslIam: kafka.cluster.bootstrapBrokersSaslIam,
        clickhouseScramSecretArn: kafka.scramSecretArns["clickhouse"] ?? "",
        posthogScramSecretArn: kafka.scramSecretArns["posthog"] ?? "",
      },
      postgres: {
        instanceIdentifier: postgres.instance.identifier,
        address: postgres.instance.address,
        port: String(POSTGRES_PORT),
        databaseName: postgres.databaseName,
        masterUserSecretArn: postgres.masterUserSecretArn,
        resourceId: postgres.instance.resourceId,
        appUsername: postgres.appUsername,
      },
    };
  }

  /** A provider for another region with the same account pin, role and tags as the default one. */
  private regionalProvider(alias: string, region: string): AwsProvider {
    return new AwsProvider(this, `aws_${alias}`, {
      alias,
      region,
      ...definedOnly({
        allowedAccountIds: this.awsProvider.allowedAccountIds,
        assumeRole: this.awsProvider.assumeRole,
        defaultTags: this.awsProvider.defaultTags,
      }),
    });
  }
}
