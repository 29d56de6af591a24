import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { Values } from "../../constructs/platform/chart-values";
import { PINNED_CHARTS } from "../../constructs/platform/chart-versions";
import { ADDON_NAMESPACES, NAMESPACES } from "../../constructs/platform/names";
import { OBSERVABILITY_PODS, PORTS } from "../../constructs/platform/platform-namespaces";
import { loadPlatformConfig } from "../../lib/config/load";
import { repoRoot } from "../../lib/paths";
import { policyModel, reaches, type Pod, type PolicyModel } from "../helpers/network-policy";
import { buildStacks, resourcesOf, synthJson, type TfJson } from "../helpers/synth";

/**
 * Issue 17 part 6: Grafana behind the one sign-in. People reach it only with `kubectl port-forward`
 * (the EKS API server authenticates them and the audit log records it); Grafana asks for no login and
 * makes everyone a Viewer; nothing in the cluster but Prometheus reaches its port.
 *
 * The values are checked as the kube-prometheus-stack helm_release of each platform stack passes
 * them. The grafana chart is remote (pinned, not in the repository), so the tests cannot render it
 * offline; `helm template` of the pinned chart 88.5.3 (grafana 12.11.1) with these values was run
 * by hand on 2026-12-07: grafana.ini carried [auth] disable_login_form, [auth.anonymous] enabled,
 * org_role Viewer, [server] root_url as below, one ClusterIP Service, no Ingress or HTTPRoute.
 */

type Ini = Record<string, Record<string, unknown> | undefined>;

/** What would let someone in without the API server, or give them more than Viewer. Empty = fine. */
function grafanaExposureProblems(grafana: Values): string[] {
  const ini = (grafana["grafana.ini"] ?? {}) as Ini;
  const get = (section: string, key: string): unknown => ini[section]?.[key];
  const problems: string[] = [];
  const want = (section: string, key: string, wanted: unknown, why: string) => {
    const got = get(section, key);
    if (got !== wanted)
      problems.push(`grafana.ini [${section}] ${key} is ${JSON.stringify(got)}, wanted ${JSON.stringify(wanted)}: ${why}`);
  };
  want("auth.anonymous", "enabled", true, "people are signed in by the API server, not by Grafana");
  want("auth.anonymous", "org_role", "Viewer", "dashboards are code; anything above Viewer edits them and opens Explore");
  want("auth.anonymous", "org_name", "Main Org.", "the organization the provisioned dashboards live in");
  want("auth", "disable_login_form", true, "no Grafana login besides the API server's");
  want("server", "root_url", "http://localhost:3000/", "links must work through kubectl port-forward");
  want("snapshots", "external_enabled", false, "no dashboard published to Grafana's public snapshot service");
  for (const key of ["allow_sign_up", "allow_org_create", "viewers_can_edit"])
    if (get("users", key) === true) problems.push(`grafana.ini [users] ${key} is true: no user but the admin, Viewers without Explore`);
  for (const [section, settings] of Object.entries(ini))
    if (/^auth\./.test(section) && !["auth.anonymous", "auth.basic"].includes(section) && settings?.["enabled"] === true)
      problems.push(`grafana.ini [${section}] is enabled: a second way to sign in`);
  if (grafana["adminPassword"] !== undefined) problems.push("adminPassword is set in values: it stays the chart-generated Secret");
  if ((grafana["ingress"] as Values | undefined)?.["enabled"] !== false)
    problems.push("ingress.enabled is not false: Grafana gets an Ingress");
  for (const kind of ["route", "listenerSet"])
    for (const [name, entry] of Object.entries((grafana[kind] ?? {}) as Record<string, Values>))
      if (entry["enabled"] === true) problems.push(`${kind}.${name}.enabled is true: Grafana gets a Gateway API route`);
  const serviceType = (grafana["service"] as Values | undefined)?.["type"];
  if (serviceType !== "ClusterIP") problems.push(`service.type is ${JSON.stringify(serviceType)}, wanted "ClusterIP"`);
  return problems;
}

const config = loadPlatformConfig();
const stacks = buildStacks();
const platforms = config.environments.map((env) => ({ env, json: synthJson(stacks.get(`${env.name}-platform`)!) }));

function grafanaValues(json: TfJson): Values {
  const releases = Object.values(resourcesOf(json, "helm_release")) as { name: string; values: string[] }[];
  const release = releases.find((r) => r.name === "kube-prometheus-stack")!;
  return (parse(release.values[0]!) as Values)["grafana"] as Values;
}

/** A host address in the VPC (pods get VPC addresses from the VPC CNI). */
const podIp = (vpcCidr: string) => vpcCidr.split("/")[0]!.replace(/\.\d+$/, ".10");

const grafanaPod = (ip: string): Pod => ({ namespace: NAMESPACES.observability, labels: OBSERVABILITY_PODS.grafana, ip });

/** A pod without labels and one wearing Prometheus's labels in every namespace, plus the observability pods. */
function samplePods(model: PolicyModel, ip: string): Pod[] {
  const namespaces = [...new Set([...model.namespaces.keys(), ...Object.values(ADDON_NAMESPACES), "default"])].sort();
  return [
    ...namespaces.flatMap((namespace) => [
      { namespace, labels: {}, ip },
      { namespace, labels: OBSERVABILITY_PODS.prometheus, ip },
    ]),
    // The other kube-prometheus-stack pods (labels per `helm template` of the pinned chart).
    { namespace: NAMESPACES.observability, labels: { "app.kubernetes.io/name": "alertmanager" }, ip },
    { namespace: NAMESPACES.observability, labels: { "app.kubernetes.io/name": "kube-state-metrics" }, ip },
    { namespace: NAMESPACES.observability, labels: { "app.kubernetes.io/name": "kube-prometheus-stack-prometheus-operator" }, ip },
  ];
}

const describePod = (p: Pod) => `${p.namespace}/${p.labels["app.kubernetes.io/name"] ?? "(unlabelled)"}`;
const reachingGrafana = (model: PolicyModel, ip: string, port: number) =>
  samplePods(model, ip)
    .filter((p) => reaches(model, p, grafanaPod(ip), port))
    .map(describePod);

describe.each(platforms.map((p) => [p.env.name, p] as const))("Grafana of %s", (_name, { env, json }) => {
  const grafana = grafanaValues(json);
  const model = policyModel(json);
  const ip = podIp(env.vpcCidr);

  test("asks nobody to sign in, makes everyone a Viewer, and has no way in from outside the cluster", () => {
    expect(grafanaExposureProblems(grafana)).toEqual([]);
  });

  test("only Prometheus (scraping /metrics) reaches Grafana's port; nothing reaches its other ports", () => {
    expect(reachingGrafana(model, ip, PORTS.grafana)).toEqual([`${NAMESPACES.observability}/prometheus`]);
    // Alerting gossip and profiling (the chart's other container ports).
    for (const port of [9094, 6060]) expect(reachingGrafana(model, ip, port)).toEqual([]);
  });

  test("Grafana still reaches Prometheus, its data source", () => {
    const prometheus: Pod = { namespace: NAMESPACES.observability, labels: OBSERVABILITY_PODS.prometheus, ip };
    expect(reaches(model, grafanaPod(ip), prometheus, PORTS.prometheus)).toBe(true);
  });
});

describe("the hand render is still the pinned chart's", () => {
  // The keys above were read from kube-prometheus-stack 88.5.3 and its grafana 12.11.1 subchart
  // (header comment). A version bump must repeat that render: this fails until the new version is
  // recorded here, after checking grafana.ini, ingress, route, listenerSet and service still mean the same.
  const verifiedAgainst = "88.5.3";
  test(`kube-prometheus-stack is pinned to ${verifiedAgainst}`, () => {
    expect(PINNED_CHARTS.kubePrometheusStack.version).toBe(verifiedAgainst);
  });
});

describe("the Grafana checks catch what they are for", () => {
  const { env, json } = platforms[0]!;
  const shipped = grafanaValues(json);
  const planted = (change: (v: Values) => void): string[] => {
    const values = structuredClone(shipped);
    change(values);
    return grafanaExposureProblems(values);
  };

  test.each([
    [
      "anonymous users made Admin",
      (v: Values) => ((v["grafana.ini"] as Ini)["auth.anonymous"]!["org_role"] = "Admin"),
      /org_role is "Admin"/,
    ],
    ["the login form back", (v: Values) => ((v["grafana.ini"] as Ini)["auth"]!["disable_login_form"] = false), /disable_login_form/],
    ["Viewers given Explore", (v: Values) => ((v["grafana.ini"] as Ini)["users"]!["viewers_can_edit"] = true), /viewers_can_edit/],
    ["a second sign-in", (v: Values) => ((v["grafana.ini"] as Ini)["auth.generic_oauth"] = { enabled: true }), /auth\.generic_oauth/],
    ["an Ingress", (v: Values) => ((v["ingress"] as Values)["enabled"] = true), /Ingress/],
    ["an HTTPRoute", (v: Values) => (v["route"] = { main: { enabled: true } }), /route\.main/],
    ["a LoadBalancer Service", (v: Values) => ((v["service"] as Values)["type"] = "LoadBalancer"), /"LoadBalancer"/],
    ["a password in values", (v: Values) => (v["adminPassword"] = "prom-operator"), /adminPassword/],
  ])("%s", (_label, change, message) => {
    const problems = planted(change);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  test("a namespace that lets every pod in reaches Grafana from Alertmanager and the operator", () => {
    const ip = podIp(env.vpcCidr);
    const model = policyModel(json);
    const opened: PolicyModel = {
      namespaces: model.namespaces,
      policies: model.policies.map((p) =>
        p.namespace === NAMESPACES.observability && p.name === "allow-same-namespace" ? { ...p, spec: { ...p.spec, pod_selector: {} } } : p,
      ),
    };
    expect(reachingGrafana(opened, ip, PORTS.grafana)).toEqual(
      expect.arrayContaining([`${NAMESPACES.observability}/alertmanager`, `${NAMESPACES.observability}/(unlabelled)`]),
    );
    expect(reachingGrafana(model, ip, PORTS.grafana)).not.toContain(`${NAMESPACES.observability}/alertmanager`);
  });

  test("the policy model allows what the shipped rules allow and refuses what they do not", () => {
    const ip = podIp(env.vpcCidr);
    const model = policyModel(json);
    const clickhouse: Pod = { namespace: NAMESPACES.clickhouse, labels: { "app.kubernetes.io/name": "clickhouse" }, ip };
    expect(reaches(model, { namespace: NAMESPACES.app, labels: {}, ip }, clickhouse, PORTS.clickhouseHttp)).toBe(true);
    expect(reaches(model, { namespace: NAMESPACES.loadTest, labels: {}, ip }, clickhouse, PORTS.clickhouseHttp)).toBe(false);
    expect(reaches(model, { namespace: NAMESPACES.app, labels: {}, ip }, clickhouse, PORTS.postgres)).toBe(false);
    expect(reaches(model, { namespace: ADDON_NAMESPACES.kubeSystem, labels: {}, ip }, clickhouse, PORTS.clickhouseHttp)).toBe(false);
  });
});

describe("docs/access.md says how people reach Grafana", () => {
  const page = fs.readFileSync(path.join(repoRoot(), "docs", "access.md"), "utf8");
  const row = page.split("\n").find((l) => l.startsWith("| Grafana"));

  test("the Grafana row names the port-forward, the anonymous Viewer and the audit log", () => {
    expect(row).toBeDefined();
    expect(row).toContain("kubectl port-forward");
    expect(row).toContain("Viewer");
    expect(row).toContain("audit log");
  });

  test("the open question is closed", () => {
    expect(page).not.toContain("Grafana has no single sign-on yet");
  });
});
