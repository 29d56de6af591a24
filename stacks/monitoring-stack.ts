import { Annotations } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../lib/config/model";
import { postgresReplicaIdentifier } from "../constructs/data/postgres-instance";
import { AlarmTopics } from "../constructs/observability/alarm-topics";
import { BackupAlarms } from "../constructs/observability/backup-alarms";
import { RdsBackupHeartbeat } from "../constructs/observability/rds-backup-heartbeat";
import { RdsBackupReplicationAlarms } from "../constructs/observability/rds-backup-replication-alarms";
import { EksNodeAlarms } from "../constructs/observability/eks-node-alarms";
import { MskAlarms } from "../constructs/observability/msk-alarms";
import { NatGatewayAlarms } from "../constructs/observability/nat-gateway-alarms";
import { RdsAlarms } from "../constructs/observability/rds-alarms";
import { BaseStack } from "./base-stack";
import type { ClusterOutputs, DataOutputs, NetworkOutputs } from "./contracts";

export interface MonitoringStackProps {
  readonly env: EnvironmentConfig;
  readonly network: NetworkOutputs;
  readonly data: DataOutputs;
  readonly cluster: ClusterOutputs;
}

/** Seconds in the 30-day month eventsPerMonth is counted over. */
const SECONDS_PER_MONTH = 30 * 24 * 3600;

/**
 * On-call routing (an SNS topic per severity, encrypted, with the environment's subscriptions) and
 * the CloudWatch alarms of every layer, each linking its runbook. In-cluster alerts are Prometheus
 * rules (charts/platform-alerts), installed by the platform stack.
 */
export class MonitoringStack extends BaseStack {
  readonly topics: AlarmTopics;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, { account: props.env.account, region: props.env.region, tags: props.env.tags });
    const { env } = props;
    const namePrefix = env.name;
    this.topics = new AlarmTopics(this, "AlarmTopics", {
      namePrefix,
      accountId: env.account.id,
      region: env.region,
      subscriptions: { critical: env.alerts.critical, warning: env.alerts.warning },
      production: env.tier === "production",
    });
    const topics = this.topics;
    if (env.tier === "production" && env.alerts.critical.length === 0) {
      // Not an error: endpoints are organization data the environment file must supply.
      Annotations.of(this.topics).addWarning(`${env.file}: alerts.critical is empty, so critical alarms page nobody`);
    }

    new RdsAlarms(this, "Postgres", {
      namePrefix,
      topics,
      instanceIdentifier: props.data.postgres.instanceIdentifier,
      instanceClass: env.postgres.instanceClass,
      allocatedStorageGiB: env.postgres.allocatedStorageGiB,
      ...(env.postgres.readReplica ? { replicaIdentifier: postgresReplicaIdentifier(props.data.postgres.instanceIdentifier) } : {}),
    });

    const ingestion = env.alerts.ingestion;
    new MskAlarms(this, "Kafka", {
      namePrefix,
      topics,
      clusterName: props.data.kafka.clusterName,
      brokerCount: env.kafka.brokerCount,
      consumerGroup: ingestion.consumerGroup,
      consumerTopics: ingestion.topics,
      partitions: env.kafka.partitions,
      eventsPerSecond: env.eventsPerMonth / SECONDS_PER_MONTH,
      lagWarningSeconds: ingestion.lagWarningSeconds,
      lagCriticalSeconds: ingestion.lagCriticalSeconds,
    });

    const groups = env.kubernetes.nodeGroups;
    new EksNodeAlarms(this, "EksNodes", {
      namePrefix,
      topics,
      clusterName: props.cluster.clusterName,
      minimumNodes: groups.system.minSize + groups.app.minSize + props.cluster.clickhouseNodesPerZone.reduce((a, b) => a + b, 0),
    });

    new NatGatewayAlarms(this, "NatGateways", { namePrefix, topics, natGatewayIds: props.network.natGatewayIds });

    new BackupAlarms(this, "Backups", { namePrefix, topics, backupsBucketName: props.data.backupsBucketName });
    new RdsBackupHeartbeat(this, "PostgresBackups", {
      namePrefix,
      topics,
      accountId: env.account.id,
      region: env.region,
      instanceIdentifier: props.data.postgres.instanceIdentifier,
      preventDestroy: env.tier === "production",
    });
    // The data stack replicates automated backups to this region (constructs/data/postgres-instance.ts).
    if (env.postgres.backupReplicationRegion) {
      new RdsBackupReplicationAlarms(this, "PostgresBackupReplication", {
        namePrefix,
        topics,
        accountId: env.account.id,
        region: env.region,
        replicationRegion: env.postgres.backupReplicationRegion,
        instanceIdentifier: props.data.postgres.instanceIdentifier,
      });
    }
  }
}
