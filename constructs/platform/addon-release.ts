import type { ITerraformDependable } from "cdktf";
import * as path from "node:path";
import { Construct } from "constructs";
import { Release } from "@cdktf/provider-helm/lib/release";
import { PINNED_CHARTS, type PinnedChartName } from "./chart-versions";
import { mergeValues, readValuesFile, toValuesYaml, type Values } from "./chart-values";
import { PropsProblems } from "../kit/validation";

export interface AddonReleaseProps {
  /** Which pinned chart (constructs/platform/chart-versions.ts). */
  readonly addon: PinnedChartName;
  /** Folder under `chartsDir` with values.yaml and values-<tier>.yaml. */
  readonly valuesDir: string;
  /** The repository's charts/ folder (absolute path; the stack knows where the repository is). */
  readonly chartsDir: string;
  /** The environment's tier (`production`, `staging`): picks values-<tier>.yaml. */
  readonly tier: string;
  /** Helm release name. @default - the values folder name */
  readonly releaseName?: string;
  readonly namespace: string;
  /** Create the namespace if missing (add-on namespaces this layer does not guard). @default false */
  readonly createNamespace?: boolean;
  /** Values only known at synth (cluster name, role ARNs): merged last. @default {} */
  readonly values?: Values;
  /** @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A platform add-on from a pinned remote chart. Values come from charts/<addon>/values.yaml, then
 * charts/<addon>/values-<tier>.yaml, then the computed values: reviewable YAML for what is static,
 * code only for what comes from other stacks.
 */
export class AddonRelease extends Construct {
  readonly release: Release;
  /** The merged values passed to Helm. */
  readonly values: Values;

  constructor(scope: Construct, id: string, props: AddonReleaseProps) {
    super(scope, id);
    const pinned = PINNED_CHARTS[props.addon];
    new PropsProblems(this)
      .require(
        /^v?\d+\.\d+\.\d+$/.test(pinned.version),
        "addon",
        props.addon,
        `an addon pinned to an exact chart version x.y.z (its pin is "${pinned.version}")`,
      )
      .throwIfAny();
    const dir = path.join(props.chartsDir, props.valuesDir);
    this.values = mergeValues(readValuesFile(dir, "values.yaml"), readValuesFile(dir, `values-${props.tier}.yaml`), props.values ?? {});
    this.release = new Release(this, "release", {
      name: props.releaseName ?? props.valuesDir,
      namespace: props.namespace,
      createNamespace: props.createNamespace ?? false,
      repository: pinned.repository,
      chart: pinned.chart,
      version: pinned.version,
      values: [toValuesYaml(this.values)],
      atomic: true,
      cleanupOnFail: true,
      maxHistory: 10,
      timeout: 900,
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    });
  }
}
