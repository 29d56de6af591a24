import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../lib/paths";

// Without a helm binary the templates cannot be rendered in CI. This catches the commonest template
// bug instead: a reference to a value the chart's schema does not declare (a typo renders as empty).

type Schema = { properties?: Record<string, Schema>; $ref?: string; definitions?: Record<string, Schema> };
const chartsRoot = path.join(repoRoot(), "charts");
const localCharts = fs.readdirSync(chartsRoot).filter((d) => fs.existsSync(path.join(chartsRoot, d, "templates")));

/** Value paths a template reads: `.Values.a.b`, or through `{{ $x := .Values.a }}` aliases. */
function valueReferences(template: string): string[] {
  const aliases = new Map<string, string>([["$v", ""]]);
  for (const m of template.matchAll(/\$([A-Za-z]+) := \.Values(?:\.([A-Za-z0-9_.]+))?/g)) aliases.set(`$${m[1]}`, m[2] ?? "");
  const refs = new Set<string>();
  for (const m of template.matchAll(/\.Values\.([A-Za-z0-9_.]+)/g)) refs.add(m[1]!);
  for (const [alias, base] of aliases) {
    const re = new RegExp(`\\${alias}\\.([A-Za-z0-9_.]+)`, "g");
    for (const m of template.matchAll(re)) refs.add(base ? `${base}.${m[1]}` : m[1]!);
  }
  return [...refs].sort();
}

function declared(schema: Schema, root: Schema, dotted: string): boolean {
  let node: Schema | undefined = schema;
  for (const key of dotted.split(".")) {
    while (node?.$ref) node = root.definitions?.[node.$ref.replace("#/definitions/", "")];
    node = node?.properties?.[key];
    if (!node) return false;
  }
  return true;
}

describe.each(localCharts)("charts/%s templates", (chart) => {
  const schema = JSON.parse(fs.readFileSync(path.join(chartsRoot, chart, "values.schema.json"), "utf8")) as Schema;
  const dir = path.join(chartsRoot, chart, "templates");
  const templates = fs.readdirSync(dir).filter((f) => f.endsWith(".yaml"));

  test.each(templates)("%s reads only values the schema declares", (file) => {
    const refs = valueReferences(fs.readFileSync(path.join(dir, file), "utf8"));
    expect(refs.filter((r) => !declared(schema, schema, r))).toEqual([]);
  });
});

test("the reference scanner follows aliases", () => {
  expect(valueReferences("{{- $ch := .Values.clickhouse -}} {{ $ch.kafkaSecret }} {{ .Values.region }} {{ $v.layout.shards }}")).toEqual([
    "clickhouse",
    "clickhouse.kafkaSecret",
    "layout.shards",
    "region",
  ]);
});
