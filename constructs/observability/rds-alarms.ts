import { Construct } from "constructs";
import type { AlarmTopics } from "./alarm-topics";
import { postgresDefaultMaxConnections, rdsInstanceMemoryGiB } from "./rds-instance-classes";
import { RunbookAlarm } from "./runbook-alarm";
import { PropsProblems } from "../kit/validation";

export interface RdsAlarmsProps {
  /** Prefix of alarm names, e.g. `us`. */
  readonly namePrefix: string;
  readonly topics: AlarmTopics;
  readonly instanceIdentifier: string;
  /** db.* class: sizes the memory and connection thresholds. */
  readonly instanceClass: string;
  /** Storage at creation; the free-storage alarm fires below 5 % of it (at least 2 GiB). */
  readonly allocatedStorageGiB: number;
  /**
   * The read replica, whose ReplicaLag is watched.
   * @default - no replica, no replica-lag alarm
   */
  readonly replicaIdentifier?: string;
  /** @default 80 */
  readonly cpuPercent?: number;
  /** @default 300 */
  readonly replicaLagSeconds?: number;
}

const GiB = 1024 ** 3;

/** CloudWatch alarms of one RDS PostgreSQL instance: CPU, storage, memory, connections, replica lag. */
export class RdsAlarms extends Construct {
  readonly alarms: RunbookAlarm[] = [];

  constructor(scope: Construct, id: string, props: RdsAlarmsProps) {
    super(scope, id);
    const memoryGiB = rdsInstanceMemoryGiB(props.instanceClass);
    const cpu = props.cpuPercent ?? 80;
    const lag = props.replicaLagSeconds ?? 300;
    const problems = new PropsProblems(this)
      .require(
        memoryGiB !== undefined,
        "instanceClass",
        props.instanceClass,
        "a class in the memory table (db.r*, db.m*, db.x*, db.t* sizes large to 24xlarge; add others to rds-instance-classes.ts)",
      )
      .require(cpu > 0 && cpu < 100, "cpuPercent", cpu, "between 0 and 100")
      .require(props.allocatedStorageGiB >= 20, "allocatedStorageGiB", props.allocatedStorageGiB, "at least 20")
      .require(lag >= 30, "replicaLagSeconds", lag, "at least 30");
    problems.throwIfAny();
    if (memoryGiB === undefined) return; // unreachable: recorded above

    const base = { topics: props.topics, namespace: "AWS/RDS", dimensions: { DBInstanceIdentifier: props.instanceIdentifier } };
    const maxConnections = postgresDefaultMaxConnections(memoryGiB);
    const freeStorageGiB = Math.max(2, Math.round(props.allocatedStorageGiB * 0.05));
    this.alarms.push(
      new RunbookAlarm(this, "CpuHigh", {
        ...base,
        alarmName: `${props.namePrefix}-rds-cpu-high`,
        runbook: "rds-cpu-high",
        severity: "warning",
        summary: `RDS ${props.instanceIdentifier} CPU above ${cpu}% for 15 minutes.`,
        metricName: "CPUUtilization",
        threshold: cpu,
        comparison: "GreaterThanThreshold",
      }),
      new RunbookAlarm(this, "FreeStorageLow", {
        ...base,
        alarmName: `${props.namePrefix}-rds-free-storage-low`,
        runbook: "rds-free-storage-low",
        severity: "critical",
        summary: `RDS ${props.instanceIdentifier} has less than ${freeStorageGiB} GiB of free storage.`,
        metricName: "FreeStorageSpace",
        statistic: "Minimum",
        threshold: freeStorageGiB * GiB,
        comparison: "LessThanThreshold",
        evaluationPeriods: 2,
      }),
      new RunbookAlarm(this, "FreeableMemoryLow", {
        ...base,
        alarmName: `${props.namePrefix}-rds-freeable-memory-low`,
        runbook: "rds-freeable-memory-low",
        severity: "warning",
        summary: `RDS ${props.instanceIdentifier} freeable memory below 10% of ${memoryGiB} GiB for 15 minutes.`,
        metricName: "FreeableMemory",
        statistic: "Minimum",
        threshold: Math.round(memoryGiB * GiB * 0.1),
        comparison: "LessThanThreshold",
      }),
      new RunbookAlarm(this, "ConnectionsHigh", {
        ...base,
        alarmName: `${props.namePrefix}-rds-connections-high`,
        runbook: "rds-connections-high",
        severity: "warning",
        summary: `RDS ${props.instanceIdentifier} above 80% of its default max_connections (${maxConnections}).`,
        metricName: "DatabaseConnections",
        statistic: "Maximum",
        threshold: Math.floor(maxConnections * 0.8),
        comparison: "GreaterThanThreshold",
      }),
    );
    if (props.replicaIdentifier) {
      this.alarms.push(
        new RunbookAlarm(this, "ReplicaLagHigh", {
          ...base,
          dimensions: { DBInstanceIdentifier: props.replicaIdentifier },
          alarmName: `${props.namePrefix}-rds-replica-lag-high`,
          runbook: "rds-replica-lag-high",
          severity: "warning",
          summary: `RDS read replica ${props.replicaIdentifier} more than ${lag} s behind the primary.`,
          metricName: "ReplicaLag",
          statistic: "Maximum",
          threshold: lag,
          comparison: "GreaterThanThreshold",
        }),
      );
    }
  }
}
