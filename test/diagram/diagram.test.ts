import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stalePages, writeDiagrams } from "../../lib/diagram";
import { environmentFlowchart } from "../../lib/diagram/mermaid";
import { environmentModel, type Stacks } from "../../lib/diagram/model";

const header = {
  name: "us",
  tier: "production",
  region: "us-east-1",
  accountName: "prod-us",
  accountId: "200000000001",
  stacks: ["us-network", "us-data", "us-cluster", "us-platform"],
};
const meta = (p: string) => ({ "//": { metadata: { path: p } } });

/** A small environment: VPC with tiers, EKS with node groups, RDS, MSK, a bucket and helm releases. */
const fixture = new Map<string, { resource: Record<string, Record<string, Record<string, unknown>>> }>([
  [
    "us-network",
    {
      resource: {
        aws_vpc: { vpc: { cidr_block: "10.10.0.0/16" } },
        aws_subnet: {
          a: { cidr_block: "10.10.128.0/18", availability_zone: "us-east-1b", tags: { "subnet-tier": "private" } },
          b: { cidr_block: "10.10.0.0/18", availability_zone: "us-east-1a", tags: { "subnet-tier": "private" } },
          c: { cidr_block: "10.10.208.0/22", availability_zone: "us-east-1a", ...meta("us-network/network/data-subnets/us-east-1a") },
        },
        aws_nat_gateway: { n1: {}, n2: {} },
      },
    },
  ],
  [
    "us-data",
    {
      resource: {
        aws_db_instance: {
          pg: { identifier: "us-postgres", engine: "postgres", engine_version: "16", instance_class: "db.r6g.large", multi_az: true },
        },
        aws_msk_cluster: {
          k: {
            cluster_name: "us-events",
            kafka_version: "3.8.x",
            number_of_broker_nodes: 3,
            broker_node_group_info: { instance_type: "kafka.m7g.large" },
          },
        },
        aws_s3_bucket: { b: { bucket: "us-clickhouse-backups" } },
      },
    },
  ],
  [
    "us-cluster",
    {
      resource: {
        aws_eks_cluster: { c: { name: "us-eks", version: "1.34" } },
        aws_launch_template: { lt: { instance_type: "r6i.4xlarge" } },
        aws_eks_node_group: {
          ch: {
            node_group_name: "us-clickhouse-a",
            launch_template: { id: "$" + "{aws_launch_template.lt.id}", version: "1" },
            scaling_config: { min_size: 1, max_size: 2 },
            taint: [{ key: "dedicated", value: "clickhouse", effect: "NO_SCHEDULE" }],
          },
        },
      },
    },
  ],
  [
    "us-monitoring",
    {
      resource: {
        aws_cloudwatch_metric_alarm: { cpu: { alarm_name: "us-rds-cpu-high" } },
        aws_sns_topic: { critical: { name: "us-alerts-critical" } },
      },
    },
  ],
  [
    "us-platform",
    {
      resource: {
        helm_release: {
          op: { name: "clickhouse-operator", chart: "altinity-clickhouse-operator", namespace: "clickhouse", version: "0.25.0" },
          ch: { name: "clickhouse", chart: "./charts/clickhouse", namespace: "clickhouse" },
          app: { name: "posthog", chart: "posthog", namespace: "posthog" },
        },
      },
    },
  ],
]);

describe("diagram model and flowchart", () => {
  const model = environmentModel(fixture);
  const chart = environmentFlowchart(header, model);

  test("reads the VPC tiers in address order, the cluster, node groups (instance type from the launch template) and data stores by type", () => {
    expect(model.subnets).toEqual([
      { tier: "private", cidrs: ["10.10.0.0/18", "10.10.128.0/18"], zones: ["us-east-1a", "us-east-1b"] },
      { tier: "data", cidrs: ["10.10.208.0/22"], zones: ["us-east-1a"] },
    ]);
    expect(model.nodeGroups).toEqual([
      { name: "us-clickhouse-a", instanceTypes: ["r6i.4xlarge"], min: 1, max: 2, dedicatedTo: "clickhouse" },
    ]);
    expect(model.kafka).toEqual([{ name: "us-events", version: "3.8.x", brokers: 3, instanceType: "kafka.m7g.large" }]);
    expect(chart).toContain('subgraph account["AWS account prod-us (200000000001)"]');
    expect(chart).toContain('pg_us_postgres[("RDS postgres 16 us-postgres<br/>db.r6g.large, Multi-AZ")]');
    expect(chart).toContain('nat["2 NAT gateways"]');
  });

  test("draws the in-cluster components and the flows events -> Kafka -> ClickHouse and app -> Postgres", () => {
    expect(chart).toContain('subgraph incluster["in-cluster (helm releases)"]');
    expect(chart).toContain(
      'helm_clickhouse_clickhouse_operator["clickhouse-operator<br/>altinity-clickhouse-operator 0.25.0 in clickhouse"]',
    );
    expect(chart).toContain('helm_clickhouse_clickhouse["clickhouse<br/>local chart in clickhouse"]');
    expect(chart).toContain("clients -->|events| helm_posthog_posthog");
    expect(chart).toContain("helm_posthog_posthog -->|produce events, TLS + SASL| kafka_us_events");
    expect(chart).toContain("kafka_us_events -->|Kafka engine consumes| helm_clickhouse_clickhouse");
    expect(chart).not.toContain("-->|Kafka engine consumes| helm_clickhouse_clickhouse_operator");
    expect(chart).toContain("helm_posthog_posthog -->|SQL, TLS| pg_us_postgres");
    expect(chart).toContain("helm_clickhouse_clickhouse -.->|backups| s3_us_clickhouse_backups");
  });

  test("draws the alerting path: CloudWatch alarms notify the SNS topics", () => {
    expect(chart).toContain('sns_us_alerts_critical["SNS us-alerts-critical"]');
    expect(chart).toContain("alarms -->|notify| sns_us_alerts_critical");
  });

  test("draws no flow to a store that does not exist", () => {
    const withoutKafka: Stacks = new Map(
      [...fixture].map(([k, v]) => [k, k === "us-data" ? { resource: { aws_db_instance: v.resource.aws_db_instance! } } : v]),
    );
    const text = environmentFlowchart(header, environmentModel(withoutKafka));
    expect(text).not.toContain("kafka_");
    expect(text).toContain("-->|SQL, TLS| pg_us_postgres");
  });
});

describe("committed diagrams", () => {
  // The staleness check itself runs in test/bench/synth-outputs.test.ts, on a synth it shares.
  test("stale detection finds changed, missing and leftover pages", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diagrams-"));
    writeDiagrams(
      dir,
      new Map([
        ["a.md", "A"],
        ["b.md", "B"],
      ]),
    );
    fs.writeFileSync(path.join(dir, "old.md"), "environment that was removed");
    expect(
      stalePages(
        dir,
        new Map([
          ["a.md", "A"],
          ["b.md", "B2"],
          ["c.md", "C"],
        ]),
      ),
    ).toEqual(["b.md", "c.md", "old.md"]);
    writeDiagrams(dir, new Map([["a.md", "A"]]));
    expect(fs.readdirSync(dir)).toEqual(["a.md"]);
  });
});
