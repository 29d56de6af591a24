import * as path from "node:path";
import { AssetType, TerraformAsset, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { Release } from "@cdktf/provider-helm/lib/release";
import { chartValuesProblems, toValuesYaml, type Values } from "./chart-values";
import { PropsProblems } from "../kit/validation";

export interface LocalChartReleaseProps {
  /** Folder under `chartsDir` holding Chart.yaml, values.yaml, values.schema.json and templates/. */
  readonly chart: string;
  /** The repository's charts/ folder (absolute path; the stack knows where the repository is). */
  readonly chartsDir: string;
  /** Helm release name. @default - the chart name */
  readonly releaseName?: string;
  /** Namespace of the release (must exist). */
  readonly namespace: string;
  /** Values passed to the chart; validated against its values.schema.json at synth. */
  readonly values: Values;
  /** Resources that must exist first (namespaces, CRD-installing releases). @default - [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Installs a chart from this repository. The chart folder is copied into the stack's output as an
 * asset (path relative to the stack, content-hashed, so output stays deterministic), and the values
 * are checked against the chart's schema here, so a wrong value fails synth and `npm test` before
 * Helm would reject it at install.
 */
export class LocalChartRelease extends Construct {
  readonly release: Release;
  /** The values as passed (before Helm merges the chart defaults). */
  readonly values: Values;

  constructor(scope: Construct, id: string, props: LocalChartReleaseProps) {
    super(scope, id);
    const dir = path.join(props.chartsDir, props.chart);
    const problems = new PropsProblems(this);
    // Each problem reads "<JSON pointer> <what the schema says>" (chart-values.ts).
    for (const problem of chartValuesProblems(dir, props.values)) {
      const [pointer = "/", ...rule] = problem.split(" ");
      const keys = pointer.split("/").filter((k) => k !== "");
      const value = keys.reduce<unknown>(
        (v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined),
        props.values,
      );
      problems.add(["values", ...keys].join("."), value, `${rule.join(" ")} (charts/${props.chart}/values.schema.json)`);
    }
    problems.throwIfAny();
    this.values = props.values;
    const asset = new TerraformAsset(this, "chart", { path: dir, type: AssetType.DIRECTORY });
    this.release = new Release(this, "release", {
      name: props.releaseName ?? props.chart,
      namespace: props.namespace,
      chart: `./${asset.path}`,
      values: [toValuesYaml(props.values)],
      // Roll back a failed upgrade instead of leaving a half-applied release.
      atomic: true,
      cleanupOnFail: true,
      maxHistory: 10,
      timeout: 900,
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });
  }
}
