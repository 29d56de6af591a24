import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { ADDON_NAMESPACES, NAMESPACES } from "../../constructs/platform/names";
import { PORTS } from "../../constructs/platform/platform-namespaces";
import { loadPlatformConfig } from "../../lib/config/load";
import { chartDir, repoRoot } from "../../lib/paths";
import { lintAndTemplate } from "../helpers/helm";
import { policyModel, reaches, type Pod } from "../helpers/network-policy";
import { buildStacks, resourcesOf, synthJson } from "../helpers/synth";
import { withSampleValues } from "../helpers/tf-samples";

/**
 * Issue 17 part 6: the ClickHouse HTTP interface, and the web UI it serves at /play
 * (https://clickhouse.com/docs/interfaces/http, read 2026-12-07), stay inside the cluster. Checked on
 * `helm template` of charts/clickhouse-cluster with each platform stack's values: nothing routes in
 * from outside (no Ingress, Gateway API route, LoadBalancer or NodePort), and every Service the
 * Altinity operator makes from the installations is a ClusterIP one: from a serviceTemplate, which
 * must say ClusterIP, or by the operator's default, ClusterIP in release-0.25.6
 * (Altinity/clickhouse-operator pkg/model/chi/creator/service.go and pkg/model/chk/creator/service.go,
 * `Type: core.ServiceTypeClusterIP` when no template applies). Then the synthesized NetworkPolicies
 * decide which pods reach the HTTP port.
 */

type K8sObject = { kind: string; metadata: { name: string }; spec?: Record<string, unknown> };

const ROUTES = new Set(["Ingress", "Gateway", "HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute", "ListenerSet"]);
const OPERATOR_KINDS = new Set(["ClickHouseInstallation", "ClickHouseKeeperInstallation"]);

/** What would expose ClickHouse outside the cluster. Empty = nothing does. */
function exposureProblems(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  const serviceProblem = (where: string, spec: Record<string, unknown> | undefined) => {
    const type = spec?.["type"] ?? "ClusterIP";
    if (type !== "ClusterIP") problems.push(`${where} is of type ${String(type)}`);
    if (Array.isArray(spec?.["externalIPs"]) && spec["externalIPs"].length > 0) problems.push(`${where} has externalIPs`);
  };
  for (const o of objects) {
    const where = `${o.kind} ${o.metadata.name}`;
    if (ROUTES.has(o.kind)) problems.push(`${where} routes traffic in from outside the cluster`);
    if (o.kind === "Service") serviceProblem(where, o.spec);
    if (OPERATOR_KINDS.has(o.kind)) {
      const templates = ((o.spec?.["templates"] as Record<string, unknown> | undefined)?.["serviceTemplates"] ?? []) as {
        name: string;
        spec?: Record<string, unknown>;
      }[];
      for (const t of templates) serviceProblem(`${where} serviceTemplate ${t.name}`, t.spec);
    }
  }
  return problems;
}

const config = loadPlatformConfig();
const stacks = buildStacks();
const cases = config.environments.map((env) => {
  const json = synthJson(stacks.get(`${env.name}-platform`)!);
  const release = (Object.values(resourcesOf(json, "helm_release")) as { name: string; namespace: string; values: string[] }[]).find(
    (r) => r.name === "clickhouse-cluster",
  )!;
  const { template } = lintAndTemplate({
    chartDir: chartDir("clickhouse-cluster"),
    name: release.name,
    namespace: release.namespace,
    values: release.values.map((v) => withSampleValues(v)),
  });
  if (template.stderr) throw new Error(`helm template of clickhouse-cluster (${env.name}) failed: ${template.stderr}`);
  const objects = parseAllDocuments(template.stdout)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
  return [env.name, { env, json, objects }] as const;
});

const podIp = (vpcCidr: string) => vpcCidr.split("/")[0]!.replace(/\.\d+$/, ".10");

describe.each(cases)("ClickHouse of %s", (_name, { env, json, objects }) => {
  test("the rendered chart has installations, and nothing that exposes them outside the cluster", () => {
    expect(objects.filter((o) => OPERATOR_KINDS.has(o.kind)).map((o) => o.kind)).toEqual(
      expect.arrayContaining(["ClickHouseInstallation", "ClickHouseKeeperInstallation"]),
    );
    expect(exposureProblems(objects)).toEqual([]);
  });

  test("only the application's and ClickHouse's own namespaces reach the HTTP port (and /play)", () => {
    const model = policyModel(json);
    const ip = podIp(env.vpcCidr);
    const clickhouse: Pod = { namespace: NAMESPACES.clickhouse, labels: { "app.kubernetes.io/name": "clickhouse" }, ip };
    const namespaces = [...new Set([...model.namespaces.keys(), ...Object.values(ADDON_NAMESPACES), "default"])].sort();
    const reaching = namespaces.filter((namespace) => reaches(model, { namespace, labels: {}, ip }, clickhouse, PORTS.clickhouseHttp));
    expect(reaching).toEqual([NAMESPACES.clickhouse, NAMESPACES.app].sort());
  });
});

describe("the exposure check catches what it is for", () => {
  const [, { objects }] = cases[0]!;
  const planted = (change: (objects: K8sObject[]) => void) => {
    const copy = structuredClone(objects) as K8sObject[];
    change(copy);
    return exposureProblems(copy);
  };
  const installation = (copy: K8sObject[]) => copy.find((o) => o.kind === "ClickHouseInstallation")!;

  test("a LoadBalancer service template", () => {
    const problems = planted((copy) => {
      const templates = (installation(copy).spec!["templates"] as { serviceTemplates: { spec: Record<string, unknown> }[] })
        .serviceTemplates;
      templates[0]!.spec["type"] = "LoadBalancer";
    });
    expect(problems).toEqual([expect.stringMatching(/^ClickHouseInstallation .* serviceTemplate .* is of type LoadBalancer$/)]);
  });

  test("an Ingress, and a NodePort Service", () => {
    const problems = planted((copy) => {
      copy.push({ kind: "Ingress", metadata: { name: "play" }, spec: {} });
      copy.push({ kind: "Service", metadata: { name: "play" }, spec: { type: "NodePort" } });
    });
    expect(problems).toEqual(["Ingress play routes traffic in from outside the cluster", "Service play is of type NodePort"]);
  });
});

describe("docs/access.md says how people reach ClickHouse's HTTP UI", () => {
  test("a row names /play, the port-forward and the ClusterIP-only check", () => {
    const page = readFileSync(join(repoRoot(), "docs", "access.md"), "utf8");
    const row = page.split("\n").find((l) => l.startsWith("| ClickHouse HTTP interface"));
    expect(row).toContain("`/play`");
    expect(row).toContain("kubectl port-forward");
    expect(row).toContain("test/charts/clickhouse-exposure.test.ts");
  });
});
