/* eslint-disable no-template-curly-in-string -- the strings below are literal Terraform references, not templates */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { lintAndTemplate } from "../helpers/helm";
import { objectProblems } from "../helpers/k8s-schemas";
import { withSampleValues } from "../helpers/tf-samples";

/** The checks of helm-render.test.ts catch their kind of defect: each is shown failing here. */
let chartDir: string;
beforeAll(() => {
  chartDir = fs.mkdtempSync(path.join(os.tmpdir(), "helm-fixture-"));
  fs.mkdirSync(path.join(chartDir, "templates"));
  fs.writeFileSync(path.join(chartDir, "Chart.yaml"), "apiVersion: v2\nname: fixture\nversion: 0.1.0\n");
  fs.writeFileSync(path.join(chartDir, "values.yaml"), "name: demo\n");
});
afterAll(() => fs.rmSync(chartDir, { recursive: true, force: true }));

const render = (template: string, values = "name: demo\n") => {
  fs.writeFileSync(path.join(chartDir, "templates", "cm.yaml"), template);
  return lintAndTemplate({ chartDir, name: "fixture", namespace: "default", values: [values] });
};

describe("helm catches broken templates", () => {
  test("a well-formed template renders and lints", () => {
    const { lint, template } = render("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name | quote }}\n");
    expect([lint.ok, template.ok]).toEqual([true, true]);
  });
  test("a template syntax error fails lint and template", () => {
    const { lint, template } = render("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name \n");
    expect([lint.ok, template.ok]).toEqual([false, false]);
    expect(template.stderr).toMatch(/parse error|unclosed action/);
  });
  test("an unquoted value holding ': ' breaks the rendered YAML", () => {
    const { template } = render("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n", 'name: "a: b"\n');
    expect(template.ok).toBe(false);
    expect(template.stderr).toMatch(/YAML parse error/);
  });
});

describe("schemas catch invalid objects", () => {
  const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, data: { a: "b" } };
  test("a valid core object passes", () => expect(objectProblems(configMap)).toBe(""));
  test("a core kind with a wrongly typed field fails", () => {
    expect(objectProblems({ ...configMap, data: { a: 1 } })).toMatch(/ConfigMap x: .*data/);
  });
  test("a CronJob without its job template fails", () => {
    expect(objectProblems({ apiVersion: "batch/v1", kind: "CronJob", metadata: { name: "c" }, spec: { schedule: "* * * * *" } })).toMatch(
      /jobTemplate/,
    );
  });
  test("a PrometheusRule whose rule has no expr fails", () => {
    const rule = {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: { name: "r" },
      spec: { groups: [{ name: "g", rules: [{ alert: "A" }] }] },
    };
    expect(objectProblems(rule)).toMatch(/expr/);
  });
  test("an ExternalSecret (v1) without a secretStoreRef name fails", () => {
    const es = {
      apiVersion: "external-secrets.io/v1",
      kind: "ExternalSecret",
      metadata: { name: "e" },
      spec: { secretStoreRef: { kind: "ClusterSecretStore" } },
    };
    expect(objectProblems(es)).toMatch(/name/);
  });
  test("a ClickHouseInstallation without shards fails the structural check", () => {
    const chi = {
      apiVersion: "clickhouse.altinity.com/v1",
      kind: "ClickHouseInstallation",
      metadata: { name: "events" },
      spec: {
        configuration: { clusters: [{ name: "events", layout: {} }], users: {}, settings: {}, zookeeper: { nodes: [{ host: "k" }] } },
        templates: { podTemplates: [{ name: "p" }], volumeClaimTemplates: [{ name: "d" }], serviceTemplates: [{ name: "s" }] },
      },
    };
    expect(objectProblems(chi)).toMatch(/shards/);
  });
  test("an unknown kind is a failure, not a pass", () => {
    expect(objectProblems({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } })).toMatch(/unknown kind/);
  });
});

describe("Terraform references get realistic samples", () => {
  test("an ARN and a broker list keep the characters that need quoting", () => {
    const text = withSampleValues("a: ${aws_iam_role.R_1.arn}\nb: ${aws_msk_cluster.K_2.bootstrap_brokers_sasl_scram}\n");
    expect(text).toMatch(/^a: arn:aws:iam::\d{12}:role\//m);
    expect(text).toMatch(/^b: b-1\.[^,]+:9096,b-2\./m);
  });
  test("an unknown reference is an error naming it", () => {
    expect(() => withSampleValues("x: ${aws_sqs_queue.Q_1.url}")).toThrow(/aws_sqs_queue\.Q_1\.url.*tf-samples/);
  });
});
