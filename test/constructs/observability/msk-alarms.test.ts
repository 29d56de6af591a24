import { Testing } from "cdktf";
import { MskAlarms, type MskAlarmsProps } from "../../../constructs/observability/msk-alarms";
import type { TfJson } from "../../helpers/synth";
import { alarmNamed, alarms, observabilityStack } from "./helpers";

const base: Omit<MskAlarmsProps, "topics"> = {
  namePrefix: "us",
  clusterName: "us-kafka",
  brokerCount: 3,
  consumerGroup: "group1",
  consumerTopics: ["events"],
  partitions: 12,
  eventsPerSecond: 2000,
  lagWarningSeconds: 300,
  lagCriticalSeconds: 900,
};

function synth(extra: Partial<MskAlarmsProps> = {}): TfJson {
  const { stack, topics } = observabilityStack();
  new MskAlarms(stack, "Kafka", { ...base, topics, ...extra });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

describe("MskAlarms", () => {
  const json = synth();

  test("disk (warning and critical) and under-replicated partitions per broker", () => {
    for (const broker of ["1", "2", "3"]) {
      expect(alarmNamed(json, `us-msk-disk-used-broker-${broker}-warning`)).toMatchObject({
        metric_name: "KafkaDataLogsDiskUsed",
        threshold: 80,
        dimensions: { "Cluster Name": "us-kafka", "Broker ID": broker },
      });
      expect(alarmNamed(json, `us-msk-disk-used-broker-${broker}-critical`)).toMatchObject({ threshold: 90 });
      expect(alarmNamed(json, `us-msk-under-replicated-broker-${broker}`)).toMatchObject({
        metric_name: "UnderReplicatedPartitions",
        threshold: 0,
      });
    }
  });

  test("offline partitions and the active controller, cluster-wide; a silent controller metric breaches", () => {
    expect(alarmNamed(json, "us-msk-offline-partitions")).toMatchObject({
      metric_name: "OfflinePartitionsCount",
      dimensions: { "Cluster Name": "us-kafka" },
    });
    expect(alarmNamed(json, "us-msk-active-controller")).toMatchObject({
      metric_name: "ActiveControllerCount",
      comparison_operator: "LessThanThreshold",
      threshold: 1,
      treat_missing_data: "breaching",
    });
  });

  test("consumer lag of the ClickHouse group, in seconds of traffic", () => {
    const dims = { "Cluster Name": "us-kafka", "Consumer Group": "group1", Topic: "events" };
    expect(alarmNamed(json, "us-msk-consumer-lag-events")).toMatchObject({
      metric_name: "SumOffsetLag",
      dimensions: dims,
      threshold: 600000,
    });
    expect(alarmNamed(json, "us-msk-consumer-lag-partition-events")).toMatchObject({
      metric_name: "MaxOffsetLag",
      dimensions: dims,
      threshold: 150000,
    });
    expect(alarms(json)).toHaveLength(3 * 3 + 2 + 2);
  });

  test("throws on a consumer group CloudWatch cannot report", () => {
    expect(() => synth({ consumerGroup: "a:b" })).toThrow(
      "test/Kafka: consumerGroup: a name without ':' (MSK emits no lag metrics for it) (got \"a:b\")",
    );
  });

  test("throws when warning lag is not below critical lag", () => {
    expect(() => synth({ lagWarningSeconds: 900, lagCriticalSeconds: 300 })).toThrow(
      "test/Kafka: lagWarningSeconds: below lagCriticalSeconds (300) (got 900)",
    );
  });

  test("throws on disk thresholds out of order and a bad broker count", () => {
    expect(() => synth({ diskWarningPercent: 95, brokerCount: 0 })).toThrow(
      "test/Kafka: brokerCount: a positive integer (got 0)\ntest/Kafka: diskWarningPercent, diskCriticalPercent: 0 < warning < critical < 100 (got [95,90])",
    );
  });

  test("throws without topics or traffic", () => {
    expect(() => synth({ consumerTopics: [], eventsPerSecond: 0 })).toThrow(
      "test/Kafka: consumerTopics: at least one topic (got [])\ntest/Kafka: eventsPerSecond: positive (got 0)",
    );
  });
});
