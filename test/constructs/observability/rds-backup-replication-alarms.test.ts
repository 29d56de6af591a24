import { Testing } from "cdktf";
import {
  RDS_AUTOMATED_BACKUPS_DISABLED,
  RdsBackupReplicationAlarms,
  REPLICATION_ENDING_CALLS,
} from "../../../constructs/observability/rds-backup-replication-alarms";
import { loadPlatformConfig } from "../../../lib/config/load";
import { matchesPattern } from "../../helpers/event-pattern";
import { buildStacks, resourcesOf, synthJson, type TfJson } from "../../helpers/synth";
import { alarmNamed, missingRunbooks, observabilityStack } from "./helpers";

const ACCOUNT = "200000000001";

function synth(replicationRegion = "us-west-2"): TfJson {
  const { stack, topics } = observabilityStack();
  new RdsBackupReplicationAlarms(stack, "Replication", {
    namePrefix: "us",
    topics,
    accountId: ACCOUNT,
    region: "us-east-1",
    replicationRegion,
    instanceIdentifier: "us-postgres",
  });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

/** A DB instance event as EventBridge delivers it (RDS User Guide, "Amazon RDS event example"). */
const rdsEvent = (eventId: string, source = "us-postgres") => ({
  source: "aws.rds",
  "detail-type": "RDS DB Instance Event",
  detail: { SourceType: "DB_INSTANCE", SourceIdentifier: source, EventID: eventId },
});
/** A CloudTrail management event as EventBridge delivers it ("AWS API Call via CloudTrail"). */
const apiCall = (eventName: string, awsRegion = "us-west-2") => ({
  source: "aws.rds",
  "detail-type": "AWS API Call via CloudTrail",
  region: awsRegion,
  detail: {
    eventSource: "rds.amazonaws.com",
    eventName,
    awsRegion,
    requestParameters: { sourceDBInstanceArn: `arn:aws:rds:us-east-1:${ACCOUNT}:db:us-postgres` },
  },
});

describe("RdsBackupReplicationAlarms", () => {
  const json = synth();
  const rules = Object.values(resourcesOf(json, "aws_cloudwatch_event_rule"));
  const rule = (name: string) => rules.find((r) => r["name"] === name)!;
  const pattern = (name: string) => JSON.parse(String(rule(name)["event_pattern"])) as Record<string, unknown>;

  test("backups turned off on this instance raise a warning; other events and instances do not", () => {
    const p = pattern("us-rds-automated-backups-disabled");
    expect(matchesPattern(p, rdsEvent(RDS_AUTOMATED_BACKUPS_DISABLED))).toBe(true);
    expect(matchesPattern(p, rdsEvent("RDS-EVENT-0032"))).toBe(false); // backups enabled
    expect(matchesPattern(p, rdsEvent(RDS_AUTOMATED_BACKUPS_DISABLED, "another-db"))).toBe(false);
    expect(alarmNamed(json, "us-rds-automated-backups-disabled")).toMatchObject({
      namespace: "AWS/Events",
      metric_name: "TriggeredRules",
      dimensions: { RuleName: "us-rds-automated-backups-disabled" },
      threshold: 1,
      comparison_operator: "GreaterThanOrEqualToThreshold",
      treat_missing_data: "notBreaching",
    });
  });

  test("the calls that end replication match, in either region; other RDS calls do not", () => {
    const p = pattern("us-rds-backup-replication-stopped");
    for (const call of REPLICATION_ENDING_CALLS) {
      expect(matchesPattern(p, apiCall(call))).toBe(true);
      expect(matchesPattern(p, apiCall(call, "us-east-1"))).toBe(true);
    }
    expect(matchesPattern(p, apiCall("StartDBInstanceAutomatedBackupsReplication"))).toBe(false);
    expect(matchesPattern(p, apiCall("DescribeDBInstanceAutomatedBackups"))).toBe(false);
    expect(alarmNamed(json, "us-rds-backup-replication-stopped")).toMatchObject({
      dimensions: { RuleName: "us-rds-backup-replication-stopped" },
    });
  });

  test("both alarms go to the warning topic and name a runbook that exists", () => {
    for (const name of ["us-rds-automated-backups-disabled", "us-rds-backup-replication-stopped"]) {
      expect(String((alarmNamed(json, name)!["alarm_actions"] as string[])[0])).toMatch(/warning/);
    }
    expect(missingRunbooks(json)).toEqual([]);
  });

  test("in the replication region, a rule with the same pattern forwards to this region's default bus through a role only EventBridge of this account assumes", () => {
    const forward = rule("us-rds-backup-replication-calls");
    expect(forward["region"]).toBe("us-west-2");
    expect(pattern("us-rds-backup-replication-calls")).toEqual(pattern("us-rds-backup-replication-stopped"));
    const [target] = Object.values(resourcesOf(json, "aws_cloudwatch_event_target"));
    const bus = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`;
    expect(target).toMatchObject({ region: "us-west-2", arn: bus });
    expect(String(target!["role_arn"])).toMatch(/aws_iam_role\..+\.arn/);
    const [role] = Object.values(resourcesOf(json, "aws_iam_role"));
    const trust = JSON.parse(String(role!["assume_role_policy"])) as { Statement: Record<string, unknown>[] };
    expect(trust.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
      },
    ]);
    const [inline] = role!["inline_policy"] as { policy: string }[];
    expect(JSON.parse(inline!.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "events:PutEvents", Resource: bus }],
    });
    // Only the forwarding rule lives in the other region: the alarms' rules count in the topics' region.
    expect(rules.filter((r) => r["region"] !== undefined).map((r) => r["name"])).toEqual(["us-rds-backup-replication-calls"]);
  });

  test("throws when the replication region is the instance's own", () => {
    expect(() => synth("us-east-1")).toThrow(/test\/Replication: replicationRegion: a region other than us-east-1 \(got "?us-east-1"?\)/);
  });
});

describe("RdsBackupReplicationAlarms in the shipped monitoring stacks", () => {
  const config = loadPlatformConfig();
  const stacks = buildStacks();

  test.each(config.environments.map((e) => [e.name, e] as const))(
    "%s: the alarms exist exactly when its automated backups replicate to another region",
    (_name, env) => {
      const json = synthJson(stacks.get(`${env.name}-monitoring`)!);
      const replicated = env.postgres.backupReplicationRegion;
      expect(alarmNamed(json, `${env.name}-rds-backup-replication-stopped`) !== undefined).toBe(replicated !== null);
      if (replicated === null) return;
      const forward = Object.values(resourcesOf(json, "aws_cloudwatch_event_rule")).find(
        (r) => r["name"] === `${env.name}-rds-backup-replication-calls`,
      );
      expect(forward?.["region"]).toBe(replicated);
    },
  );
});
