import { Construct } from "constructs";
import type { AlarmTopics } from "./alarm-topics";
import { RunbookAlarm } from "./runbook-alarm";
import { PropsProblems } from "../kit/validation";

export interface MskAlarmsProps {
  /** Prefix of alarm names, e.g. `us`. */
  readonly namePrefix: string;
  readonly topics: AlarmTopics;
  /** MSK cluster name (the "Cluster Name" dimension). */
  readonly clusterName: string;
  /** Brokers are numbered 1..brokerCount (the "Broker ID" dimension). */
  readonly brokerCount: number;
  /** The ClickHouse Kafka-engine consumer group and the topics it reads. */
  readonly consumerGroup: string;
  readonly consumerTopics: readonly string[];
  /** Partitions per topic: the per-partition lag threshold divides by it. */
  readonly partitions: number;
  /** Events per second the platform expects: lag thresholds are seconds of traffic. */
  readonly eventsPerSecond: number;
  /** Seconds of traffic behind that warn (SumOffsetLag) and page (MaxOffsetLag per partition). */
  readonly lagWarningSeconds: number;
  readonly lagCriticalSeconds: number;
  /** @default 80 and 90 */
  readonly diskWarningPercent?: number;
  readonly diskCriticalPercent?: number;
}

/**
 * CloudWatch alarms of an MSK cluster (DEFAULT monitoring level metrics,
 * https://docs.aws.amazon.com/msk/latest/developerguide/metrics-details.html): disk per broker,
 * under-replicated partitions per broker, offline partitions, the active controller, and the lag of
 * the ClickHouse consumer group (https://docs.aws.amazon.com/msk/latest/developerguide/consumer-lag.html).
 */
export class MskAlarms extends Construct {
  readonly alarms: RunbookAlarm[] = [];

  constructor(scope: Construct, id: string, props: MskAlarmsProps) {
    super(scope, id);
    const warnDisk = props.diskWarningPercent ?? 80;
    const critDisk = props.diskCriticalPercent ?? 90;
    new PropsProblems(this)
      .require(Number.isInteger(props.brokerCount) && props.brokerCount >= 1, "brokerCount", props.brokerCount, "a positive integer")
      .require(
        warnDisk > 0 && warnDisk < critDisk && critDisk < 100,
        "diskWarningPercent, diskCriticalPercent",
        [warnDisk, critDisk],
        "0 < warning < critical < 100",
      )
      .require(
        !props.consumerGroup.includes(":"),
        "consumerGroup",
        props.consumerGroup,
        "a name without ':' (MSK emits no lag metrics for it)",
      )
      .require(props.consumerTopics.length > 0, "consumerTopics", props.consumerTopics, "at least one topic")
      .require(
        props.lagWarningSeconds < props.lagCriticalSeconds,
        "lagWarningSeconds",
        props.lagWarningSeconds,
        `below lagCriticalSeconds (${props.lagCriticalSeconds})`,
      )
      .require(props.eventsPerSecond > 0, "eventsPerSecond", props.eventsPerSecond, "positive")
      .require(props.partitions >= 1, "partitions", props.partitions, "positive")
      .throwIfAny();

    const cluster = { "Cluster Name": props.clusterName };
    const base = { topics: props.topics, namespace: "AWS/Kafka" };
    for (let broker = 1; broker <= props.brokerCount; broker++) {
      const dims = { ...cluster, "Broker ID": String(broker) };
      for (const [severity, percent] of [
        ["warning", warnDisk],
        ["critical", critDisk],
      ] as const) {
        this.alarms.push(
          new RunbookAlarm(this, `DiskUsed-${broker}-${severity}`, {
            ...base,
            dimensions: dims,
            alarmName: `${props.namePrefix}-msk-disk-used-broker-${broker}-${severity}`,
            runbook: "msk-disk-used-high",
            severity,
            summary: `MSK broker ${broker} data volume more than ${percent}% full.`,
            metricName: "KafkaDataLogsDiskUsed",
            statistic: "Maximum",
            threshold: percent,
            comparison: "GreaterThanThreshold",
            evaluationPeriods: 2,
          }),
        );
      }
      this.alarms.push(
        new RunbookAlarm(this, `UnderReplicated-${broker}`, {
          ...base,
          dimensions: dims,
          alarmName: `${props.namePrefix}-msk-under-replicated-broker-${broker}`,
          runbook: "msk-under-replicated-partitions",
          severity: "warning",
          summary: `MSK broker ${broker} has under-replicated partitions for 15 minutes.`,
          metricName: "UnderReplicatedPartitions",
          statistic: "Maximum",
          threshold: 0,
          comparison: "GreaterThanThreshold",
        }),
      );
    }
    this.alarms.push(
      new RunbookAlarm(this, "OfflinePartitions", {
        ...base,
        dimensions: cluster,
        alarmName: `${props.namePrefix}-msk-offline-partitions`,
        runbook: "msk-offline-partitions",
        severity: "critical",
        summary: `MSK cluster ${props.clusterName} has offline partitions: writes to them fail.`,
        metricName: "OfflinePartitionsCount",
        statistic: "Maximum",
        threshold: 0,
        comparison: "GreaterThanThreshold",
        periodSeconds: 60,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      }),
      new RunbookAlarm(this, "ActiveController", {
        ...base,
        dimensions: cluster,
        alarmName: `${props.namePrefix}-msk-active-controller`,
        runbook: "msk-active-controller",
        severity: "critical",
        summary: `MSK cluster ${props.clusterName} has no active controller: partition leadership cannot change.`,
        metricName: "ActiveControllerCount",
        statistic: "Maximum",
        // Reported per broker: 1 on the controller, 0 elsewhere; the cluster-wide maximum must stay 1.
        threshold: 1,
        comparison: "LessThanThreshold",
        periodSeconds: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "breaching",
      }),
    );
    const totalWarn = Math.max(1000, Math.round(props.eventsPerSecond * props.lagWarningSeconds));
    const partitionCrit = Math.max(1000, Math.round((props.eventsPerSecond * props.lagCriticalSeconds) / props.partitions));
    for (const topic of props.consumerTopics) {
      const dims = { ...cluster, "Consumer Group": props.consumerGroup, Topic: topic };
      this.alarms.push(
        new RunbookAlarm(this, `ConsumerLagTotal-${topic}`, {
          ...base,
          dimensions: dims,
          alarmName: `${props.namePrefix}-msk-consumer-lag-${topic}`,
          runbook: "msk-consumer-lag",
          severity: "warning",
          summary: `ClickHouse consumer group ${props.consumerGroup} is more than ${totalWarn} messages (~${props.lagWarningSeconds} s of traffic) behind on ${topic}.`,
          metricName: "SumOffsetLag",
          statistic: "Maximum",
          threshold: totalWarn,
          comparison: "GreaterThanThreshold",
        }),
        new RunbookAlarm(this, `ConsumerLagPartition-${topic}`, {
          ...base,
          dimensions: dims,
          alarmName: `${props.namePrefix}-msk-consumer-lag-partition-${topic}`,
          runbook: "msk-consumer-lag",
          severity: "critical",
          summary: `A partition of ${topic} is more than ${partitionCrit} messages (~${props.lagCriticalSeconds} s of traffic) behind for group ${props.consumerGroup}.`,
          metricName: "MaxOffsetLag",
          statistic: "Maximum",
          threshold: partitionCrit,
          comparison: "GreaterThanThreshold",
        }),
      );
    }
  }
}
