import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import type { AlarmTopics, AlertSeverity } from "./alarm-topics";
import { ANY_IN_AN_HOUR, checkQuietHours, RunbookAlarm, silentForHours } from "./runbook-alarm";
import { PropsProblems } from "../kit/validation";

/**
 * What the rule's matches mean: `failure` pages on any match within an hour; `heartbeat` pages when
 * `quietHours` whole hours pass without one.
 */
export type EventRuleAlarmMode = { readonly kind: "failure" } | { readonly kind: "heartbeat"; readonly quietHours: number };

export interface EventRuleAlarmProps {
  /** Name of the rule and of its alarm, unique in the account and region, e.g. `us-rds-copy-failed`. */
  readonly name: string;
  /** EventBridge event pattern, as an object (serialized here). */
  readonly eventPattern: Readonly<Record<string, unknown>>;
  readonly mode: EventRuleAlarmMode;
  /** File name (without .md) of the runbook under runbooks/. */
  readonly runbook: string;
  readonly summary: string;
  readonly severity: AlertSeverity;
  readonly topics: AlarmTopics;
}

/**
 * An EventBridge rule with no target, watched through its own TriggeredRules metric (namespace
 * AWS/Events, dimension RuleName; EventBridge User Guide, "Monitoring Amazon EventBridge", read
 * 2026-12-07): AWS services that report a job's end only as an event (AWS Backup copy and restore
 * jobs) become a CloudWatch alarm with a runbook, on the topics CloudWatch is allowed to publish to.
 */
export class EventRuleAlarm extends Construct {
  readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: EventRuleAlarmProps) {
    super(scope, id);
    if (props.mode.kind === "heartbeat") checkQuietHours(new PropsProblems(this), props.mode.quietHours, "mode.quietHours").throwIfAny();
    this.rule = new CloudwatchEventRule(this, "Rule", {
      name: props.name,
      description: `${props.summary} Runbook: runbooks/${props.runbook}.md`.slice(0, 512),
      eventPattern: JSON.stringify(props.eventPattern),
    });
    const when = props.mode.kind === "heartbeat" ? silentForHours(props.mode.quietHours) : ANY_IN_AN_HOUR;
    new RunbookAlarm(this, "Alarm", {
      alarmName: props.name,
      runbook: props.runbook,
      summary: props.summary,
      severity: props.severity,
      topics: props.topics,
      namespace: "AWS/Events",
      metricName: "TriggeredRules",
      dimensions: { RuleName: props.name },
      ...when,
    });
  }
}
