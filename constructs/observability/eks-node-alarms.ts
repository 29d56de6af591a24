import { Construct } from "constructs";
import type { AlarmTopics } from "./alarm-topics";
import { RunbookAlarm } from "./runbook-alarm";
import { PropsProblems } from "../kit/validation";

export interface EksNodeAlarmsProps {
  readonly namePrefix: string;
  readonly topics: AlarmTopics;
  readonly clusterName: string;
  /** Nodes the cluster never goes below (sum of the node groups' minimum sizes). */
  readonly minimumNodes: number;
}

/**
 * Node health of an EKS cluster from Container Insights (namespace ContainerInsights, dimension
 * ClusterName; https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-EKS.html):
 * failed nodes, and fewer nodes than the groups' minimum. A silent node count is treated as
 * breaching: no metrics means nobody is watching the nodes.
 */
export class EksNodeAlarms extends Construct {
  readonly alarms: RunbookAlarm[];

  constructor(scope: Construct, id: string, props: EksNodeAlarmsProps) {
    super(scope, id);
    new PropsProblems(this)
      .require(Number.isInteger(props.minimumNodes) && props.minimumNodes >= 1, "minimumNodes", props.minimumNodes, "a positive integer")
      .throwIfAny();
    const base = { topics: props.topics, namespace: "ContainerInsights", dimensions: { ClusterName: props.clusterName } };
    this.alarms = [
      new RunbookAlarm(this, "FailedNodes", {
        ...base,
        alarmName: `${props.namePrefix}-eks-failed-nodes`,
        runbook: "eks-node-not-ready",
        severity: "critical",
        summary: `EKS cluster ${props.clusterName} has nodes failing (not Ready) for 10 minutes.`,
        metricName: "cluster_failed_node_count",
        statistic: "Maximum",
        threshold: 0,
        comparison: "GreaterThanThreshold",
        periodSeconds: 60,
        evaluationPeriods: 10,
        datapointsToAlarm: 8,
      }),
      new RunbookAlarm(this, "NodeCountLow", {
        ...base,
        alarmName: `${props.namePrefix}-eks-node-count-low`,
        runbook: "eks-node-count-low",
        severity: "warning",
        summary: `EKS cluster ${props.clusterName} runs fewer than ${props.minimumNodes} nodes (the node groups' minimum), or reports no node metrics.`,
        metricName: "cluster_node_count",
        statistic: "Minimum",
        threshold: props.minimumNodes,
        comparison: "LessThanThreshold",
        treatMissingData: "breaching",
      }),
    ];
  }
}
