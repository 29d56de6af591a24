import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml, parseAllDocuments, stringify } from "yaml";
import { chartDir, repoRoot } from "../../lib/paths";
import { mergeValues, readValuesFile, type Values } from "../../constructs/platform/chart-values";
import { LocalChartRelease } from "../../constructs/platform/local-chart-release";
import { buildStacks } from "../helpers/synth";
import { renderTemplate } from "./chart-template";
import { humanizeDuration, promtool, promtoolAsync } from "./promtool";

// Issue 13: the alert rules are parsed and unit-tested by Prometheus's own promtool, on the rules
// rendered from charts/platform-alerts with the values every shipped platform stack passes.

type Rule = { alert?: string; record?: string; expr: string; labels?: Record<string, string>; annotations?: Record<string, string> };
type RuleGroup = { name: string; rules: Rule[] };
type Config = { name: string; values: Values; groups: RuleGroup[] };

const here = __dirname;
const chart = "platform-alerts";
const RULES_FILE = "platform-alerts.rules.yaml";
const runbooksDir = path.join(repoRoot(), "runbooks");
const unitTestFiles = fs
  .readdirSync(here)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

/** The rule groups of the chart's PrometheusRule templates, rendered as Helm would with these values. */
function renderRuleGroups(values: Values, release = { Name: chart, Namespace: "observability" }): RuleGroup[] {
  const dir = path.join(chartDir(chart), "templates");
  const merged = mergeValues(readValuesFile(chartDir(chart), "values.yaml"), values);
  return fs
    .readdirSync(dir)
    .sort()
    .map((f) => ({ f, text: fs.readFileSync(path.join(dir, f), "utf8") }))
    .filter(({ text }) => /^kind: PrometheusRule$/m.test(text))
    .flatMap(({ f, text }) =>
      parseAllDocuments(renderTemplate(text, { Values: merged, Release: release }, `charts/${chart}/templates/${f}`))
        .map((d) => d.toJS() as { kind?: string; spec?: { groups?: RuleGroup[] } } | null)
        .filter((d) => d?.kind === "PrometheusRule")
        .flatMap((d) => d!.spec?.groups ?? []),
    );
}

/** Replaces ${a.b.0} with that value and ${humanizeDuration:a.b} with it humanized; throws on an unknown path. */
export function substitute(text: string, values: Values, file: string): string {
  return text.replace(/\$\{(?:(humanizeDuration):)?([A-Za-z0-9_.]+)\}/g, (_m, fn: string | undefined, dotted: string) => {
    let v: unknown = values;
    for (const key of dotted.split(".")) {
      v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[key] : undefined;
      if (v === undefined) throw new Error(`${file}: \${${dotted}} is not a value of charts/${chart}`);
    }
    if (typeof v !== "string" && typeof v !== "number") throw new Error(`${file}: \${${dotted}} is not a scalar`);
    return fn ? humanizeDuration(Number(v)) : String(v);
  });
}

/** Alerts without a runbook_url of `<runbookBaseUrl>/<file>.md` naming an existing runbooks/ file. */
export function runbookProblems(groups: RuleGroup[], baseUrl: string, dir = runbooksDir): string[] {
  return groups.flatMap((g) =>
    g.rules
      .filter((r) => r.alert)
      .flatMap((r) => {
        const url = r.annotations?.["runbook_url"];
        if (!url) return [`${g.name}/${r.alert}: no runbook_url annotation`];
        const file = url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length + 1) : undefined;
        if (!file || !/^[a-z0-9-]+\.md$/.test(file)) return [`${g.name}/${r.alert}: runbook_url ${url} is not ${baseUrl}/<runbook>.md`];
        return fs.existsSync(path.join(dir, file)) ? [] : [`${g.name}/${r.alert}: runbook_url ${url}: runbooks/${file} does not exist`];
      }),
  );
}

type UnitTests = { tests?: { alert_rule_test?: { alertname: string; exp_alerts?: { exp_annotations?: Record<string, string> }[] }[] }[] };

/** Alerts lacking a firing case with runbook_url, or a silent case; cases naming no existing alert. */
export function coverageProblems(alerts: string[], files: Record<string, UnitTests>): string[] {
  const cases = Object.entries(files).flatMap(([file, t]) =>
    (t.tests ?? []).flatMap((x) => (x.alert_rule_test ?? []).map((c) => ({ file, ...c }))),
  );
  const problems = cases.filter((c) => !alerts.includes(c.alertname)).map((c) => `${c.file}: tests ${c.alertname}, which no rule defines`);
  for (const a of alerts) {
    const mine = cases.filter((c) => c.alertname === a);
    if (!mine.some((c) => (c.exp_alerts ?? []).length > 0 && c.exp_alerts!.every((e) => e.exp_annotations?.["runbook_url"])))
      problems.push(`${a}: no promtool test where it fires with its runbook_url`);
    if (!mine.some((c) => (c.exp_alerts ?? []).length === 0)) problems.push(`${a}: no promtool test where it stays silent`);
  }
  return problems;
}

// The configurations to check: the chart's own defaults, and each shipped platform stack's release.
const stacks = buildStacks();
const platformStacks = [...stacks.entries()].filter(([name]) => name.endsWith("-platform"));
const releases = platformStacks.map(([name, stack]) => ({ name, release: stack.node.tryFindChild(chart) }));
const configs: Config[] = [
  { name: `charts/${chart}/values.yaml`, values: {} },
  ...releases
    .filter((r) => r.release instanceof LocalChartRelease)
    .map((r) => ({ name: r.name, values: (r.release as LocalChartRelease).values })),
]
  .map((c) => ({ ...c, values: mergeValues(readValuesFile(chartDir(chart), "values.yaml"), c.values), groups: renderRuleGroups(c.values) }))
  // Stacks that pass the same values render the same rules: check each distinct rendering once.
  .reduce<Config[]>((distinct, c) => {
    const same = distinct.find((d) => JSON.stringify([d.values, d.groups]) === JSON.stringify([c.values, c.groups]));
    if (same) same.name += `, ${c.name}`;
    else distinct.push(c);
    return distinct;
  }, []);
const alertNames = [...new Set(configs.flatMap((c) => c.groups.flatMap((g) => g.rules.map((r) => r.alert ?? "")).filter(Boolean)))].sort();

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Writes a configuration's rules file and its substituted unit-test files into a fresh folder. */
function materialize(config: Config): string {
  const dir = fs.mkdtempSync(path.join(tmp, "config-"));
  fs.writeFileSync(path.join(dir, RULES_FILE), stringify({ groups: config.groups }, { lineWidth: 0 }));
  for (const f of unitTestFiles)
    fs.writeFileSync(path.join(dir, f), substitute(fs.readFileSync(path.join(here, f), "utf8"), config.values, `test/prometheus/${f}`));
  return dir;
}

describe("Prometheus rules of charts/platform-alerts, checked by promtool", () => {
  test("every shipped platform stack installs the chart; the rules define alerts", () => {
    expect(platformStacks.length).toBeGreaterThan(0);
    expect(releases.filter((r) => !(r.release instanceof LocalChartRelease)).map((r) => r.name)).toEqual([]);
    expect(alertNames.length).toBeGreaterThan(0);
  });

  test("no other PrometheusRule in charts/ escapes this harness", () => {
    const walk = (d: string): string[] =>
      fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    const sources = walk(path.join(repoRoot(), "charts"))
      .filter(
        (f) => /\.ya?ml$/.test(f) && /kind: PrometheusRule|additionalPrometheusRules|^\s*groups:\s*$/m.test(fs.readFileSync(f, "utf8")),
      )
      .map((f) => path.relative(repoRoot(), f))
      .filter((f) => !f.startsWith(`charts/${chart}/templates/`));
    expect(sources).toEqual([]);
  });

  test("every alert has a promtool test where it fires (with its runbook_url) and one where it stays silent", () => {
    const files = Object.fromEntries(unitTestFiles.map((f) => [f, parseYaml(fs.readFileSync(path.join(here, f), "utf8")) as UnitTests]));
    expect(coverageProblems(alertNames, files)).toEqual([]);
  });

  describe.each(configs.map((c) => [c.name, c] as const))("rendered with the values of %s", (_name, config) => {
    let dir: string;
    beforeAll(() => {
      dir = materialize(config);
    });

    test("promtool check rules: every expression and annotation template parses", () => {
      const r = promtool(["check", "rules", RULES_FILE], dir);
      expect(r.output).toMatch(/SUCCESS/);
      expect(r.status).toBe(0);
    });

    test("promtool test rules: every alert fires when and how its tests expect, and not on healthy input", async () => {
      // One promtool per file, in parallel: each test case costs promtool ~0.1 s.
      const runs = await Promise.all(unitTestFiles.map((f) => promtoolAsync(["test", "rules", f], dir)));
      const failed = runs.filter((r) => r.status !== 0 || !/SUCCESS/.test(r.output));
      if (failed.length > 0) throw new Error(`promtool test rules failed for ${config.name}:\n${failed.map((r) => r.output).join("\n")}`);
      // An external process on a shared machine: a generous ceiling, not a speed target.
    }, 60_000);

    test("every alert's runbook_url names an existing runbook", () => {
      expect(runbookProblems(config.groups, String(config.values["runbookBaseUrl"]))).toEqual([]);
    });
  });
});

describe("the harness catches defects", () => {
  const fixtures = path.join(here, "fixtures");

  test("an alert whose expression can never fire fails its promtool test", () => {
    const r = promtool(["test", "rules", "never-fires.yaml"], fixtures);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/FixtureNeverFires/);
  });

  test("an expression or annotation template that does not parse fails promtool check rules", () => {
    const r = promtool(["check", "rules", "bad-expression.rules.yaml"], fixtures);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/FixtureBadExpression|parse error/);
  });

  test("an alert without an existing runbook, and one without a runbook_url, are reported", () => {
    const groups = parseYaml(fs.readFileSync(path.join(fixtures, "never-fires.rules.yaml"), "utf8")).groups as RuleGroup[];
    const noUrl = [{ name: "g", rules: [{ alert: "NoUrl", expr: "vector(1)", annotations: {} }] }];
    expect(runbookProblems([...groups, ...noUrl], "runbooks")).toEqual([
      "fixture-never-fires/FixtureNeverFires: runbook_url runbooks/does-not-exist.md: runbooks/does-not-exist.md does not exist",
      "g/NoUrl: no runbook_url annotation",
    ]);
  });

  test("an alert without tests, and a test of an alert that does not exist, are reported", () => {
    expect(coverageProblems(["Untested"], { "x.yaml": { tests: [{ alert_rule_test: [{ alertname: "Typo", exp_alerts: [] }] }] } })).toEqual(
      [
        "x.yaml: tests Typo, which no rule defines",
        "Untested: no promtool test where it fires with its runbook_url",
        "Untested: no promtool test where it stays silent",
      ],
    );
  });

  test("a placeholder that is not a chart value fails instead of rendering empty", () => {
    const placeholder = (p: string) => ["$", "{", p, "}"].join("");
    expect(() => substitute(`groupId: ${placeholder("ingestion.group")}`, configs[0]!.values, "x.yaml")).toThrow(
      `x.yaml: ${placeholder("ingestion.group")} is not a value of charts/platform-alerts`,
    );
    expect(
      substitute(placeholder("humanizeDuration:ingestion.lagCriticalSeconds"), { ingestion: { lagCriticalSeconds: 3600 } }, "x.yaml"),
    ).toBe("1h 0m 0s");
  });

  test("a template construct the renderer does not know fails instead of rendering wrongly", () => {
    const ctx = { Values: { a: { b: 1 } }, Release: { Name: "r", Namespace: "n" } };
    expect(renderTemplate("x: {{ add (div 7 2) 1 }} {{- `{{ $labels.pod }}` }}", ctx)).toBe("x: 4{{ $labels.pod }}");
    expect(() => renderTemplate("{{ if .Values.a }}x{{ end }}", ctx)).toThrow(/unsupported function or keyword "if"/);
    expect(() => renderTemplate("{{ .Values.a.c }}", ctx)).toThrow(/no key "c"/);
  });
});
