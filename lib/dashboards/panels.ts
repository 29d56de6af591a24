import * as cloudwatch from "@grafana/grafana-foundation-sdk/cloudwatch";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";

/**
 * Data sources the dashboards query, by the uid Grafana provisions them with
 * (charts/kube-prometheus-stack/values.yaml: grafana.sidecar.datasources.uid and
 * grafana.additionalDataSources; test/dashboards checks the two agree).
 */
export const DATASOURCES = {
  prometheus: { type: "prometheus", uid: "prometheus" },
  cloudwatch: { type: "cloudwatch", uid: "cloudwatch" },
} as const;

/** One PromQL series of a panel. */
export interface PromSeries {
  readonly expr: string;
  /** Grafana legend template, e.g. `{{pod}}`. */
  readonly legend: string;
}

/** One CloudWatch metric of a panel; a dimension value `*` matches every value. */
export interface CloudWatchSeries {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: "Average" | "Maximum" | "Minimum" | "Sum" | "SampleCount";
  readonly label: string;
}

/** What a panel shows: a title, what it means for the reader, its unit (Grafana unit id). */
export interface PanelText {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
}

const PANEL_WIDTH = 12;
const PANEL_HEIGHT = 8;

/** Two panels per row, in the order given. */
function placed(panel: timeseries.PanelBuilder, index: number): timeseries.PanelBuilder {
  return panel.gridPos({ x: (index % 2) * PANEL_WIDTH, y: Math.floor(index / 2) * PANEL_HEIGHT, w: PANEL_WIDTH, h: PANEL_HEIGHT });
}

/** A time-series panel of Prometheus queries. */
export function promPanel(index: number, text: PanelText, series: readonly PromSeries[]): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(text.title)
    .description(text.description)
    .unit(text.unit)
    .datasource(DATASOURCES.prometheus);
  series.forEach((s, i) =>
    panel.withTarget(
      new prometheus.DataqueryBuilder()
        .datasource(DATASOURCES.prometheus)
        .expr(s.expr)
        .legendFormat(s.legend)
        .refId(String.fromCharCode(65 + i)),
    ),
  );
  return placed(panel, index);
}

/** A time-series panel of CloudWatch metrics (the region is the data source's default: the cluster's). */
export function cloudwatchPanel(index: number, text: PanelText, series: readonly CloudWatchSeries[]): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(text.title)
    .description(text.description)
    .unit(text.unit)
    .datasource(DATASOURCES.cloudwatch);
  series.forEach((s, i) =>
    panel.withTarget(
      new cloudwatch.MetricsQueryBuilder()
        .datasource(DATASOURCES.cloudwatch)
        .queryMode(cloudwatch.QueryMode.Metrics)
        .metricQueryType(cloudwatch.MetricQueryType.Search)
        .metricEditorMode(cloudwatch.MetricEditorMode.Builder)
        .region("default")
        .namespace(s.namespace)
        .metricName(s.metricName)
        .dimensions({ ...s.dimensions })
        .matchExact(false)
        .statistic(s.statistic)
        .period("")
        .label(s.label)
        .id("")
        .refId(String.fromCharCode(65 + i)),
    ),
  );
  return placed(panel, index);
}
