import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TerraformAsset, TerraformStack } from "cdktf";
import { parseAllDocuments, parse, stringify } from "yaml";
import { mergeValues, readValuesFile, type Values } from "../../constructs/platform/chart-values";
import { LocalChartRelease } from "../../constructs/platform/local-chart-release";
import { chartDir, repoRoot } from "../../lib/paths";
import { lintAndTemplate, runHelm } from "../helpers/helm";
import { objectProblems } from "../helpers/k8s-schemas";
import { buildStacks, synthJson } from "../helpers/synth";
import { withSampleValues } from "../helpers/tf-samples";

/**
 * Issue 13, Helm for real: every local chart rendered by Helm itself (`helm lint --strict`,
 * `helm template`) with exactly the values each shipped stack passes its helm_release (Terraform
 * references replaced by realistic samples), and every rendered object checked against its kind's
 * schema. Helm comes from .ci/install-helm.sh (run by jest's globalSetup).
 */
const chartsRoot = path.join(repoRoot(), "charts");
const localCharts = fs
  .readdirSync(chartsRoot)
  .filter((d) => fs.existsSync(path.join(chartsRoot, d, "Chart.yaml")))
  .sort();

type Rendered = { stack: string; chart: string; name: string; namespace: string; values: string[] };

/** The local-chart releases of one stack, with the values as synthesized into its helm_release. */
function releasesOf(stackName: string, stack: TerraformStack): Rendered[] {
  const json = synthJson(stack);
  return stack.node
    .findAll()
    .filter((c): c is LocalChartRelease => c instanceof LocalChartRelease)
    .map((c) => {
      // The chart folder the asset copies (cdktf keeps it private; the asset id alone is a construct id).
      const asset = c.node.findChild("chart") as TerraformAsset;
      const chart = path.basename((asset as unknown as { sourcePath: string }).sourcePath);
      const resource = json.resource?.helm_release?.[stack.getLogicalId(c.release)] as {
        name: string;
        namespace: string;
        values?: string[];
        set?: unknown;
      };
      expect(resource.set).toBeUndefined(); // values only; a `set` would need rendering here too
      return {
        stack: stackName,
        chart,
        name: resource.name,
        namespace: resource.namespace,
        values: (resource.values ?? []).map((v) => withSampleValues(v)),
      };
    });
}

const releases = [...buildStacks()].flatMap(([name, stack]) => releasesOf(name, stack));

/** Parses helm's output strictly: a YAML error anywhere is a failure, not a skipped document. */
function manifests(stdout: string): Record<string, unknown>[] {
  return parseAllDocuments(stdout).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors.map((e) => e.message).join("; ")}`);
    const obj = doc.toJS() as Record<string, unknown> | null;
    return obj ? [obj] : [];
  });
}

/** YAML files a ConfigMap carries (the load test's TestRun): kubectl parses them later, so parse them now. */
function embeddedYamlProblems(objects: Record<string, unknown>[]): string[] {
  return objects
    .filter((o) => o.kind === "ConfigMap")
    .flatMap((o) => Object.entries((o.data ?? {}) as Record<string, string>).filter(([key]) => /\.ya?ml$/.test(key)))
    .flatMap(([key, text]) => parseAllDocuments(text).flatMap((doc) => doc.errors.map((e) => `${key}: ${e.message}`)));
}

describe("helm renders every local chart with each stack's values", () => {
  test("every local chart is released by at least one shipped stack", () => {
    expect([...new Set(releases.map((r) => r.chart))].sort()).toEqual(localCharts);
  });

  test.each(releases.map((r) => [`${r.stack} ${r.chart}`, r] as const))("%s: lint, template, schema of every object", (_label, release) => {
    const { lint, template } = lintAndTemplate({ chartDir: chartDir(release.chart), ...release });
    expect(lint.stderr + (lint.ok ? "" : lint.stdout)).toBe("");
    expect(template.stderr).toBe("");
    const objects = manifests(template.stdout);
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.map(objectProblems).filter(Boolean)).toEqual([]);
    expect(embeddedYamlProblems(objects)).toEqual([]);
  });
});

/** Every string leaf replaced by a value that breaks YAML unless quoted: starts with `{`, holds `: ` and `,`. */
function hostile(values: unknown, found: string[] = []): unknown {
  if (typeof values === "string") {
    const v = `{h${found.length}: x}, y: z`;
    found.push(v);
    return v;
  }
  if (Array.isArray(values)) return values.map((e) => hostile(e, found));
  if (values && typeof values === "object") return Object.fromEntries(Object.entries(values).map(([k, e]) => [k, hostile(e, found)]));
  return values;
}

const strings = (value: unknown): string[] =>
  typeof value === "string" ? [value] : value && typeof value === "object" ? Object.values(value).flatMap(strings) : [];

describe("templates quote values that may hold YAML syntax", () => {
  const firstOfEachChart = localCharts.map((chart) => releases.find((r) => r.chart === chart)!);

  test.each(firstOfEachChart.map((r) => [r.chart, r] as const))(
    "%s renders : , { } in every string value to valid YAML, verbatim",
    (_chart, release) => {
      const merged = mergeValues(readValuesFile(chartDir(release.chart), "values.yaml"), ...release.values.map((v) => parse(v) as Values));
      const injected: string[] = [];
      const values = stringify(hostile(merged, injected));
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "helm-hostile-"));
      try {
        fs.writeFileSync(path.join(dir, "values.yaml"), values);
        // The schema rejects such values (rightly); this test is about the templates' quoting.
        const result = runHelm([
          "template",
          release.name,
          chartDir(release.chart),
          "--skip-schema-validation",
          "--namespace",
          release.namespace,
          "--values",
          path.join(dir, "values.yaml"),
        ]);
        expect(result.stderr).toBe("");
        const objects = manifests(result.stdout);
        expect(embeddedYamlProblems(objects)).toEqual([]);
        const rendered = objects.flatMap(strings);
        // Each value used by the chart arrives whole: not split into YAML keys, lists or flow maps.
        const used = injected.filter((v) => result.stdout.includes(`h${v.slice(2, v.indexOf(":"))}:`));
        expect(used.length).toBeGreaterThan(0);
        expect(used.filter((v) => !rendered.some((s) => s.includes(v)))).toEqual([]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
