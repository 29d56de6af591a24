import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { AlarmTopics, AlertSeverity } from "./alarm-topics";
import { PropsProblems } from "../kit/validation";

export const COMPARISONS = [
  "GreaterThanThreshold",
  "GreaterThanOrEqualToThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
] as const;

export interface RunbookAlarmProps {
  /** Alarm name, unique in the account and region, e.g. `us-rds-cpu-high`. */
  readonly alarmName: string;
  /**
   * File name (without .md) of the runbook under runbooks/, e.g. `rds-cpu-high`. That the file exists
   * is checked by the tests over every synthesized alarm (test/stacks/monitoring-stack.test.ts).
   */
  readonly runbook: string;
  /** One sentence: what crossed which line. Shown in the page before the runbook link. */
  readonly summary: string;
  readonly severity: AlertSeverity;
  readonly topics: AlarmTopics;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** @default "Average" */
  readonly statistic?: "Average" | "Maximum" | "Minimum" | "Sum" | "SampleCount";
  /** @default 300 */
  readonly periodSeconds?: number;
  /** @default 3 */
  readonly evaluationPeriods?: number;
  /** @default - equal to evaluationPeriods */
  readonly datapointsToAlarm?: number;
  readonly threshold: number;
  readonly comparison: (typeof COMPARISONS)[number];
  /**
   * What a silent metric means. `breaching` for metrics whose absence is itself a failure.
   * @default "missing"
   */
  readonly treatMissingData?: "missing" | "breaching" | "notBreaching" | "ignore";
}

/** The runbook path every alarm description carries. */
export const runbookPath = (runbook: string): string => `runbooks/${runbook}.md`;

/**
 * A CloudWatch metric alarm that always names its runbook (runbooks/<runbook>.md) and notifies the
 * topic of its severity on alarm and on recovery.
 */
export class RunbookAlarm extends Construct {
  readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: RunbookAlarmProps) {
    super(scope, id);
    const evaluationPeriods = props.evaluationPeriods ?? 3;
    const datapoints = props.datapointsToAlarm ?? evaluationPeriods;
    const period = props.periodSeconds ?? 300;
    new PropsProblems(this)
      .require(/^[a-z0-9][a-z0-9-]*$/.test(props.runbook), "runbook", props.runbook, "a kebab-case file name")
      .require(Number.isFinite(props.threshold), "threshold", props.threshold, "a finite number")
      .require(period === 10 || period === 30 || (period >= 60 && period % 60 === 0), "periodSeconds", period, "10, 30 or a multiple of 60")
      // PutMetricAlarm: EvaluationPeriods x Period may not exceed seven days (CloudWatch API
      // Reference, PutMetricAlarm; read 2026-12-07).
      .require(
        evaluationPeriods * period <= 7 * 86400,
        "evaluationPeriods x periodSeconds",
        evaluationPeriods * period,
        "at most 604800 (seven days)",
      )
      .require(
        datapoints >= 1 && datapoints <= evaluationPeriods,
        "datapointsToAlarm",
        datapoints,
        `1..evaluationPeriods (${evaluationPeriods})`,
      )
      .require(
        props.summary.trim().length > 0 && props.summary.length <= 400,
        "summary",
        props.summary,
        "one sentence of at most 400 characters",
      )
      .throwIfAny();

    const topic = props.topics.topics[props.severity].arn;
    this.alarm = new CloudwatchMetricAlarm(this, "Resource", {
      alarmName: props.alarmName,
      alarmDescription: `[${props.severity}] ${props.summary} Runbook: ${runbookPath(props.runbook)}`,
      namespace: props.namespace,
      metricName: props.metricName,
      dimensions: { ...props.dimensions },
      statistic: props.statistic ?? "Average",
      period,
      evaluationPeriods,
      datapointsToAlarm: datapoints,
      threshold: props.threshold,
      comparisonOperator: props.comparison,
      treatMissingData: props.treatMissingData ?? "missing",
      alarmActions: [topic],
      okActions: [topic],
    });
  }
}

/**
 * The alarm settings of "it happened at all": a count metric (Sum per hour) alarms on the first
 * event in an hour; no data is no event, because AWS publishes these metrics only while events happen.
 */
export const ANY_IN_AN_HOUR = {
  statistic: "Sum",
  periodSeconds: 3600,
  evaluationPeriods: 1,
  threshold: 1,
  comparison: "GreaterThanOrEqualToThreshold",
  treatMissingData: "notBreaching",
} as const satisfies Pick<
  RunbookAlarmProps,
  "statistic" | "periodSeconds" | "evaluationPeriods" | "threshold" | "comparison" | "treatMissingData"
>;

/**
 * The alarm settings of a heartbeat: a count metric (Sum per hour) that pages once `hours` whole
 * hours in a row have no event. One event in any hour keeps it quiet, and a metric that is not
 * published at all counts as silence, because AWS publishes these metrics only while events happen.
 */
export function silentForHours(
  hours: number,
): Pick<RunbookAlarmProps, "statistic" | "periodSeconds" | "evaluationPeriods" | "threshold" | "comparison" | "treatMissingData"> {
  return {
    statistic: "Sum",
    periodSeconds: 3600,
    evaluationPeriods: hours,
    threshold: 1,
    comparison: "LessThanThreshold",
    treatMissingData: "breaching",
  };
}

/** Records a problem unless the heartbeat window is whole hours from 1 to 168 (CloudWatch evaluates at most seven days). */
export function checkQuietHours(problems: PropsProblems, hours: number, field = "maxQuietHours"): PropsProblems {
  return problems.require(Number.isInteger(hours) && hours >= 1 && hours <= 168, field, hours, "a whole number of hours from 1 to 168");
}
