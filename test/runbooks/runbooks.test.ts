import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import Ajv from "ajv";
import { repoRoot } from "../../lib/paths";
import { buildStacks, resourcesOf, synthJson } from "../helpers/synth";

const runbooksDir = path.join(repoRoot(), "runbooks");
const chartDir = path.join(repoRoot(), "charts/platform-alerts");
const runbookFiles = fs
  .readdirSync(runbooksDir)
  .filter((f) => f.endsWith(".md") && f !== "README.md")
  .sort();
const read = (name: string) => fs.readFileSync(path.join(runbooksDir, name), "utf8");

/** The sections of a markdown file, by `## ` heading, with their bodies. */
function sections(text: string): Map<string, string> {
  const map = new Map<string, string>();
  const parts = text.split(/^## /m).slice(1);
  for (const p of parts) {
    const [heading, ...body] = p.split("\n");
    map.set(heading!.trim(), body.join("\n"));
  }
  return map;
}

/** Problems of a runbook: alert runbooks need "What fired"; procedures may use "When to use". */
function sectionProblems(name: string, kind: "alert" | "procedure", text = read(name)): string[] {
  const s = sections(text);
  const first = kind === "alert" ? ["What fired"] : ["What fired", "When to use"];
  const problems: string[] = [];
  if (!first.some((h) => s.has(h))) problems.push(`${name}: no "## ${first.join('" or "## ')}" section`);
  for (const h of ["Impact", "Diagnosis", "Mitigation", "Escalation"]) if (!s.has(h)) problems.push(`${name}: no "## ${h}" section`);
  if (s.has("Diagnosis") && !/```[a-z]*\n[\s\S]*?```/.test(s.get("Diagnosis")!))
    problems.push(`${name}: Diagnosis has no commands (fenced code block)`);
  return problems;
}

// Every alert's runbook link, from the synthesized CloudWatch alarms and the chart's rule templates.
const stacks = buildStacks();
const cloudwatchLinks = [...stacks.entries()]
  .filter(([name]) => name.endsWith("-monitoring"))
  .flatMap(([, stack]) => Object.values(resourcesOf(synthJson(stack), "aws_cloudwatch_metric_alarm")))
  .map((a) => ({ alert: String(a["alarm_name"]), link: /runbooks\/([a-z0-9-]+\.md)/.exec(String(a["alarm_description"]))?.[1] }));
const templateFiles = fs.readdirSync(path.join(chartDir, "templates"));
const templates = templateFiles
  .filter((f) => f.endsWith("-rules.yaml"))
  .map((f) => fs.readFileSync(path.join(chartDir, "templates", f), "utf8"));
const prometheusAlerts = templates.flatMap((t) =>
  t
    .split(/^\s+- alert: /m)
    .slice(1)
    .map((block) => ({
      alert: block.split("\n")[0]!.trim(),
      link: /runbook_url: \{\{ printf "%s\/([a-z0-9-]+\.md)" \$v\.runbookBaseUrl \| quote \}\}\s*$/m.exec(block)?.[1],
      severity: /severity: (\w+)/.exec(block)?.[1],
    })),
);
const alertLinks = [...cloudwatchLinks, ...prometheusAlerts];
const alertRunbooks = [...new Set(alertLinks.map((a) => a.link).filter((l): l is string => Boolean(l)))].sort();

describe("alerts carry runbooks", () => {
  test("the monitoring stacks and the chart define alerts", () => {
    expect(cloudwatchLinks.length).toBeGreaterThan(20);
    expect(prometheusAlerts.map((a) => a.alert).sort()).toEqual(
      [
        "ClickHouseBackupStale",
        "ClickHouseKafkaConsumerErrors",
        "ClickHouseKeeperQuorumLost",
        "ClickHouseReadonlyReplica",
        "ClickHouseRejectedInserts",
        "ClickHouseReplicationDelay",
        "ClickHouseRestoreDrillFailed",
        "ClickHouseRestoreDrillStale",
        "ClickHouseTooManyParts",
        "IngestionLagCritical",
        "IngestionLagHigh",
        "IngestionStalled",
        "PlatformAlertsNoData",
      ].sort(),
    );
  });

  test("every alert links runbooks/<name>.md", () => {
    expect(alertLinks.filter((a) => !a.link).map((a) => a.alert)).toEqual([]);
  });

  test("every linked runbook exists", () => {
    expect(alertRunbooks.filter((l) => !fs.existsSync(path.join(runbooksDir, l)))).toEqual([]);
  });

  test("every Prometheus alert has a severity on-call routes by", () => {
    expect(prometheusAlerts.filter((a) => !["critical", "warning"].includes(a.severity ?? ""))).toEqual([]);
  });

  test("alert runbooks have every section, with What fired and commands in Diagnosis", () => {
    expect(alertRunbooks.flatMap((l) => sectionProblems(l, "alert"))).toEqual([]);
  });
});

describe("runbooks/", () => {
  test("procedure runbooks have their sections (When to use or What fired)", () => {
    expect(runbookFiles.filter((f) => !alertRunbooks.includes(f)).flatMap((f) => sectionProblems(f, "procedure"))).toEqual([]);
  });

  test("README.md indexes every runbook", () => {
    const index = read("README.md");
    expect(runbookFiles.filter((f) => !index.includes(`](${f})`))).toEqual([]);
  });

  test("the section check catches a runbook without commands or escalation", () => {
    const text = "# x\n## When to use\nx\n## Impact\nx\n## Diagnosis\nlook at graphs\n## Mitigation\nx\n";
    expect(sectionProblems("x.md", "alert", text)).toEqual([
      'x.md: no "## What fired" section',
      'x.md: no "## Escalation" section',
      "x.md: Diagnosis has no commands (fenced code block)",
    ]);
    expect(sectionProblems("x.md", "procedure", text)).toEqual([
      'x.md: no "## Escalation" section',
      "x.md: Diagnosis has no commands (fenced code block)",
    ]);
  });
});

describe("charts/platform-alerts", () => {
  const schema = JSON.parse(fs.readFileSync(path.join(chartDir, "values.schema.json"), "utf8"));
  const validate = new Ajv({ allErrors: true }).compile(schema);
  const values = parseYaml(fs.readFileSync(path.join(chartDir, "values.yaml"), "utf8"));

  test("has Chart.yaml, values.yaml and a values.schema.json the defaults satisfy", () => {
    expect(parseYaml(fs.readFileSync(path.join(chartDir, "Chart.yaml"), "utf8"))).toMatchObject({
      apiVersion: "v2",
      name: "platform-alerts",
    });
    expect(validate(values) ? [] : validate.errors).toEqual([]);
  });

  test("the schema refuses a runbook base URL with a trailing slash and an even Keeper ensemble", () => {
    expect(validate({ ...values, runbookBaseUrl: "https://example.com/runbooks/" })).toBe(false);
    expect(validate({ ...values, keeper: { ...values.keeper, members: 2 } })).toBe(false);
  });

  test("rules are PrometheusRule objects labelled for kube-prometheus-stack; PodMonitors scrape ClickHouse and Keeper", () => {
    expect(templates.length).toBeGreaterThan(0);
    const monitors = fs.readFileSync(path.join(chartDir, "templates/pod-monitor.yaml"), "utf8");
    expect(monitors.match(/^kind: PodMonitor$/gm)).toHaveLength(2); // ClickHouse servers and Keeper
    for (const t of templates) {
      expect(t).toMatch(/^kind: PrometheusRule$/m);
      expect(t).toMatch(/toYaml \$v\.ruleLabels/);
    }
  });
});
