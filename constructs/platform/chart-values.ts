import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { parse, stringify } from "yaml";

/** Helm values: a YAML/JSON object tree. */
export type Values = { [key: string]: unknown };

/**
 * A YAML values file in a chart's folder (`dir`, e.g. the repository's charts/<name>), or {} when it
 * does not exist (optional overrides).
 */
export function readValuesFile(dir: string, file: string): Values {
  const p = path.join(dir, file);
  if (!fs.existsSync(p)) return {};
  return (parse(fs.readFileSync(p, "utf8")) as Values | null) ?? {};
}

const isObject = (v: unknown): v is Values => typeof v === "object" && v !== null && !Array.isArray(v);

/** Merges values the way Helm does: maps recursively, everything else (lists too) replaced. */
export function mergeValues(...layers: Values[]): Values {
  const out: Values = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) {
      out[k] = isObject(v) && isObject(out[k]) ? mergeValues(out[k], v) : v;
    }
  }
  return out;
}

/** YAML of a values object for `helm_release.values`: block style, no line folding. */
export function toValuesYaml(values: Values): string {
  return stringify(values, { lineWidth: 0, sortMapEntries: true, aliasDuplicateObjects: false });
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

/**
 * Checks values against the values.schema.json of the chart in folder `dir` after merging them over
 * the chart's own values.yaml, which is what `helm install` validates. Returns one line per problem
 * (empty = valid).
 */
export function chartValuesProblems(dir: string, values: Values): string[] {
  let validate = validators.get(dir);
  if (!validate) {
    const schema = JSON.parse(fs.readFileSync(path.join(dir, "values.schema.json"), "utf8")) as object;
    validate = ajv.compile(schema);
    validators.set(dir, validate);
  }
  const merged = mergeValues(readValuesFile(dir, "values.yaml"), values);
  if (validate(merged)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}${e.params ? ` (${JSON.stringify(e.params)})` : ""}`,
  );
}
