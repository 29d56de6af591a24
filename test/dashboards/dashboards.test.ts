import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { platformDashboards, DASHBOARD_RUNBOOKS } from "../../lib/dashboards/definitions";
import { DATASOURCES } from "../../lib/dashboards/panels";
import { DASHBOARDS_DIR, dashboardInputs, renderDashboards } from "../../lib/dashboards/render";
import { chartDir, repoRoot } from "../../lib/paths";
import { staleDashboardFiles } from "../../tools/generate-dashboards";
import { buildStacks, resourcesOf, synthJson } from "../helpers/synth";
import { renderTemplate } from "../prometheus/chart-template";
import { cloudwatchMetrics, prometheusMetrics } from "./metric-lists";
import { metricsUsed, selectorProblems } from "./promql";

// Issue 17 part 1: the dashboards query only what the shipped exporters export, link the runbooks
// of the alerts on the metrics they show, and the committed JSON is what lib/dashboards generates.

type Target = { datasource?: { uid?: string }; expr?: string; namespace?: string; metricName?: string };
type Panel = { title?: string; datasource?: { uid?: string }; targets?: Target[] };
type Model = { uid?: string; title?: string; links?: { url?: string }[]; panels?: Panel[] };

const committed = Object.keys(renderDashboards()).map((file) => ({
  file,
  model: JSON.parse(fs.readFileSync(path.join(repoRoot(), file), "utf8")) as Model,
}));
const known = prometheusMetrics();
const cloudwatch = cloudwatchMetrics();

/** Problems of one dashboard's queries: PromQL selectors against the exporters, CloudWatch metrics against AWS's lists. */
function queryProblems(model: Model): string[] {
  return (model.panels ?? []).flatMap((panel) =>
    (panel.targets ?? []).flatMap((t) => {
      const where = `${model.uid} "${panel.title}"`;
      if (t.datasource?.uid === DATASOURCES.prometheus.uid) return selectorProblems(t.expr ?? "", known).map((p) => `${where}: ${p}`);
      if (t.datasource?.uid === DATASOURCES.cloudwatch.uid) {
        const metric = `${t.namespace}/${t.metricName}`;
        return cloudwatch.has(metric) ? [] : [`${where}: CloudWatch metric ${metric} is not in fixtures/metrics/cloudwatch.txt`];
      }
      return [`${where}: unknown data source ${JSON.stringify(t.datasource)}`];
    }),
  );
}

type Alert = { alert: string; expr: string; annotations: { runbook_url: string } };

/** The alerts of charts/platform-alerts, rendered with its default values (runbook base included). */
function platformAlerts(): Alert[] {
  const dir = path.join(chartDir("platform-alerts"), "templates");
  const values = parse(fs.readFileSync(path.join(chartDir("platform-alerts"), "values.yaml"), "utf8")) as Record<string, unknown>;
  return fs
    .readdirSync(dir)
    .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
    .filter((text) => /^kind: PrometheusRule$/m.test(text))
    .flatMap((text) =>
      parseAllDocuments(
        renderTemplate(text, { Values: values, Release: { Name: "platform-alerts", Namespace: "observability" } }, "platform-alerts"),
      )
        .map((d) => d.toJS() as { spec: { groups: { rules: Partial<Alert>[] }[] } })
        .flatMap((d) => d.spec.groups.flatMap((g) => g.rules))
        .filter((r): r is Alert => typeof r.alert === "string"),
    );
}

/** Alerts whose metrics a dashboard shows but whose runbook it does not link. */
function missingRunbookLinks(model: Model, alerts: readonly Alert[]): string[] {
  const shown = new Set(
    (model.panels ?? []).flatMap((p) =>
      (p.targets ?? []).filter((t) => t.expr).flatMap((t) => metricsUsed(t.expr!, known).filter((m) => m !== "up")),
    ),
  );
  const linked = new Set((model.links ?? []).map((l) => l.url));
  return alerts
    .filter((a) => metricsUsed(a.expr, known).some((m) => shown.has(m)) && !linked.has(a.annotations.runbook_url))
    .map((a) => `${model.uid}: shows a metric of ${a.alert} but does not link ${a.annotations.runbook_url}`);
}

type CloudWatchAlarm = {
  alarm_name: string;
  alarm_description?: string;
  namespace?: string;
  metric_name?: string;
  metric_query?: { metric?: { namespace: string; metric_name: string }[] }[];
};

/** Every CloudWatch alarm of the shipped stacks as `<namespace>/<metric>` -> the runbook file it names. */
function cloudWatchAlarmRunbooks(): { alarm: string; metrics: string[]; runbook: string }[] {
  return [...buildStacks().values()].flatMap((stack) =>
    (Object.values(resourcesOf(synthJson(stack), "aws_cloudwatch_metric_alarm")) as CloudWatchAlarm[]).flatMap((a) => {
      const runbook = /runbooks\/([a-z0-9-]+)\.md/.exec(a.alarm_description ?? "")?.[1];
      const metrics = [
        ...(a.namespace && a.metric_name ? [`${a.namespace}/${a.metric_name}`] : []),
        ...(a.metric_query ?? []).flatMap((q) => (q.metric ?? []).map((m) => `${m.namespace}/${m.metric_name}`)),
      ];
      return runbook ? [{ alarm: a.alarm_name, metrics, runbook }] : [];
    }),
  );
}

/** CloudWatch alarms whose metric a dashboard shows but whose runbook it does not link. */
function missingAlarmRunbookLinks(model: Model, alarms: ReturnType<typeof cloudWatchAlarmRunbooks>, base: string): string[] {
  const shown = new Set(
    (model.panels ?? []).flatMap((p) => (p.targets ?? []).filter((t) => t.metricName).map((t) => `${t.namespace}/${t.metricName}`)),
  );
  const linked = new Set((model.links ?? []).map((l) => l.url));
  return [
    ...new Set(
      alarms
        .filter((a) => a.metrics.some((m) => shown.has(m)) && !linked.has(`${base}/${a.runbook}.md`))
        .map((a) => `${model.uid}: shows the metric of the ${a.runbook} alarms but does not link runbooks/${a.runbook}.md`),
    ),
  ];
}

describe("platform dashboards", () => {
  test("the dashboards the issue asks for exist, one uid each", () => {
    const uids = committed.map((d) => d.model.uid);
    expect(uids).toEqual(
      expect.arrayContaining([
        "platform-ingestion",
        "platform-kafka",
        "platform-clickhouse",
        "platform-clickhouse-keeper",
        "platform-clickhouse-operator",
        "platform-postgres",
        "platform-backups",
      ]),
    );
    expect(new Set(uids).size).toBe(uids.length);
  });

  test("the committed JSON is what lib/dashboards generates (npm run generate:dashboards)", () => {
    expect(staleDashboardFiles()).toEqual([]);
  });

  describe("the staleness check", () => {
    let root: string;
    beforeAll(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), "dashboards-"));
      fs.mkdirSync(path.join(root, DASHBOARDS_DIR), { recursive: true });
      for (const [file, text] of Object.entries(renderDashboards())) fs.writeFileSync(path.join(root, file), text);
    });
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

    test("names a hand-edited file and a file no definition produces", () => {
      const edited = path.join(DASHBOARDS_DIR, "kafka.json");
      fs.writeFileSync(path.join(root, edited), fs.readFileSync(path.join(root, edited), "utf8").replace("Produce latency", "Produce"));
      fs.writeFileSync(path.join(root, DASHBOARDS_DIR, "old.json"), "{}\n");
      expect(staleDashboardFiles(root)).toEqual([edited, path.join(DASHBOARDS_DIR, "old.json")].sort());
    });
  });

  test.each(committed.map((d) => [d.model.uid, d.model] as const))(
    "%s queries only metrics the shipped exporters export",
    (_uid, model) => {
      expect(queryProblems(model)).toEqual([]);
    },
  );

  test("the query check catches a misspelled metric, a regex matching nothing, bad syntax and an unknown CloudWatch metric", () => {
    const model: Model = {
      uid: "probe",
      panels: [
        {
          title: "p",
          targets: [
            { datasource: DATASOURCES.prometheus, expr: "sum(rate(ClickHouseProfileEvents_InsertedRow[5m]))" },
            { datasource: DATASOURCES.prometheus, expr: '{__name__=~"ClickHouseAsyncMetrics_DiskUsed_s3.*"}' },
            { datasource: DATASOURCES.prometheus, expr: "rate(ClickHouseProfileEvents_InsertedRows[5m]" },
            { datasource: DATASOURCES.cloudwatch, namespace: "AWS/Kafka", metricName: "DiskUsed" },
          ],
        },
      ],
    };
    const problems = queryProblems(model);
    expect(problems).toEqual([
      expect.stringContaining("metric ClickHouseProfileEvents_InsertedRow is exported by none"),
      expect.stringContaining("matches no exported metric"),
      expect.stringContaining("syntax error"),
      expect.stringContaining("CloudWatch metric AWS/Kafka/DiskUsed"),
    ]);
  });

  test("every query names a data source Grafana is provisioned with", () => {
    const kps = parse(fs.readFileSync(path.join(chartDir("kube-prometheus-stack"), "values.yaml"), "utf8")) as {
      grafana: { sidecar: { datasources: { uid: string } } };
    };
    expect(kps.grafana.sidecar.datasources.uid).toBe(DATASOURCES.prometheus.uid);
  });

  describe("runbook links", () => {
    const alerts = platformAlerts();

    test("the alerts are found, each with a runbook_url", () => {
      expect(alerts.length).toBeGreaterThan(5);
      for (const a of alerts) expect(a.annotations.runbook_url).toMatch(/\.md$/);
    });

    test.each(committed.map((d) => [d.model.uid, d.model] as const))(
      "%s links the runbook of every alert on a metric it shows",
      (_uid, model) => {
        expect(missingRunbookLinks(model, alerts)).toEqual([]);
      },
    );

    test("the check catches a dashboard that drops an alert's runbook", () => {
      const clickhouse = committed.find((d) => d.model.uid === "platform-clickhouse")!.model;
      const dropped = { ...clickhouse, links: (clickhouse.links ?? []).filter((l) => !l.url?.endsWith("/clickhouse-too-many-parts.md")) };
      expect(missingRunbookLinks(dropped, alerts)).toEqual([expect.stringContaining("ClickHouseTooManyParts")]);
    });

    describe("of CloudWatch alarms", () => {
      const alarms = cloudWatchAlarmRunbooks();
      const base = dashboardInputs().runbookBaseUrl;

      test("the shipped stacks' alarms are found, with their metrics", () => {
        expect(alarms.filter((a) => a.metrics.length > 0).length).toBeGreaterThan(5);
      });

      test.each(committed.map((d) => [d.model.uid, d.model] as const))(
        "%s links the runbook of every alarm on a metric it shows",
        (_uid, model) => {
          expect(missingAlarmRunbookLinks(model, alarms, base)).toEqual([]);
        },
      );

      test("the check catches a dashboard that drops an alarm's runbook", () => {
        const postgres = committed.find((d) => d.model.uid === "platform-postgres")!.model;
        const dropped = { ...postgres, links: (postgres.links ?? []).filter((l) => !l.url?.endsWith("/rds-cpu-high.md")) };
        expect(missingAlarmRunbookLinks(dropped, alarms, base)).toEqual([expect.stringContaining("runbooks/rds-cpu-high.md")]);
      });
    });

    test("every linked runbook exists and uses the alerts' base URL", () => {
      const base = dashboardInputs().runbookBaseUrl;
      for (const runbook of Object.values(DASHBOARD_RUNBOOKS).flat())
        expect(fs.existsSync(path.join(repoRoot(), "runbooks", `${runbook}.md`))).toBe(true);
      for (const { model } of committed)
        for (const link of model.links ?? []) expect(link.url).toMatch(new RegExp(`^${base}/[a-z0-9-]+\\.md$`));
    });
  });

  test("the chart's ConfigMap labels are the ones the Grafana sidecar selects", () => {
    const kps = parse(fs.readFileSync(path.join(chartDir("kube-prometheus-stack"), "values.yaml"), "utf8")) as {
      grafana: { sidecar: { dashboards: { label: string; labelValue: string; folderAnnotation: string } } };
    };
    const chart = parse(fs.readFileSync(path.join(chartDir("platform-dashboards"), "values.yaml"), "utf8")) as {
      dashboardLabels: Record<string, string>;
    };
    const sidecar = kps.grafana.sidecar.dashboards;
    expect(chart.dashboardLabels[sidecar.label]).toBe(sidecar.labelValue);
    expect(fs.readFileSync(path.join(chartDir("platform-dashboards"), "templates", "dashboards.yaml"), "utf8")).toContain(
      `${sidecar.folderAnnotation}:`,
    );
  });

  test("generation is deterministic", () => {
    expect(platformDashboards(dashboardInputs()).map((d) => JSON.stringify(d.model))).toEqual(
      platformDashboards(dashboardInputs()).map((d) => JSON.stringify(d.model)),
    );
  });
});
