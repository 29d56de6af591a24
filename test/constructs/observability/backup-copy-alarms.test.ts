import { Testing } from "cdktf";
import { BackupCopyAlarms } from "../../../constructs/observability/backup-copy-alarms";
import { EventRuleAlarm } from "../../../constructs/observability/event-rule-alarm";
import { matchesPattern } from "../../helpers/event-pattern";
import { resourcesOf, type TfJson } from "../../helpers/synth";
import { alarmNamed, missingRunbooks, observabilityStack } from "./helpers";

const replication = {
  sourceBucketName: "us-clickhouse-backups-1",
  destinationBucketName: "us-clickhouse-backups-replica-1",
  ruleId: "to-recovery-region",
};

function synth(extra: { maxQuietHours?: number; maxReplicationLatencySeconds?: number } = {}): TfJson {
  const { stack, topics } = observabilityStack();
  new BackupCopyAlarms(stack, "Copies", { namePrefix: "us", topics, sourceVaultName: "us-rds", replication, ...extra });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

/** A copy job event as AWS Backup sends it (AWS Backup Developer Guide, "Monitoring AWS Backup events using Amazon EventBridge"). */
const copyJob = (state: string) => ({
  source: "aws.backup",
  "detail-type": "Copy Job State Change",
  detail: {
    copyJobId: "c0ffee",
    state,
    resourceType: "RDS",
    destinationBackupVaultArn: "arn:aws:backup:us-west-2:1:backup-vault:us-recovery-rds",
  },
});
const rulePattern = (json: TfJson, name: string) =>
  JSON.parse(
    String(Object.values(resourcesOf(json, "aws_cloudwatch_event_rule")).find((r) => r["name"] === name)!["event_pattern"]),
  ) as Record<string, unknown>;

describe("BackupCopyAlarms", () => {
  const json = synth();

  test("the heartbeat rule matches completed copy jobs only, the failure rule failed ones only", () => {
    const completed = rulePattern(json, "us-rds-recovery-copy-missing");
    const failed = rulePattern(json, "us-rds-recovery-copy-failed");
    expect(matchesPattern(completed, copyJob("COMPLETED"))).toBe(true);
    expect(matchesPattern(completed, copyJob("FAILED"))).toBe(false);
    expect(matchesPattern(completed, { ...copyJob("COMPLETED"), "detail-type": "Backup Job State Change" })).toBe(false);
    expect(matchesPattern(failed, copyJob("FAILED"))).toBe(true);
    expect(matchesPattern(failed, copyJob("RUNNING"))).toBe(false);
  });

  test("a day and six hours without a completed copy pages; one failed copy warns", () => {
    expect(alarmNamed(json, "us-rds-recovery-copy-missing")).toMatchObject({
      metric_name: "TriggeredRules",
      dimensions: { RuleName: "us-rds-recovery-copy-missing" },
      evaluation_periods: 30,
      comparison_operator: "LessThanThreshold",
      treat_missing_data: "breaching",
      alarm_actions: [expect.stringContaining("critical")],
    });
    expect(alarmNamed(json, "us-rds-recovery-copy-failed")).toMatchObject({
      statistic: "Sum",
      evaluation_periods: 1,
      threshold: 1,
      comparison_operator: "GreaterThanOrEqualToThreshold",
      treat_missing_data: "notBreaching",
      alarm_actions: [expect.stringContaining("warning")],
    });
  });

  test("S3 replication metrics of the one rule are watched: any failure, and latency over six hours", () => {
    const dimensions = {
      SourceBucket: replication.sourceBucketName,
      DestinationBucket: replication.destinationBucketName,
      RuleId: replication.ruleId,
    };
    expect(alarmNamed(json, "us-backups-replication-failed")).toMatchObject({
      namespace: "AWS/S3",
      metric_name: "OperationsFailedReplication",
      dimensions,
      threshold: 1,
    });
    expect(alarmNamed(json, "us-backups-replication-latency")).toMatchObject({
      namespace: "AWS/S3",
      metric_name: "ReplicationLatency",
      dimensions,
      statistic: "Maximum",
      threshold: 21600,
      comparison_operator: "GreaterThanThreshold",
    });
    expect(alarmNamed(synth({ maxReplicationLatencySeconds: 3600 }), "us-backups-replication-latency")).toMatchObject({ threshold: 3600 });
  });

  test("every alarm links a runbook that exists", () => {
    expect(missingRunbooks(json)).toEqual([]);
  });

  test.each([
    [{ maxQuietHours: 0 }, /maxQuietHours: a whole number of hours from 1 to 168 \(got 0\)/],
    [{ maxQuietHours: 200 }, /maxQuietHours: .* \(got 200\)/],
    [{ maxReplicationLatencySeconds: 30 }, /maxReplicationLatencySeconds: 60 or more whole seconds \(got 30\)/],
  ])("refuses %j", (extra, message) => {
    expect(() => synth(extra)).toThrow(message);
  });
});

describe("EventRuleAlarm", () => {
  test("a heartbeat window outside 1..168 hours is refused, naming the alarm's construct path", () => {
    const { stack, topics } = observabilityStack();
    expect(
      () =>
        new EventRuleAlarm(stack, "X", {
          name: "x-heartbeat",
          eventPattern: { source: ["aws.backup"] },
          mode: { kind: "heartbeat", quietHours: 169 },
          runbook: "backup-copy-stale",
          summary: "x.",
          severity: "warning",
          topics,
        }),
    ).toThrow(/^[\w/-]+\/X: mode\.quietHours: a whole number of hours from 1 to 168 \(got 169\)$/);
  });
});
