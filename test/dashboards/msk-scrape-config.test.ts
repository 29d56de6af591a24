import * as fs from "node:fs";
import * as path from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { chartDir } from "../../lib/paths";
import { lintAndTemplate } from "../helpers/helm";

// MSK open monitoring is scraped (issue 17: the Kafka alerts of charts/platform-alerts read the
// brokers' JMX exporter): Helm renders one ScrapeConfig per exporter with every broker as a target.
type ScrapeConfig = {
  kind: string;
  metadata: { name: string };
  spec: { staticConfigs: { targets: string[]; labels: Record<string, string> }[] };
};

function render(brokers: string): ScrapeConfig[] {
  const { lint, template } = lintAndTemplate({
    chartDir: chartDir("platform-dashboards"),
    name: "platform-dashboards",
    namespace: "observability",
    values: [`msk:\n  brokers: ${JSON.stringify(brokers)}\n`],
  });
  expect(lint.stderr).toBe("");
  expect(template.ok).toBe(true);
  return parseAllDocuments(template.stdout)
    .map((d) => d.toJS() as ScrapeConfig)
    .filter((d) => d?.kind === "ScrapeConfig");
}

describe("MSK open-monitoring scrape", () => {
  const hosts = ["b-1.analytics.abc123.c2.kafka.us-east-1.amazonaws.com", "b-2.analytics.abc123.c2.kafka.us-east-1.amazonaws.com"];

  test("one ScrapeConfig per exporter, every broker on MSK's port", () => {
    const configs = render(hosts.join(","));
    expect(configs.map((c) => [c.metadata.name, c.spec.staticConfigs[0]!.targets])).toEqual([
      ["platform-dashboards-msk-jmx", hosts.map((h) => `${h}:11001`)],
      ["platform-dashboards-msk-node", hosts.map((h) => `${h}:11002`)],
    ]);
  });

  test("no brokers, no ScrapeConfig", () => {
    expect(render("")).toEqual([]);
  });

  test("kube-prometheus-stack's Prometheus selects ScrapeConfigs of every release", () => {
    const values = parse(fs.readFileSync(path.join(chartDir("kube-prometheus-stack"), "values.yaml"), "utf8")) as {
      prometheus: { prometheusSpec: { scrapeConfigSelectorNilUsesHelmValues: boolean } };
    };
    expect(values.prometheus.prometheusSpec.scrapeConfigSelectorNilUsesHelmValues).toBe(false);
  });
});
