import { Testing } from "cdktf";
import { RunbookAlarm, type RunbookAlarmProps } from "../../../constructs/observability/runbook-alarm";
import type { TfJson } from "../../helpers/synth";
import { alarms, missingRunbooks, observabilityStack } from "./helpers";

const base: Omit<RunbookAlarmProps, "topics"> = {
  alarmName: "test-rds-cpu-high",
  runbook: "rds-cpu-high",
  summary: "CPU above 80%.",
  severity: "warning",
  namespace: "AWS/RDS",
  metricName: "CPUUtilization",
  dimensions: { DBInstanceIdentifier: "db" },
  threshold: 80,
  comparison: "GreaterThanThreshold",
};

function synth(extra: Partial<RunbookAlarmProps> = {}): TfJson {
  const { stack, topics } = observabilityStack();
  new RunbookAlarm(stack, "Alarm", { ...base, topics, ...extra });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

describe("RunbookAlarm", () => {
  test("names its runbook, routes alarm and recovery to its severity's topic, says what missing data means", () => {
    const [alarm] = alarms(synth());
    expect(alarm).toMatchObject({
      alarm_description: "[warning] CPU above 80%. Runbook: runbooks/rds-cpu-high.md",
      alarm_actions: [expect.stringMatching(/aws_sns_topic\.Topics_Topic-warning_.*\.arn/)],
      ok_actions: [expect.stringMatching(/aws_sns_topic\.Topics_Topic-warning_.*\.arn/)],
      treat_missing_data: "missing",
      statistic: "Average",
      period: 300,
      evaluation_periods: 3,
      datapoints_to_alarm: 3,
    });
  });

  test("critical alarms go to the critical topic", () => {
    expect(alarms(synth({ severity: "critical" }))[0]!["alarm_actions"]).toEqual([expect.stringMatching(/Topic-critical/)]);
  });

  // The construct does not read the repository; the tests check every synthesized alarm's runbook.
  test("the runbook check reports an alarm whose runbook file does not exist, and passes one that does", () => {
    expect(missingRunbooks(synth({ runbook: "no-such-runbook" }))).toEqual(["test-rds-cpu-high: runbooks/no-such-runbook.md"]);
    expect(missingRunbooks(synth())).toEqual([]);
  });

  test("throws when the runbook is not a file name", () => {
    expect(() => synth({ runbook: "../README" })).toThrow('test/Alarm: runbook: a kebab-case file name (got "../README")');
  });

  test("throws on a period CloudWatch does not accept", () => {
    expect(() => synth({ periodSeconds: 90 })).toThrow("test/Alarm: periodSeconds: 10, 30 or a multiple of 60 (got 90)");
  });

  test("throws when more datapoints are required than evaluated", () => {
    expect(() => synth({ evaluationPeriods: 2, datapointsToAlarm: 3 })).toThrow(
      "test/Alarm: datapointsToAlarm: 1..evaluationPeriods (2) (got 3)",
    );
  });

  test("throws on a non-finite threshold or an empty summary", () => {
    expect(() => synth({ threshold: Number.NaN, summary: " " })).toThrow(
      'test/Alarm: threshold: a finite number (got NaN)\ntest/Alarm: summary: one sentence of at most 400 characters (got " ")',
    );
  });
});
