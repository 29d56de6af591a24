import { Testing, TerraformStack } from "cdktf";
import { AddonRelease } from "../../../constructs/platform/addon-release";
import { PINNED_CHARTS } from "../../../constructs/platform/chart-versions";
import { LocalChartRelease } from "../../../constructs/platform/local-chart-release";
import { clusterAutoscalerImageTag } from "../../../constructs/platform/cluster-autoscaler-image";
import { chartsDir } from "../../../lib/paths";
import { resourcesOf, type TfJson } from "../../helpers/synth";

const stackWith = (build: (stack: TerraformStack) => void): TfJson => {
  const stack = new TerraformStack(Testing.app(), "test");
  build(stack);
  return JSON.parse(Testing.synth(stack)) as TfJson;
};

describe("pinned charts", () => {
  test.each(Object.entries(PINNED_CHARTS))("%s is pinned to an exact version with its source", (_name, chart) => {
    expect(chart.version).toMatch(/^v?\d+\.\d+\.\d+$/);
    expect(chart.repository).toMatch(/^https:\/\//);
    expect(chart.source.length).toBeGreaterThan(0);
  });
});

describe("AddonRelease", () => {
  const json = stackWith(
    (s) =>
      new AddonRelease(s, "metrics-server", {
        chartsDir: chartsDir(),
        addon: "metricsServer",
        valuesDir: "metrics-server",
        tier: "staging",
        namespace: "kube-system",
        values: { extra: "computed" },
      }),
  );
  const [release] = Object.values(resourcesOf(json, "helm_release")) as {
    version: string;
    chart: string;
    repository: string;
    values: string[];
    atomic: boolean;
  }[];

  test("installs the pinned version from the pinned repository", () => {
    expect(release).toMatchObject({
      chart: "metrics-server",
      version: PINNED_CHARTS.metricsServer.version,
      repository: PINNED_CHARTS.metricsServer.repository,
      atomic: true,
    });
  });

  test("layers values.yaml, then the tier file, then computed values", () => {
    // values.yaml says replicas: 2, values-staging.yaml says 1.
    expect(release!.values[0]).toMatch(/^replicas: 1$/m);
    expect(release!.values[0]).toMatch(/^extra: computed$/m);
  });
});

describe("LocalChartRelease", () => {
  test("ships the chart as a content-hashed asset with a relative path", () => {
    const json = stackWith(
      (s) =>
        new LocalChartRelease(s, "load-test", {
          chart: "load-test",
          chartsDir: chartsDir(),
          namespace: "load-test",
          values: { eventsPerSecond: 10 },
        }),
    );
    const [release] = Object.values(resourcesOf(json, "helm_release")) as { chart: string }[];
    expect(release!.chart).toMatch(/^\.\/assets\/load-test_chart_[A-F0-9]+\/[A-F0-9]{32}$/);
  });

  test("throws when values do not match the chart's schema, naming the field", () => {
    expect(() =>
      stackWith(
        (s) =>
          new LocalChartRelease(s, "load-test", {
            chart: "load-test",
            chartsDir: chartsDir(),
            namespace: "load-test",
            values: { eventsPerSecond: -1 },
          }),
      ),
    ).toThrow(/^test\/load-test: values\.eventsPerSecond: must be >= 1 .*\(charts\/load-test\/values\.schema\.json\) \(got -1\)$/);
  });
});

const testStackForImage = () => new TerraformStack(Testing.app(), "test");

describe("cluster-autoscaler image", () => {
  test("matches the cluster's Kubernetes minor", () => {
    expect(clusterAutoscalerImageTag(testStackForImage(), "1.34")).toMatch(/^v1\.34\.\d+$/);
  });
  test("throws for a minor with no known image", () => {
    expect(() => clusterAutoscalerImageTag(testStackForImage(), "1.20")).toThrow(
      /^test: kubernetesVersion: a minor with a cluster-autoscaler image \(1\.\d\d(, 1\.\d\d)*\); for another, add .* \(got "1\.20"\)$/,
    );
  });
});
