import { Construct } from "constructs";
import type { AlarmTopics } from "./alarm-topics";
import { RunbookAlarm } from "./runbook-alarm";
import { PropsProblems } from "../kit/validation";

export interface NatGatewayAlarmsProps {
  readonly namePrefix: string;
  readonly topics: AlarmTopics;
  /** NAT gateway ids, one per zone (or one in staging). */
  readonly natGatewayIds: readonly string[];
  /** @default 100 dropped packets in 5 minutes */
  readonly droppedPacketsThreshold?: number;
}

/**
 * NAT gateway errors (namespace AWS/NATGateway, dimension NatGatewayId;
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway-cloudwatch.html): source-port
 * exhaustion (ErrorPortAllocation) and dropped packets (PacketsDropCount).
 */
export class NatGatewayAlarms extends Construct {
  readonly alarms: RunbookAlarm[] = [];

  constructor(scope: Construct, id: string, props: NatGatewayAlarmsProps) {
    super(scope, id);
    const dropped = props.droppedPacketsThreshold ?? 100;
    new PropsProblems(this)
      .require(props.natGatewayIds.length > 0, "natGatewayIds", props.natGatewayIds, "at least one NAT gateway")
      .require(dropped >= 1, "droppedPacketsThreshold", dropped, "at least 1")
      .throwIfAny();
    props.natGatewayIds.forEach((natGatewayId, i) => {
      const base = {
        topics: props.topics,
        namespace: "AWS/NATGateway",
        dimensions: { NatGatewayId: natGatewayId },
        statistic: "Sum" as const,
      };
      this.alarms.push(
        new RunbookAlarm(this, `PortAllocation-${i}`, {
          ...base,
          alarmName: `${props.namePrefix}-nat-${i}-port-allocation-errors`,
          runbook: "nat-gateway-port-allocation",
          severity: "warning",
          summary: `NAT gateway ${i} could not allocate source ports: connections to the internet fail.`,
          metricName: "ErrorPortAllocation",
          threshold: 0,
          comparison: "GreaterThanThreshold",
          evaluationPeriods: 2,
          treatMissingData: "notBreaching",
        }),
        new RunbookAlarm(this, `PacketsDropped-${i}`, {
          ...base,
          alarmName: `${props.namePrefix}-nat-${i}-packets-dropped`,
          runbook: "nat-gateway-packets-dropped",
          severity: "warning",
          summary: `NAT gateway ${i} dropped more than ${dropped} packets in 5 minutes, 3 periods running.`,
          metricName: "PacketsDropCount",
          threshold: dropped,
          comparison: "GreaterThanThreshold",
          treatMissingData: "notBreaching",
        }),
      );
    });
  }
}
