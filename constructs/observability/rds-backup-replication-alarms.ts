import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { AlarmTopics } from "./alarm-topics";
import { EventRuleAlarm } from "./event-rule-alarm";
import { Partition } from "../core/partition";
import { PropsProblems } from "../kit/validation";
import { eventForwarderRole } from "../kit/event-forwarder-role";

/**
 * RDS's event when automated backups of a DB instance are turned off (RDS User Guide, "Amazon RDS
 * event categories and event messages", DB instance events, configuration change, RDS-EVENT-0028;
 * awsdocs/amazon-rds-user-guide doc_source/USER_Events.Messages.md, read 2026-12-07). Replication
 * copies automated backups, so it ends with them.
 */
export const RDS_AUTOMATED_BACKUPS_DISABLED = "RDS-EVENT-0028";

/**
 * The RDS API calls that end replication or remove its copies (RDS User Guide, "Replicating automated
 * backups to another AWS Region": stopping replication, deleting replicated backups; the CLI examples
 * call them in the destination region; read 2026-12-07).
 */
export const REPLICATION_ENDING_CALLS = ["StopDBInstanceAutomatedBackupsReplication", "DeleteDBInstanceAutomatedBackup"] as const;

export interface RdsBackupReplicationAlarmsProps {
  /** Prefix of names, for example `us`. */
  readonly namePrefix: string;
  readonly topics: AlarmTopics;
  readonly accountId: string;
  /** Region of the DB instance, the topics and the alarms. */
  readonly region: string;
  /** Region its automated backups are replicated to (postgres.backupReplicationRegion). */
  readonly replicationRegion: string;
  /** The DB instance whose automated backups are replicated. */
  readonly instanceIdentifier: string;
}

/**
 * The CloudTrail events of the calls that end replication: write calls reach EventBridge as
 * "AWS API Call via CloudTrail" in the account and region of the call (EventBridge User Guide,
 * "Receiving CloudTrail events", read 2026-12-07; the same facts as constructs/organization/security-event-rules.ts).
 */
export function replicationCallPattern(): Record<string, unknown> {
  return {
    source: ["aws.rds"],
    "detail-type": ["AWS API Call via CloudTrail"],
    detail: { eventSource: ["rds.amazonaws.com"], eventName: [...REPLICATION_ENDING_CALLS] },
  };
}

/**
 * Warns when the cross-region replication of the instance's automated backups is ended on purpose or
 * by accident. RDS documents no event and no metric for the replication itself (its event list has
 * none for it; DescribeDBInstanceAutomatedBackups in the destination region shows `Status` and
 * `RestoreWindow.LatestTime`, which only a poller could watch), so this watches what ends it:
 * - automated backups turned off on the instance (RDS-EVENT-0028, in the instance's region);
 * - the API calls that stop replication or delete the replicated backups, in either region: a rule in
 *   the replication region forwards them to this region's default event bus (EventBridge needs a
 *   role for a bus in another region; EventBridge User Guide, "Sending and receiving events between
 *   AWS Regions", read 2026-12-07), where one rule and alarm count them with the local ones.
 * A replication that silently falls behind is not seen here; runbooks/rds-backup-replication-stopped.md
 * says what covers it.
 */
export class RdsBackupReplicationAlarms extends Construct {
  readonly forwarder: IamRole;

  constructor(scope: Construct, id: string, props: RdsBackupReplicationAlarmsProps) {
    super(scope, id);
    new PropsProblems(this)
      .require(/^\d{12}$/.test(props.accountId), "accountId", props.accountId, "12 digits")
      .require(
        props.replicationRegion !== props.region,
        "replicationRegion",
        props.replicationRegion,
        `a region other than ${props.region}`,
      )
      .throwIfAny();
    const p = props.namePrefix;
    const runbook = "rds-backup-replication-stopped";

    new EventRuleAlarm(this, "BackupsDisabled", {
      name: `${p}-rds-automated-backups-disabled`,
      eventPattern: {
        source: ["aws.rds"],
        "detail-type": ["RDS DB Instance Event"],
        detail: { SourceIdentifier: [props.instanceIdentifier], EventID: [RDS_AUTOMATED_BACKUPS_DISABLED] },
      },
      mode: { kind: "failure" },
      runbook,
      summary: `Automated backups of ${props.instanceIdentifier} were turned off: no new backup, and none replicated to ${props.replicationRegion}.`,
      severity: "warning",
      topics: props.topics,
    });

    new EventRuleAlarm(this, "ReplicationStopped", {
      name: `${p}-rds-backup-replication-stopped`,
      eventPattern: replicationCallPattern(),
      mode: { kind: "failure" },
      runbook,
      summary: `An RDS call stopped automated backup replication or deleted replicated backups (${props.region} or ${props.replicationRegion}).`,
      severity: "warning",
      topics: props.topics,
    });

    const partition = Partition.of(this);
    const localBus = partition.arn({ service: "events", region: props.region, account: props.accountId, resource: "event-bus/default" });
    this.forwarder = eventForwarderRole(this, "Forwarder", {
      name: `${p}-rds-replication-event-forwarder`,
      description: `EventBridge forwards RDS backup replication calls from ${props.replicationRegion} to ${props.region}`,
      accountId: props.accountId,
      busArn: localBus,
      policyName: "put-events-on-the-default-bus",
    });
    const rule = new CloudwatchEventRule(this, "ForwardRule", {
      region: props.replicationRegion,
      name: `${p}-rds-backup-replication-calls`,
      description: `Forwards the calls that end RDS backup replication to ${props.region} (runbooks/${runbook}.md)`,
      eventPattern: JSON.stringify(replicationCallPattern()),
    });
    new CloudwatchEventTarget(this, "ForwardTarget", {
      region: props.replicationRegion,
      rule: rule.name,
      targetId: "home-region-default-bus",
      arn: localBus,
      roleArn: this.forwarder.arn,
    });
  }
}
