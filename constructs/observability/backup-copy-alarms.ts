import { Construct } from "constructs";
import type { AlarmTopics } from "./alarm-topics";
import { EventRuleAlarm } from "./event-rule-alarm";
import { ANY_IN_AN_HOUR, checkQuietHours, RunbookAlarm } from "./runbook-alarm";
import { PropsProblems } from "../kit/validation";

/** Default hours without a completed copy job before the page. */
export const COPY_MAX_QUIET_HOURS = 30;
/** Default replication latency (seconds) that pages. */
export const REPLICATION_MAX_LATENCY_SECONDS = 21600;

/** An S3 replication rule whose progress is watched (replication metrics enabled on the rule). */
export interface WatchedReplication {
  readonly sourceBucketName: string;
  readonly destinationBucketName: string;
  readonly ruleId: string;
}

export interface BackupCopyAlarmsProps {
  /** Prefix of alarm names, for example `us`. */
  readonly namePrefix: string;
  readonly topics: AlarmTopics;
  /** The AWS Backup vault whose recovery points are copied to the recovery region. */
  readonly sourceVaultName: string;
  /**
   * Hours without a completed copy job that page: one daily backup, its copy, and two hours. @default 30
   */
  readonly maxQuietHours?: number;
  /** The backups bucket's replication to the recovery region. */
  readonly replication: WatchedReplication;
  /**
   * Oldest acceptable replication latency of one object, in seconds: S3 without Replication Time
   * Control replicates most objects in minutes but promises no bound. @default 21600 (six hours)
   */
  readonly maxReplicationLatencySeconds?: number;
}

/**
 * Says when the copies a region loss depends on fall behind: the daily AWS Backup copy of the RDS
 * snapshot into the recovery region's vault (a heartbeat on completed copy jobs, and any failed one),
 * and the replication of the ClickHouse backups bucket (S3 replication metrics
 * OperationsFailedReplication and ReplicationLatency, dimensions SourceBucket, DestinationBucket,
 * RuleId; S3 User Guide, "Monitoring replication with Amazon S3 replication metrics", read
 * 2026-12-07). Copy job events: detail-type "Copy Job State Change", `detail.state` (AWS Backup
 * Developer Guide, "Monitoring AWS Backup events using Amazon EventBridge", read 2026-12-07).
 */
export class BackupCopyAlarms extends Construct {
  constructor(scope: Construct, id: string, props: BackupCopyAlarmsProps) {
    super(scope, id);
    const hours = props.maxQuietHours ?? COPY_MAX_QUIET_HOURS;
    const latency = props.maxReplicationLatencySeconds ?? REPLICATION_MAX_LATENCY_SECONDS;
    checkQuietHours(new PropsProblems(this), hours)
      .require(Number.isInteger(latency) && latency >= 60, "maxReplicationLatencySeconds", latency, "60 or more whole seconds")
      .throwIfAny();

    const copyJobs = (state: string) => ({
      source: ["aws.backup"],
      "detail-type": ["Copy Job State Change"],
      // Only `state` is matched: the region's only copy jobs are this vault's (one plan copies out).
      detail: { state: [state] },
    });
    new EventRuleAlarm(this, "CopyMissing", {
      name: `${props.namePrefix}-rds-recovery-copy-missing`,
      eventPattern: copyJobs("COMPLETED"),
      mode: { kind: "heartbeat", quietHours: hours },
      runbook: "backup-copy-stale",
      summary: `No RDS recovery point of vault ${props.sourceVaultName} was copied to the recovery region for ${hours} hours.`,
      severity: "critical",
      topics: props.topics,
    });
    new EventRuleAlarm(this, "CopyFailed", {
      name: `${props.namePrefix}-rds-recovery-copy-failed`,
      eventPattern: copyJobs("FAILED"),
      mode: { kind: "failure" },
      runbook: "backup-copy-stale",
      summary: `A copy of an RDS recovery point of vault ${props.sourceVaultName} to the recovery region failed.`,
      severity: "warning",
      topics: props.topics,
    });

    const r = props.replication;
    const dimensions = { SourceBucket: r.sourceBucketName, DestinationBucket: r.destinationBucketName, RuleId: r.ruleId };
    new RunbookAlarm(this, "ReplicationFailed", {
      alarmName: `${props.namePrefix}-backups-replication-failed`,
      runbook: "backup-copy-stale",
      summary: `Objects of ${r.sourceBucketName} failed to replicate to ${r.destinationBucketName}.`,
      severity: "warning",
      topics: props.topics,
      namespace: "AWS/S3",
      metricName: "OperationsFailedReplication",
      dimensions,
      ...ANY_IN_AN_HOUR,
    });
    new RunbookAlarm(this, "ReplicationLatency", {
      alarmName: `${props.namePrefix}-backups-replication-latency`,
      runbook: "backup-copy-stale",
      summary: `Replication of ${r.sourceBucketName} to ${r.destinationBucketName} is more than ${latency} seconds behind.`,
      severity: "critical",
      topics: props.topics,
      namespace: "AWS/S3",
      metricName: "ReplicationLatency",
      dimensions,
      statistic: "Maximum",
      periodSeconds: 300,
      evaluationPeriods: 3,
      threshold: latency,
      comparison: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
    });
  }
}
