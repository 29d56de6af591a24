import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { mergeValues, type Values } from "../../constructs/platform/chart-values";
import { chartDir, repoRoot } from "../../lib/paths";
import { runHelm } from "../helpers/helm";
import { buildStacks, resourcesOf, synthJson } from "../helpers/synth";
import { withSampleValues } from "../helpers/tf-samples";

/**
 * Issue 17 part 6: every local chart passes real `helm lint --strict` with nothing but its own
 * values.yaml, so a reader or a tool can lint a chart alone. Values only the platform stack can know
 * (bucket, region, keys, zones, secret ARNs) stay empty there; the schema allows empty, and the
 * templates stop with `required`, naming the value, which `helm lint` leaves quiet (Helm's lint mode
 * renders `required` without failing: helm/helm pkg/engine/engine.go, initFunMap: "Don't fail on missing required values when linting", read 2026-12-07) while
 * `helm template` and `helm install` fail. Each such value is blanked in turn in a shipped stack's
 * values and must fail the render with its name.
 */
const chartsRoot = path.join(repoRoot(), "charts");
const localCharts = fs
  .readdirSync(chartsRoot)
  .filter((d) => fs.existsSync(path.join(chartsRoot, d, "Chart.yaml")))
  .sort();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "chart-defaults-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * Values a chart's templates require, read from the templates themselves: the value named at the
 * start of each `required "<value>: ..."` message (or of the message the list helper passes it).
 */
function requiredValues(chart: string): string[] {
  const dir = path.join(chartsRoot, chart, "templates");
  const text = fs
    .readdirSync(dir)
    .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
    .join("\n");
  return [...new Set([...text.matchAll(/(?:required|"message") "([A-Za-z][\w.]*): /g)].map((m) => m[1]!))].sort();
}

/** The first shipped platform stack's values for a chart's release, references replaced by samples. */
function shippedValues(chart: string): Values {
  const stacks = buildStacks();
  const name = [...stacks.keys()].find((n) => n.endsWith("-platform"))!;
  const release = (Object.values(resourcesOf(synthJson(stacks.get(name)!), "helm_release")) as { name: string; values: string[] }[]).find(
    (r) => r.name === chart,
  )!;
  return mergeValues(...release.values.map((v) => parse(withSampleValues(v)) as Values));
}

/** `a.b.c` set to `blank` in a copy of `values`. */
function blanked(values: Values, dotted: string, blank: unknown): Values {
  const copy = structuredClone(values);
  const keys = dotted.split(".");
  let node = copy as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  node[keys.at(-1)!] = blank;
  return copy;
}

function template(chart: string, values: Values) {
  const file = fs.mkdtempSync(path.join(tmp, "values-"));
  fs.writeFileSync(path.join(file, "values.yaml"), stringify(values));
  return runHelm(["template", chart, chartDir(chart), "--namespace", "test", "--values", path.join(file, "values.yaml")]);
}

describe("every local chart lints with its own defaults", () => {
  test.each(localCharts)("%s: helm lint --strict, values.yaml only", (chart) => {
    const lint = runHelm(["lint", "--strict", chartDir(chart)]);
    expect(lint.stderr + (lint.ok ? "" : lint.stdout)).toBe("");
  });
});

const withRequired = localCharts.map((chart) => [chart, requiredValues(chart)] as const).filter(([, values]) => values.length > 0);

describe("a value the chart requires stops the render, named, when empty", () => {
  test("the ClickHouse and secrets charts require values", () => {
    expect(withRequired.map(([chart]) => chart)).toEqual(expect.arrayContaining(["clickhouse-cluster", "platform-secrets"]));
  });

  test.each(withRequired.flatMap(([chart, values]) => values.map((value) => [chart, value] as const)))("%s: %s", (chart, value) => {
    const values = shippedValues(chart);
    const current = value.split(".").reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], values);
    // The stack fills it, and the chart renders with it.
    expect(current === undefined || current === "" || (Array.isArray(current) && current.length === 0)).toBe(false);
    expect(template(chart, values).stderr).toBe("");
    const result = template(chart, blanked(values, value, Array.isArray(current) ? [] : ""));
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain(`${value}: `);
    expect(result.stderr).not.toMatch(/panic|goroutine|nil pointer/);
  });
});
