import { Testing } from "cdktf";
import { BackupAlarms, WHOLE_BUCKET_FILTER } from "../../../constructs/observability/backup-alarms";
import { RunbookAlarm } from "../../../constructs/observability/runbook-alarm";
import { resourcesOf, type TfJson } from "../../helpers/synth";
import { alarmNamed, alarms, observabilityStack } from "./helpers";

function synth(maxQuietHours?: number): TfJson {
  const { stack, topics } = observabilityStack();
  new BackupAlarms(stack, "Backups", {
    namePrefix: "us",
    topics,
    backupsBucketName: "us-clickhouse-backups-1",
    ...(maxQuietHours !== undefined ? { maxQuietHours } : {}),
  });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

describe("BackupAlarms", () => {
  test("request metrics on the whole backups bucket, and the alarm reads exactly that metric", () => {
    const json = synth();
    const [metric] = Object.values(resourcesOf(json, "aws_s3_bucket_metric"));
    expect(metric).toEqual({ bucket: "us-clickhouse-backups-1", name: WHOLE_BUCKET_FILTER });
    expect(alarmNamed(json, "us-clickhouse-backups-bucket-idle")).toMatchObject({
      namespace: "AWS/S3",
      metric_name: "PutRequests",
      dimensions: { BucketName: "us-clickhouse-backups-1", FilterId: WHOLE_BUCKET_FILTER },
    });
  });

  test("fires only when every hour of the window is silent, and silence counts as silence", () => {
    const json = synth(30);
    expect(alarms(json)).toHaveLength(1);
    expect(alarmNamed(json, "us-clickhouse-backups-bucket-idle")).toMatchObject({
      statistic: "Sum",
      period: 3600,
      evaluation_periods: 30,
      datapoints_to_alarm: 30,
      threshold: 1,
      comparison_operator: "LessThanThreshold",
      treat_missing_data: "breaching",
    });
  });

  test("throws on a window that is not a whole number of hours within a week", () => {
    expect(() => synth(0)).toThrow("test/Backups: maxQuietHours: a whole number of hours from 1 to 168 (got 0)");
    expect(() => synth(2.5)).toThrow(/got 2\.5/);
  });
});

describe("RunbookAlarm evaluation window", () => {
  test("refuses more than the seven days CloudWatch evaluates", () => {
    const { stack, topics } = observabilityStack();
    expect(
      () =>
        new RunbookAlarm(stack, "TooLong", {
          alarmName: "x",
          runbook: "backup-bucket-idle",
          summary: "s.",
          severity: "warning",
          topics,
          namespace: "N",
          metricName: "M",
          dimensions: {},
          periodSeconds: 3600,
          evaluationPeriods: 169,
          threshold: 1,
          comparison: "LessThanThreshold",
        }),
    ).toThrow("test/TooLong: evaluationPeriods x periodSeconds: at most 604800 (seven days) (got 608400)");
  });
});
