import { Construct } from "constructs";
import { S3BucketMetric } from "@cdktf/provider-aws/lib/s3-bucket-metric";
import type { AlarmTopics } from "./alarm-topics";
import { checkQuietHours, RunbookAlarm, silentForHours } from "./runbook-alarm";
import { PropsProblems } from "../kit/validation";

export interface BackupAlarmsProps {
  /** Prefix of alarm names, for example `us`. */
  readonly namePrefix: string;
  readonly topics: AlarmTopics;
  /** The ClickHouse backups bucket (data stack). */
  readonly backupsBucketName: string;
  /**
   * Hours without a single object written that count as "stopped receiving backups": one daily
   * backup plus two hours for it to run. @default 26
   */
  readonly maxQuietHours?: number;
}

/** The request-metrics filter that covers the whole bucket; it is also the metric's FilterId. */
export const WHOLE_BUCKET_FILTER = "EntireBucket";

/**
 * Watches that backups keep arriving, independently of the cluster that makes them: S3 request
 * metrics on the backups bucket (published only while requests happen, so silence is the signal)
 * and an alarm when a whole `maxQuietHours` passes without one PUT. The in-cluster alert
 * (ClickHouseBackupStale, charts/platform-alerts) says why; this one still fires if the cluster,
 * its Prometheus or the alert routing is down. Request metrics: S3 User Guide, "Monitoring
 * metrics with Amazon CloudWatch" (PutRequests, FilterId), read 2026-12-07.
 */
export class BackupAlarms extends Construct {
  constructor(scope: Construct, id: string, props: BackupAlarmsProps) {
    super(scope, id);
    const hours = props.maxQuietHours ?? 26;
    checkQuietHours(new PropsProblems(this), hours).throwIfAny();

    new S3BucketMetric(this, "BackupsBucketRequests", { bucket: props.backupsBucketName, name: WHOLE_BUCKET_FILTER });
    new RunbookAlarm(this, "BackupsBucketIdle", {
      alarmName: `${props.namePrefix}-clickhouse-backups-bucket-idle`,
      runbook: "backup-bucket-idle",
      summary: `No object was written to the ClickHouse backups bucket ${props.backupsBucketName} for ${hours} hours.`,
      severity: "warning",
      topics: props.topics,
      namespace: "AWS/S3",
      metricName: "PutRequests",
      dimensions: { BucketName: props.backupsBucketName, FilterId: WHOLE_BUCKET_FILTER },
      ...silentForHours(hours),
    });
  }
}
