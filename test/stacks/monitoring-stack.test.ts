import { loadPlatformConfig } from "../../lib/config/load";
import { evaluateStack } from "../../lib/policy/stack-report";
import { environmentsFixture, shippedFile } from "../helpers/fixtures";
import { buildStacks, resourcesOf, synthJson } from "../helpers/synth";
import { missingRunbooks } from "../constructs/observability/helpers";

const withAlerts =
  shippedFile("us.yaml").split("\nalerts:")[0] +
  "\nalerts:\n  critical:\n    - protocol: https\n      endpoint: https://events.pagerduty.com/integration/abc/enqueue\n  warning:\n    - protocol: email\n      endpoint: platform-oncall@example.com\n";
// eu without on-call routing, to see the warning.
const euPagingNobody = `${shippedFile("eu.yaml").split("\nalerts:")[0]}\n`;
const config = loadPlatformConfig(environmentsFixture({ "us.yaml": withAlerts, "eu.yaml": euPagingNobody }));
const stacks = buildStacks({ ...config, environments: config.environments.filter((e) => ["us", "eu", "staging"].includes(e.name)) });
// As app.synth() does: cross-stack references become remote-state lookups.
for (const s of stacks.values()) s.prepareStack();
const us = synthJson(stacks.get("us-monitoring")!);
const staging = synthJson(stacks.get("staging-monitoring")!);
const alarmNames = (json: typeof us) => Object.values(resourcesOf(json, "aws_cloudwatch_metric_alarm")).map((a) => String(a["alarm_name"]));

describe("monitoring stack", () => {
  test("routes alerts through one encrypted SNS topic per severity, subscribed from the environment file", () => {
    const topics = Object.values(resourcesOf(us, "aws_sns_topic"));
    expect(topics.map((t) => t["name"]).sort()).toEqual(["us-alerts-critical", "us-alerts-warning"]);
    expect(topics.every((t) => String(t["kms_master_key_id"]).includes("aws_kms_key."))).toBe(true);
    const subs = Object.values(resourcesOf(us, "aws_sns_topic_subscription"));
    expect(subs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          protocol: "https",
          endpoint: "https://events.pagerduty.com/integration/abc/enqueue",
          topic_arn: expect.stringContaining("Topic-critical"),
        }),
        expect.objectContaining({
          protocol: "email",
          endpoint: "platform-oncall@example.com",
          topic_arn: expect.stringContaining("Topic-warning"),
        }),
      ]),
    );
  });

  test("alarms RDS, MSK (per broker), EKS nodes and every NAT gateway", () => {
    const names = alarmNames(us);
    expect(names).toEqual(
      expect.arrayContaining(["us-rds-cpu-high", "us-rds-free-storage-low", "us-rds-freeable-memory-low", "us-rds-connections-high"]),
    );
    expect(names).toEqual(
      expect.arrayContaining([
        "us-msk-offline-partitions",
        "us-msk-active-controller",
        "us-msk-consumer-lag-clickhouse_events_json",
        "us-msk-consumer-lag-partition-clickhouse_events_json",
      ]),
    );
    const brokers = config.environments.find((e) => e.name === "us")!.kafka.brokerCount;
    expect(names.filter((n) => /^us-msk-disk-used-broker-\d+-critical$/.test(n))).toHaveLength(brokers);
    expect(names.filter((n) => /^us-msk-under-replicated-broker-\d+$/.test(n))).toHaveLength(brokers);
    expect(names).toEqual(expect.arrayContaining(["us-eks-failed-nodes", "us-eks-node-count-low"]));
    expect(names.filter((n) => /^us-nat-\d+-port-allocation-errors$/.test(n))).toHaveLength(3);
  });

  test("staging with a single NAT gateway gets one pair of NAT alarms", () => {
    expect(alarmNames(staging).filter((n) => n.startsWith("staging-nat-"))).toHaveLength(2);
  });

  test("alarms read identifiers from the layers below, not literals", () => {
    const alarms = Object.values(resourcesOf(us, "aws_cloudwatch_metric_alarm"));
    const rds = alarms.find((a) => a["alarm_name"] === "us-rds-cpu-high")!;
    expect(String((rds["dimensions"] as Record<string, string>)["DBInstanceIdentifier"])).toMatch(/terraform_remote_state/);
  });

  test("every alarm links its runbook and notifies on alarm and recovery", () => {
    for (const a of Object.values(resourcesOf(us, "aws_cloudwatch_metric_alarm"))) {
      expect(a["alarm_description"]).toMatch(/Runbook: runbooks\/[a-z0-9-]+\.md$/);
      expect(a["alarm_actions"]).toHaveLength(1);
      expect(a["ok_actions"]).toEqual(a["alarm_actions"]);
    }
  });

  test("every alarm of every shipped environment names a runbook file that exists", () => {
    const shipped = [...buildStacks().entries()].filter(([name]) => name.endsWith("-monitoring"));
    expect(shipped.length).toBe(loadPlatformConfig().environments.length);
    expect(shipped.flatMap(([, stack]) => missingRunbooks(synthJson(stack)))).toEqual([]);
  });

  test("warns (without failing synth) when a production environment pages nobody", () => {
    const warnings = (name: string) =>
      stacks
        .get(name)!
        .node.findAll()
        .flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data)));
    expect(warnings("eu-monitoring")).toEqual([
      expect.stringMatching(/eu\.yaml: alerts\.critical is empty, so critical alarms page nobody/),
    ]);
    expect(warnings("us-monitoring")).toEqual([]);
    expect(warnings("staging-monitoring")).toEqual([]);
  });

  test("passes every guardrail", () => {
    for (const name of ["us-monitoring", "staging-monitoring"]) {
      expect(evaluateStack(stacks.get(name)!).filter((f) => f.status !== "pass" && f.status !== "n/a")).toEqual([]);
    }
  });
});
