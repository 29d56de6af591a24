import { Testing } from "cdktf";
import { RDS_BACKUP_FINISHED, RdsBackupHeartbeat } from "../../../constructs/observability/rds-backup-heartbeat";
import { matchesPattern } from "../../helpers/event-pattern";
import { resourcesOf, type TfJson } from "../../helpers/synth";
import { alarmNamed, observabilityStack } from "./helpers";

function synth(maxQuietHours?: number): TfJson {
  const { stack, topics } = observabilityStack();
  new RdsBackupHeartbeat(stack, "Backups", {
    namePrefix: "us",
    topics,
    accountId: "200000000001",
    region: "us-east-1",
    instanceIdentifier: "us-postgres",
    ...(maxQuietHours !== undefined ? { maxQuietHours } : {}),
  });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

/** A DB instance event as EventBridge delivers it (RDS User Guide, "Amazon RDS event example"). */
const event = (eventId: string, source = "us-postgres") => ({
  source: "aws.rds",
  "detail-type": "RDS DB Instance Event",
  detail: {
    EventCategories: ["backup"],
    SourceType: "DB_INSTANCE",
    SourceIdentifier: source,
    EventID: eventId,
    Message: "Finished DB Instance backup",
  },
});

describe("RdsBackupHeartbeat", () => {
  const json = synth();
  const [rule] = Object.values(resourcesOf(json, "aws_cloudwatch_event_rule"));
  const pattern = JSON.parse(String(rule!.event_pattern)) as Record<string, unknown>;

  test("the rule matches a finished backup of this instance only", () => {
    expect(matchesPattern(pattern, event(RDS_BACKUP_FINISHED))).toBe(true);
    expect(matchesPattern(pattern, event("RDS-EVENT-0001"))).toBe(false);
    expect(matchesPattern(pattern, event(RDS_BACKUP_FINISHED, "another-db"))).toBe(false);
  });

  test("the alarm reads the rule's own heartbeat and pages when every hour of the window is silent", () => {
    expect(alarmNamed(json, "us-rds-backup-missing")).toMatchObject({
      namespace: "AWS/Events",
      metric_name: "TriggeredRules",
      dimensions: { RuleName: rule!.name },
      statistic: "Sum",
      period: 3600,
      evaluation_periods: 26,
      datapoints_to_alarm: 26,
      threshold: 1,
      comparison_operator: "LessThanThreshold",
      treat_missing_data: "breaching",
    });
  });

  test("matches are kept in an encrypted log group EventBridge may write to, and nowhere else", () => {
    const [group] = Object.values(resourcesOf(json, "aws_cloudwatch_log_group"));
    expect(group).toMatchObject({ name: "/aws/events/us-rds-backup-finished", retention_in_days: 90 });
    expect(String(group!.kms_key_id)).toMatch(/aws_kms_key\./);
    const [target] = Object.values(resourcesOf(json, "aws_cloudwatch_event_target"));
    expect(String(target!.arn)).toMatch(/aws_cloudwatch_log_group\..+\.arn/);
    const [policy] = Object.values(resourcesOf(json, "aws_cloudwatch_log_resource_policy"));
    const doc = JSON.parse(String(policy!.policy_document)) as { Statement: { Resource: string; Action: string[] }[] };
    expect(doc.Statement.map((s) => s.Resource)).toEqual([
      "arn:aws:logs:us-east-1:200000000001:log-group:/aws/events/us-rds-backup-finished:*",
    ]);
    expect(doc.Statement[0]!.Action.sort()).toEqual(["logs:CreateLogStream", "logs:PutLogEvents"]);
  });

  test("throws on a window outside 1 to 168 hours", () => {
    expect(() => synth(0)).toThrow("test/Backups: maxQuietHours: a whole number of hours from 1 to 168 (got 0)");
  });
});
