import { Testing } from "cdktf";
import { EksNodeAlarms } from "../../../constructs/observability/eks-node-alarms";
import type { TfJson } from "../../helpers/synth";
import { alarmNamed, observabilityStack } from "./helpers";

function synth(minimumNodes = 8): TfJson {
  const { stack, topics } = observabilityStack();
  new EksNodeAlarms(stack, "Nodes", { namePrefix: "us", topics, clusterName: "us-eks", minimumNodes });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

describe("EksNodeAlarms", () => {
  const json = synth();

  test("failed nodes page; fewer nodes than the minimum, or no metrics, warns", () => {
    expect(alarmNamed(json, "us-eks-failed-nodes")).toMatchObject({
      namespace: "ContainerInsights",
      metric_name: "cluster_failed_node_count",
      dimensions: { ClusterName: "us-eks" },
      alarm_description: expect.stringContaining("[critical]"),
    });
    expect(alarmNamed(json, "us-eks-node-count-low")).toMatchObject({
      metric_name: "cluster_node_count",
      threshold: 8,
      comparison_operator: "LessThanThreshold",
      treat_missing_data: "breaching",
    });
  });

  test("throws when the minimum is not a positive integer", () => {
    expect(() => synth(0)).toThrow("test/Nodes: minimumNodes: a positive integer (got 0)");
  });
});
