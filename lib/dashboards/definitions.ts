import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { cloudwatchPanel, promPanel, type CloudWatchSeries } from "./panels";

/**
 * The platform's Grafana dashboards, as code. `npm run generate:dashboards` writes them to
 * charts/platform-dashboards/dashboards/ (one JSON file each), which the platform stack ships as
 * ConfigMaps the kube-prometheus-stack Grafana sidecar loads.
 *
 * Prometheus panels query only what the shipped exporters export (test/dashboards checks every
 * selector against the metric lists in test/dashboards/fixtures/metrics/). Kafka and Postgres come
 * from CloudWatch: MSK's open-monitoring JMX exporter is not scraped, and RDS has no exporter.
 */

/** What the dashboards need from the alert chart's values (charts/platform-alerts/values.yaml). */
export interface DashboardInputs {
  /** Base of every runbook link, as the alerts' runbook_url: `<base>/<runbook>.md`. */
  readonly runbookBaseUrl: string;
  /** PromQL label matchers of the ClickHouse server pods, e.g. `namespace="clickhouse", pod=~"chi-.*"`. */
  readonly clickhouseSelector: string;
  /** PromQL label matchers of the Keeper pods. */
  readonly keeperSelector: string;
  /** Namespace and name of the ClickHouse backup CronJob. */
  readonly backup: { readonly namespace: string; readonly cronJob: string };
}

export interface DashboardDefinition {
  /** File name (without .json) and ConfigMap suffix. */
  readonly name: string;
  /** The Grafana dashboard model. */
  readonly model: dashboard.Dashboard;
}

/** Runbooks (file names under runbooks/, without .md) each dashboard links, beside its panels. */
export const DASHBOARD_RUNBOOKS: Readonly<Record<string, readonly string[]>> = {
  ingestion: ["ingestion-lag", "ingestion-stalled", "clickhouse-kafka-consumer-errors", "msk-consumer-lag", "platform-alerts-no-data"],
  kafka: [
    "msk-under-replicated-partitions",
    "msk-disk-used-high",
    "msk-consumer-lag",
    "msk-offline-partitions",
    "msk-active-controller",
    "msk-broker-scaling",
  ],
  clickhouse: [
    "clickhouse-readonly-replica",
    "clickhouse-replication-delay",
    "clickhouse-too-many-parts",
    "clickhouse-rejected-inserts",
    "clickhouse-kafka-consumer-errors",
    "platform-alerts-no-data",
  ],
  "clickhouse-keeper": ["clickhouse-keeper-quorum", "platform-alerts-no-data"],
  "clickhouse-operator": ["clickhouse-node-replacement"],
  postgres: ["rds-cpu-high", "rds-connections-high", "rds-replica-lag-high", "rds-free-storage-low", "rds-freeable-memory-low"],
  backups: [
    "clickhouse-backup-stale",
    "rds-backup-missing",
    "rds-backup-replication-stopped",
    "backup-bucket-idle",
    "backup-copy-stale",
    "restore-drill",
    "clickhouse-restore",
    "postgres-restore-pitr",
  ],
};

const ANY = "*";
/** A CloudWatch series label naming one of its dimensions' values (Grafana's dynamic label). */
const dim = (name: string): string => `\${PROP('Dim.${name}')}`;

function build(
  name: string,
  title: string,
  description: string,
  inputs: DashboardInputs,
  panels: timeseries.PanelBuilder[],
): DashboardDefinition {
  const runbooks = DASHBOARD_RUNBOOKS[name];
  if (!runbooks) throw new Error(`dashboard ${name}: no entry in DASHBOARD_RUNBOOKS`);
  const builder = new dashboard.DashboardBuilder(title)
    .uid(`platform-${name}`)
    .description(description)
    .tags(["platform"])
    .editable()
    .time({ from: "now-6h", to: "now" })
    .refresh("1m")
    .links(
      runbooks.map((runbook) =>
        new dashboard.DashboardLinkBuilder(`Runbook: ${runbook}`)
          .type(dashboard.DashboardLinkType.Link)
          .url(`${inputs.runbookBaseUrl}/${runbook}.md`)
          .icon("doc")
          .targetBlank(true),
      ),
    );
  for (const panel of panels) builder.withPanel(panel);
  return { name, model: builder.build() };
}

function ingestion(i: DashboardInputs): DashboardDefinition {
  const ch = `{${i.clickhouseSelector}}`;
  const alb = (metricName: string, label: string): CloudWatchSeries => ({
    namespace: "AWS/ApplicationELB",
    metricName,
    dimensions: { LoadBalancer: ANY },
    statistic: "Sum",
    label,
  });
  return build("ingestion", "Platform / Ingestion", "Events from the load balancer through Kafka into ClickHouse.", i, [
    cloudwatchPanel(0, { title: "Events into Kafka", description: "Messages per second produced to MSK, all brokers.", unit: "short" }, [
      {
        namespace: "AWS/Kafka",
        metricName: "MessagesInPerSec",
        dimensions: { "Cluster Name": ANY, "Broker ID": ANY },
        statistic: "Average",
        label: "broker " + dim("Broker ID"),
      },
    ]),
    promPanel(
      1,
      {
        title: "Events into ClickHouse",
        description: "Rows ClickHouse's Kafka engine parsed and messages it read, per second.",
        unit: "short",
      },
      [
        { expr: `sum(rate(ClickHouseProfileEvents_KafkaRowsRead${ch}[5m]))`, legend: "rows/s" },
        { expr: `sum(rate(ClickHouseProfileEvents_KafkaMessagesRead${ch}[5m]))`, legend: "messages/s" },
      ],
    ),
    cloudwatchPanel(
      2,
      {
        title: "HTTP responses by status class",
        description: "Responses of the application load balancers' targets, and the load balancers' own 5XX.",
        unit: "short",
      },
      [
        alb("HTTPCode_Target_2XX_Count", "2XX"),
        alb("HTTPCode_Target_3XX_Count", "3XX"),
        alb("HTTPCode_Target_4XX_Count", "4XX"),
        alb("HTTPCode_Target_5XX_Count", "5XX"),
        alb("HTTPCode_ELB_5XX_Count", "load balancer 5XX"),
      ],
    ),
    cloudwatchPanel(
      3,
      {
        title: "End-to-end lag",
        description: "Age of the oldest event a consumer group has not read yet (ClickHouse's group is the end of the pipeline).",
        unit: "s",
      },
      [
        {
          namespace: "AWS/Kafka",
          metricName: "EstimatedMaxTimeLag",
          dimensions: { "Cluster Name": ANY, "Consumer Group": ANY, Topic: ANY },
          statistic: "Maximum",
          label: dim("Consumer Group") + " " + dim("Topic"),
        },
      ],
    ),
    promPanel(
      4,
      { title: "Kafka consumer errors in ClickHouse", description: "Errors of the Kafka-engine consumers, per pod.", unit: "short" },
      [{ expr: `sum by (pod) (increase(ClickHouseProfileEvents_KafkaConsumerErrors${ch}[5m]))`, legend: "{{pod}}" }],
    ),
  ]);
}

function kafka(i: DashboardInputs): DashboardDefinition {
  const broker = { "Cluster Name": ANY, "Broker ID": ANY };
  const perBroker = "broker " + dim("Broker ID");
  return build("kafka", "Platform / Kafka (MSK)", "MSK brokers from CloudWatch (AWS/Kafka).", i, [
    cloudwatchPanel(0, { title: "Produce latency", description: "Mean total time of produce requests, per broker.", unit: "ms" }, [
      { namespace: "AWS/Kafka", metricName: "ProduceTotalTimeMsMean", dimensions: broker, statistic: "Average", label: perBroker },
    ]),
    cloudwatchPanel(1, { title: "Consume latency", description: "Mean total time of consumer fetch requests, per broker.", unit: "ms" }, [
      { namespace: "AWS/Kafka", metricName: "FetchConsumerTotalTimeMsMean", dimensions: broker, statistic: "Average", label: perBroker },
    ]),
    cloudwatchPanel(
      2,
      {
        title: "Disk used per broker",
        description: "Share of each broker's data volume in use (the msk-disk-used-high alarm watches this).",
        unit: "percent",
      },
      [{ namespace: "AWS/Kafka", metricName: "KafkaDataLogsDiskUsed", dimensions: broker, statistic: "Maximum", label: perBroker }],
    ),
    cloudwatchPanel(3, { title: "Topic throughput", description: "Bytes in and out per second, per topic and broker.", unit: "Bps" }, [
      {
        namespace: "AWS/Kafka",
        metricName: "BytesInPerSec",
        dimensions: { ...broker, Topic: ANY },
        statistic: "Average",
        label: "in " + dim("Topic") + " " + perBroker,
      },
      {
        namespace: "AWS/Kafka",
        metricName: "BytesOutPerSec",
        dimensions: { ...broker, Topic: ANY },
        statistic: "Average",
        label: "out " + dim("Topic") + " " + perBroker,
      },
    ]),
    cloudwatchPanel(
      4,
      { title: "Consumer-group lag", description: "Offsets behind, summed over partitions, per consumer group and topic.", unit: "short" },
      [
        {
          namespace: "AWS/Kafka",
          metricName: "SumOffsetLag",
          dimensions: { "Cluster Name": ANY, "Consumer Group": ANY, Topic: ANY },
          statistic: "Maximum",
          label: dim("Consumer Group") + " " + dim("Topic"),
        },
      ],
    ),
    cloudwatchPanel(
      5,
      {
        title: "Under-replicated and offline partitions",
        description: "Any value above zero means a replica is missing (runbook linked above).",
        unit: "short",
      },
      [
        {
          namespace: "AWS/Kafka",
          metricName: "UnderReplicatedPartitions",
          dimensions: broker,
          statistic: "Maximum",
          label: "under-replicated, " + perBroker,
        },
        {
          namespace: "AWS/Kafka",
          metricName: "OfflinePartitionsCount",
          dimensions: { "Cluster Name": ANY },
          statistic: "Maximum",
          label: "offline",
        },
        {
          namespace: "AWS/Kafka",
          metricName: "ActiveControllerCount",
          dimensions: { "Cluster Name": ANY },
          statistic: "Sum",
          label: "active controllers",
        },
      ],
    ),
  ]);
}

function clickhouse(i: DashboardInputs): DashboardDefinition {
  const ch = `{${i.clickhouseSelector}}`;
  return build("clickhouse", "Platform / ClickHouse", "ClickHouse servers from their built-in Prometheus endpoint.", i, [
    promPanel(
      0,
      { title: "Inserts", description: "Rows inserted per second, and inserts delayed or rejected for too many parts.", unit: "short" },
      [
        { expr: `sum by (pod) (rate(ClickHouseProfileEvents_InsertedRows${ch}[5m]))`, legend: "rows/s {{pod}}" },
        { expr: `sum(rate(ClickHouseProfileEvents_DelayedInserts${ch}[5m]))`, legend: "delayed/s" },
        { expr: `sum(rate(ClickHouseProfileEvents_RejectedInserts${ch}[5m]))`, legend: "rejected/s" },
      ],
    ),
    promPanel(
      1,
      {
        title: "Parts",
        description: "Most active parts in one partition (inserts slow down at parts_to_delay_insert), and all active parts.",
        unit: "short",
      },
      [
        { expr: `max by (pod) (ClickHouseAsyncMetrics_MaxPartCountForPartition${ch})`, legend: "max per partition {{pod}}" },
        { expr: `sum by (pod) (ClickHouseMetrics_PartsActive${ch})`, legend: "active {{pod}}" },
      ],
    ),
    promPanel(2, { title: "Merges", description: "Merges running now and merges started per second.", unit: "short" }, [
      { expr: `sum by (pod) (ClickHouseMetrics_Merge${ch})`, legend: "running {{pod}}" },
      { expr: `sum by (pod) (rate(ClickHouseProfileEvents_Merge${ch}[5m]))`, legend: "started/s {{pod}}" },
    ]),
    promPanel(
      3,
      {
        title: "Replication queue",
        description: "Queued replication tasks, how far each replica is behind, and read-only replicas.",
        unit: "short",
      },
      [
        { expr: `max by (pod) (ClickHouseAsyncMetrics_ReplicasSumQueueSize${ch})`, legend: "queue {{pod}}" },
        { expr: `max by (pod) (ClickHouseAsyncMetrics_ReplicasMaxAbsoluteDelay${ch})`, legend: "delay s {{pod}}" },
        { expr: `max by (pod) (ClickHouseMetrics_ReadonlyReplica${ch})`, legend: "read-only {{pod}}" },
      ],
    ),
    promPanel(4, { title: "SELECT latency", description: "Mean time of a SELECT query, and failed queries per second.", unit: "s" }, [
      {
        expr: `sum by (pod) (rate(ClickHouseProfileEvents_SelectQueryTimeMicroseconds${ch}[5m])) / 1e6 / sum by (pod) (rate(ClickHouseProfileEvents_SelectQuery${ch}[5m]))`,
        legend: "mean {{pod}}",
      },
      { expr: `sum by (pod) (rate(ClickHouseProfileEvents_FailedQuery${ch}[5m]))`, legend: "failed/s {{pod}}" },
    ]),
    // The chart configures no storage policy: every server has the one disk "default" (its EBS volume).
    promPanel(5, { title: "Disk used per disk", description: "Share of each server's disk in use.", unit: "percentunit" }, [
      {
        expr: `max by (pod) (ClickHouseAsyncMetrics_DiskUsed_default${ch} / ClickHouseAsyncMetrics_DiskTotal_default${ch})`,
        legend: "default {{pod}}",
      },
    ]),
  ]);
}

function keeper(i: DashboardInputs): DashboardDefinition {
  const k = `{${i.keeperSelector}}`;
  return build("clickhouse-keeper", "Platform / ClickHouse Keeper", "The Keeper ensemble ClickHouse replication depends on.", i, [
    promPanel(
      0,
      { title: "Quorum", description: "Members up, leaders (exactly one), and followers in sync with the leader.", unit: "short" },
      [
        { expr: `count(up${k} == 1)`, legend: "members up" },
        { expr: `sum(ClickHouseAsyncMetrics_KeeperIsLeader${k})`, legend: "leaders" },
        { expr: `max(ClickHouseAsyncMetrics_KeeperSyncedFollowers${k})`, legend: "synced followers" },
      ],
    ),
    promPanel(1, { title: "Request latency", description: "Average and maximum request latency per member (milliseconds).", unit: "ms" }, [
      { expr: `max by (pod) (ClickHouseAsyncMetrics_KeeperAvgLatency${k})`, legend: "avg {{pod}}" },
      { expr: `max by (pod) (ClickHouseAsyncMetrics_KeeperMaxLatency${k})`, legend: "max {{pod}}" },
    ]),
    promPanel(2, { title: "Outstanding requests", description: "Requests waiting per member, and client connections.", unit: "short" }, [
      { expr: `max by (pod) (ClickHouseMetrics_KeeperOutstandingRequests${k})`, legend: "outstanding {{pod}}" },
      { expr: `max by (pod) (ClickHouseMetrics_KeeperAliveConnections${k})`, legend: "connections {{pod}}" },
    ]),
    promPanel(3, { title: "Data", description: "Znodes and watches (grow with replicated tables and parts).", unit: "short" }, [
      { expr: `max by (pod) (ClickHouseAsyncMetrics_KeeperZnodeCount${k})`, legend: "znodes {{pod}}" },
      { expr: `max by (pod) (ClickHouseAsyncMetrics_KeeperWatchCount${k})`, legend: "watches {{pod}}" },
    ]),
  ]);
}

function operator(i: DashboardInputs): DashboardDefinition {
  return build("clickhouse-operator", "Platform / ClickHouse operator", "The Altinity operator's reconciles and its metrics exporter.", i, [
    promPanel(
      0,
      {
        title: "Installation reconciles",
        description: "Reconciles of ClickHouseInstallations started, completed and aborted per minute.",
        unit: "short",
      },
      [
        { expr: "sum(rate(clickhouse_operator_chi_reconciles_started[5m])) * 60", legend: "started" },
        { expr: "sum(rate(clickhouse_operator_chi_reconciles_completed[5m])) * 60", legend: "completed" },
        { expr: "sum(rate(clickhouse_operator_chi_reconciles_aborted[5m])) * 60", legend: "aborted" },
      ],
    ),
    promPanel(
      1,
      {
        title: "Host reconcile errors and restarts",
        description: "Per minute; a host that keeps failing blocks the rollout.",
        unit: "short",
      },
      [
        { expr: "sum(rate(clickhouse_operator_host_reconciles_errors[5m])) * 60", legend: "errors" },
        { expr: "sum(rate(clickhouse_operator_host_reconciles_restarts[5m])) * 60", legend: "restarts" },
      ],
    ),
    promPanel(2, { title: "Reconcile duration (p95)", description: "95th percentile of an installation reconcile.", unit: "s" }, [
      { expr: "histogram_quantile(0.95, sum by (le) (rate(clickhouse_operator_chi_reconciles_timings_bucket[30m])))", legend: "p95" },
    ]),
    promPanel(
      3,
      {
        title: "Exporter fetch errors",
        description: "1 while the operator's exporter cannot read a ClickHouse host's metrics.",
        unit: "short",
      },
      [{ expr: "max by (hostname) (chi_clickhouse_metric_fetch_errors)", legend: "{{hostname}}" }],
    ),
  ]);
}

function postgres(i: DashboardInputs): DashboardDefinition {
  const db = { DBInstanceIdentifier: ANY };
  const rds = (metricName: string, statistic: CloudWatchSeries["statistic"]): CloudWatchSeries => ({
    namespace: "AWS/RDS",
    metricName,
    dimensions: db,
    statistic,
    label: dim("DBInstanceIdentifier"),
  });
  return build("postgres", "Platform / Postgres (RDS)", "RDS PostgreSQL from CloudWatch (AWS/RDS).", i, [
    cloudwatchPanel(0, { title: "Connections", description: "Open connections per instance.", unit: "short" }, [
      rds("DatabaseConnections", "Maximum"),
    ]),
    cloudwatchPanel(1, { title: "CPU", description: "CPU utilisation per instance.", unit: "percent" }, [rds("CPUUtilization", "Average")]),
    cloudwatchPanel(2, { title: "Replica lag", description: "How far each read replica is behind its source.", unit: "s" }, [
      rds("ReplicaLag", "Maximum"),
    ]),
    cloudwatchPanel(3, { title: "Free storage", description: "Free storage space per instance.", unit: "bytes" }, [
      rds("FreeStorageSpace", "Minimum"),
    ]),
    cloudwatchPanel(4, { title: "Freeable memory", description: "Memory available per instance.", unit: "bytes" }, [
      rds("FreeableMemory", "Minimum"),
    ]),
    cloudwatchPanel(5, { title: "I/O latency", description: "Average read and write latency per instance.", unit: "s" }, [
      { ...rds("ReadLatency", "Average"), label: "read " + dim("DBInstanceIdentifier") },
      { ...rds("WriteLatency", "Average"), label: "write " + dim("DBInstanceIdentifier") },
    ]),
  ]);
}

function backups(i: DashboardInputs): DashboardDefinition {
  const cron = `namespace="${i.backup.namespace}", cronjob="${i.backup.cronJob}"`;
  return build(
    "backups",
    "Platform / Backups",
    "Whether backups are happening: ClickHouse's CronJob, RDS automated backups, the backups bucket.",
    i,
    [
      promPanel(
        0,
        {
          title: "Age of the last ClickHouse backup",
          description: "Time since the backup CronJob last completed a Job successfully.",
          unit: "s",
        },
        [{ expr: `time() - max(kube_cronjob_status_last_successful_time{${cron}})`, legend: "since last success" }],
      ),
      promPanel(1, { title: "ClickHouse backup Jobs", description: "Backup Jobs running and failed.", unit: "short" }, [
        { expr: `sum(kube_cronjob_status_active{${cron}})`, legend: "running" },
        { expr: `sum(kube_job_status_failed{namespace="${i.backup.namespace}", job_name=~"${i.backup.cronJob}-.*"})`, legend: "failed" },
      ]),
      cloudwatchPanel(
        2,
        {
          title: "RDS automated backups finished",
          description: "Backup-finished events matched by the heartbeat rule (rds-backup-missing alarms when they stop).",
          unit: "short",
        },
        [
          {
            namespace: "AWS/Events",
            metricName: "TriggeredRules",
            dimensions: { RuleName: ANY },
            statistic: "Sum",
            label: dim("RuleName"),
          },
        ],
      ),
      cloudwatchPanel(
        3,
        {
          title: "Objects written to the backups bucket",
          description: "PUT requests on the backups bucket (backup-bucket-idle alarms when they stop).",
          unit: "short",
        },
        [
          {
            namespace: "AWS/S3",
            metricName: "PutRequests",
            dimensions: { BucketName: ANY, FilterId: ANY },
            statistic: "Sum",
            label: dim("BucketName"),
          },
        ],
      ),
    ],
  );
}

/** Every dashboard, in file-name order. */
export function platformDashboards(inputs: DashboardInputs): DashboardDefinition[] {
  return [ingestion, kafka, clickhouse, keeper, operator, postgres, backups]
    .map((d) => d(inputs))
    .sort((a, b) => a.name.localeCompare(b.name));
}
