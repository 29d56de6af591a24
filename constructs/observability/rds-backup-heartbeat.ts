import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { EncryptedLogGroup } from "../kit/encrypted-log-group";
import type { AlarmTopics } from "./alarm-topics";
import { Partition } from "../core/partition";
import { checkQuietHours, RunbookAlarm, silentForHours } from "./runbook-alarm";
import { PropsProblems } from "../kit/validation";
import { policyJson } from "../kit/policy-document";

export interface RdsBackupHeartbeatProps {
  /** Prefix of names, for example `us`. */
  readonly namePrefix: string;
  readonly topics: AlarmTopics;
  readonly accountId: string;
  readonly region: string;
  /** The DB instance whose automated backups are watched. */
  readonly instanceIdentifier: string;
  /**
   * Hours without a finished backup that page: one daily backup window plus two hours. @default 26
   */
  readonly maxQuietHours?: number;
  /** Keep the backup history log group and its key from `terraform destroy`. @default true */
  readonly preventDestroy?: boolean;
}

/** RDS's event for a finished backup of a DB instance (RDS User Guide, "Amazon RDS event categories and event messages": backup, RDS-EVENT-0002; read 2026-12-07). */
export const RDS_BACKUP_FINISHED = "RDS-EVENT-0002";

/**
 * Pages when RDS has not finished an automated backup of the instance for a day and two hours. RDS
 * publishes no "age of the last backup" metric; it does publish an event per finished backup. An
 * EventBridge rule matches that event for this instance and writes it to an encrypted log group
 * (the backup history, 90 days), and the rule's own TriggeredRules metric (namespace AWS/Events,
 * dimension RuleName; EventBridge User Guide, "Monitoring Amazon EventBridge"; read 2026-12-07)
 * is the heartbeat: a window in which every hour is silent raises the alarm.
 */
export class RdsBackupHeartbeat extends Construct {
  readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: RdsBackupHeartbeatProps) {
    super(scope, id);
    const hours = props.maxQuietHours ?? 26;
    checkQuietHours(new PropsProblems(this), hours)
      .require(/^\d{12}$/.test(props.accountId), "accountId", props.accountId, "12 digits")
      .throwIfAny();

    const name = `${props.namePrefix}-rds-backup-finished`;
    const history = new EncryptedLogGroup(this, "History", {
      logGroupName: `/aws/events/${name}`,
      retentionDays: 90,
      accountId: props.accountId,
      region: props.region,
      purpose: `${props.namePrefix} RDS backup history`,
      preventDestroy: props.preventDestroy ?? true,
    });
    const groupArn = Partition.of(this).arn({
      service: "logs",
      region: props.region,
      account: props.accountId,
      resource: `log-group:/aws/events/${name}`,
    });
    // EventBridge writes to a log group through the group's resource policy (EventBridge User Guide,
    // "Permissions for Amazon CloudWatch Logs targets"; read 2026-12-07).
    const policy = new CloudwatchLogResourcePolicy(this, "HistoryPolicy", {
      policyName: name,
      policyDocument: policyJson({
        Sid: "EventBridgeWritesBackupEvents",
        Effect: "Allow",
        Principal: { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${groupArn}:*`,
      }),
    });
    this.rule = new CloudwatchEventRule(this, "Rule", {
      name,
      description: `Finished automated backups of RDS instance ${props.instanceIdentifier}: the heartbeat of ${props.namePrefix}-rds-backup-missing (runbooks/rds-backup-missing.md)`,
      eventPattern: JSON.stringify({
        source: ["aws.rds"],
        "detail-type": ["RDS DB Instance Event"],
        detail: { EventID: [RDS_BACKUP_FINISHED], SourceIdentifier: [props.instanceIdentifier] },
      }),
    });
    new CloudwatchEventTarget(this, "HistoryTarget", {
      rule: this.rule.name,
      targetId: "backup-history",
      arn: history.logGroup.arn,
      dependsOn: [policy],
    });

    new RunbookAlarm(this, "Missing", {
      alarmName: `${props.namePrefix}-rds-backup-missing`,
      runbook: "rds-backup-missing",
      summary: `RDS finished no automated backup of ${props.instanceIdentifier} for ${hours} hours.`,
      severity: "critical",
      topics: props.topics,
      namespace: "AWS/Events",
      metricName: "TriggeredRules",
      dimensions: { RuleName: name },
      ...silentForHours(hours),
    });
  }
}
