import { parse } from "yaml";
import { chartValuesProblems, type Values } from "../../constructs/platform/chart-values";
import { PLAN_READERS_GROUP } from "../../constructs/eks/names";
import { NAMESPACES } from "../../constructs/platform/names";
import { DATASOURCES } from "../../lib/dashboards/panels";
import { loadTestEventsPerSecond } from "../../lib/sizing/load-test-rate";
import { chartDir } from "../../lib/paths";
import { loadPlatformConfig } from "../../lib/config/load";
import { environmentsFixture, shippedFile } from "../helpers/fixtures";
import { buildStacks, resourcesOf, synthJson, type TfJson } from "../helpers/synth";

const config = loadPlatformConfig();
const stacks = buildStacks();
const synthesized = config.environments.map((env) => ({ env, json: synthJson(stacks.get(`${env.name}-platform`)!) }));
const cases = synthesized.map((s) => [s.env.name, s] as const);

type Release = { name: string; chart: string; version?: string; repository?: string; values: string[] };
const releases = (json: TfJson) => Object.values(resourcesOf(json, "helm_release")) as unknown as Release[];
const release = (json: TfJson, name: string) => releases(json).find((r) => r.name === name)!;
const valuesOf = (r: Release) => parse(r.values[0]!) as Values;

describe.each(cases)("%s platform stack", (_name, { env, json }) => {
  test("reads the cluster from the cluster stack and creates none of its own", () => {
    expect(resourcesOf(json, "aws_eks_cluster")).toEqual({});
    const [k8s] = json.provider!.kubernetes as { exec: { command: string; args: string[] }[]; host: string }[];
    expect(k8s!.exec[0]!.command).toBe("aws");
    expect(k8s!.exec[0]!.args).toEqual(expect.arrayContaining(["get-token", "--region", env.region, "--role-arn", "${" + "var.role_arn}"]));
    expect(json.provider!.helm).toHaveLength(1);
  });

  test("every remote chart is pinned to an exact version; local charts ship as assets", () => {
    for (const r of releases(json)) {
      if (r.repository) expect(r.version).toMatch(/^v?\d+\.\d+\.\d+$/);
      else expect(r.chart).toMatch(/^\.\/assets\//);
    }
  });

  test("the values of every local chart match its schema", () => {
    const local = releases(json).filter((r) => !r.repository);
    expect(local.map((r) => r.name).sort()).toEqual([
      "clickhouse-cluster",
      "load-test",
      "platform-alerts",
      "platform-dashboards",
      "platform-secrets",
    ]);
    for (const r of local) {
      const chart = /^\.\/assets\/(.+)_chart_/.exec(r.chart)![1]!;
      expect({ chart, problems: chartValuesProblems(chartDir(chart), valuesOf(r)) }).toEqual({ chart, problems: [] });
    }
  });

  test("Grafana reads CloudWatch in the environment's region with its own read-only IRSA role", () => {
    const grafana = valuesOf(release(json, "kube-prometheus-stack")).grafana as {
      serviceAccount: { annotations: Record<string, string> };
      additionalDataSources: { uid: string; type: string; jsonData: { authType: string; defaultRegion: string } }[];
    };
    expect(grafana.additionalDataSources).toEqual([
      expect.objectContaining({
        uid: DATASOURCES.cloudwatch.uid,
        type: "cloudwatch",
        jsonData: { authType: "default", defaultRegion: env.region },
      }),
    ]);
    const roles = Object.values(resourcesOf(json, "aws_iam_role")) as { name: string; assume_role_policy: string }[];
    const role = roles.find((r) => r.name === `${env.name}-grafana-cloudwatch`)!;
    expect(grafana.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).toMatch(
      /^\$\{aws_iam_role\.grafana-cloudwatch-access_role_.+\.arn\}$/,
    );
    expect(role.assume_role_policy).toContain(`system:serviceaccount:${NAMESPACES.observability}:kube-prometheus-stack-grafana`);
    const policies = Object.values(resourcesOf(json, "aws_iam_role_policy")) as { name: string; policy: string }[];
    const actions = (
      JSON.parse(policies.find((p) => p.name === "cloudwatch-read")!.policy) as { Statement: { Action: string[] }[] }
    ).Statement.flatMap((s) => s.Action);
    expect(actions.every((a) => /^(cloudwatch|ec2|tag):(Describe|List|Get)/.test(a))).toBe(true);
  });

  test("Prometheus scrapes the brokers the data layer's MSK cluster reports", () => {
    const [nodes] = Object.values((json.data?.["aws_msk_broker_nodes"] ?? {}) as Record<string, { cluster_arn: string }>);
    expect(nodes!.cluster_arn).toMatch(/aws_msk_cluster\..+\.arn/);
    const brokers = (valuesOf(release(json, "platform-dashboards")).msk as { brokers: string }).brokers;
    const local = /^\$\{local\.(.+)\}$/.exec(brokers)![1]!;
    expect(String((json as { locals?: Record<string, unknown> }).locals?.[local])).toMatch(
      /^\$\{join\(",", flatten\(data\.aws_msk_broker_nodes\..+\.node_info_list\[\*\]\.endpoints\)\)\}$/,
    );
  });

  test("alert rules follow the environment's ingestion settings", () => {
    expect(valuesOf(release(json, "platform-alerts"))).toMatchObject({ keeper: { members: 3 }, ingestion: env.alerts.ingestion });
  });

  test("no secret value passes through Terraform: only names, ARNs and references", () => {
    const sensitiveKey = /pass(word)?|secret|token|credential/i;
    const allowedValue = /^(\$\{[^}]+\}|[a-z0-9]([-a-z0-9]*[a-z0-9])?|arn:aws[-a-z]*:[^\s]+|[a-z0-9-]+\/[a-z0-9/-]+)$/;
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${where}[${i}]`));
      else if (node && typeof node === "object") {
        for (const [k, v] of Object.entries(node)) {
          if (sensitiveKey.test(k) && typeof v === "string")
            expect({ where: `${where}.${k}`, ok: allowedValue.test(v) }).toEqual({ where: `${where}.${k}`, ok: true });
          walk(v, `${where}.${k}`);
        }
      }
    };
    for (const r of releases(json)) walk(valuesOf(r), r.name);
    for (const [id, cm] of Object.entries(resourcesOf(json, "kubernetes_config_map_v1"))) walk(cm, id);
    // Reading a secret's value in Terraform would store it in state.
    expect(json.data?.aws_secretsmanager_secret_version).toBeUndefined();
    expect(resourcesOf(json, "kubernetes_secret_v1")).toEqual({});
    expect(resourcesOf(json, "aws_secretsmanager_secret_version")).toEqual({});
  });

  test("ClickHouse runs shards x replicas from the environment, spread over its zones", () => {
    const values = valuesOf(release(json, "clickhouse-cluster"));
    const placement = values.placement as string[][];
    expect(placement).toHaveLength(env.clickhouse.shards);
    for (const shard of placement) expect(new Set(shard).size).toBe(env.clickhouse.replicas);
    expect(values.zones).toEqual(env.availabilityZones);
    expect(values.storage).toEqual({ storageClass: "gp3-encrypted", size: `${env.clickhouse.volumeSizeGiB}Gi` });
    expect(values.tolerations).toEqual([{ key: "dedicated", operator: "Equal", value: "clickhouse", effect: "NoSchedule" }]);
  });

  test("each platform namespace starts from default-deny, with pod security, quota and limits", () => {
    const namespaces = Object.entries(resourcesOf(json, "kubernetes_namespace_v1")) as [
      string,
      { metadata: { name: string; labels: Record<string, string> } },
    ][];
    const policies = Object.values(resourcesOf(json, "kubernetes_network_policy_v1")) as {
      metadata: { name: string; namespace: string };
      spec: { pod_selector: unknown; policy_types: string[] };
    }[];
    for (const ns of Object.values(NAMESPACES)) {
      const [id, resource] = namespaces.find(([, n]) => n.metadata.name === ns)!;
      expect(resource.metadata.labels["pod-security.kubernetes.io/enforce"]).toMatch(/^(restricted|baseline)$/);
      // Policies name their namespace through a reference to the namespace resource.
      const deny = policies.find(
        (p) => p.metadata.name === "default-deny" && p.metadata.namespace.includes(`kubernetes_namespace_v1.${id}.`),
      );
      expect(deny?.spec).toEqual({ pod_selector: {}, policy_types: ["Ingress", "Egress"] });
    }
    expect(Object.keys(resourcesOf(json, "kubernetes_resource_quota_v1"))).toHaveLength(4);
    expect(Object.keys(resourcesOf(json, "kubernetes_limit_range_v1"))).toHaveLength(4);
  });

  test("no network policy opens a namespace to the whole internet by CIDR", () => {
    const text = JSON.stringify(resourcesOf(json, "kubernetes_network_policy_v1"));
    expect(text).not.toMatch(/"cidr":"(0\.0\.0\.0\/0|::\/0)"/);
  });

  test("only the app namespace accepts ClickHouse queries", () => {
    const policies = Object.values(resourcesOf(json, "kubernetes_network_policy_v1")) as {
      metadata: { name: string };
      spec: { ingress?: { from: unknown[]; ports: { port: string }[] }[] };
    }[];
    const queryIngress = policies.filter((p) =>
      (p.spec.ingress ?? []).some((i) => i.ports?.some((port) => port.port === "8123" || port.port === "9000")),
    );
    expect(queryIngress.map((p) => p.metadata.name)).toEqual(["allow-ingress-app-queries"]);
    expect(JSON.stringify(queryIngress[0]!.spec.ingress)).toContain(`"kubernetes.io/metadata.name":"${NAMESPACES.app}"`);
  });

  test("volumes are retained in production and released in staging", () => {
    const [sc] = Object.values(resourcesOf(json, "kubernetes_storage_class_v1")) as { reclaim_policy: string }[];
    expect(sc!.reclaim_policy).toBe(env.tier === "production" ? "Retain" : "Delete");
  });

  test("the load test runs at the expected rate x headroom, on only where the environment enables it", () => {
    const values = valuesOf(release(json, "load-test"));
    expect(values).toMatchObject({
      enabled: env.loadTest.enabled,
      schedule: env.loadTest.schedule,
      eventsPerSecond: loadTestEventsPerSecond(env.eventsPerMonth, env.loadTest.headroomFactor),
    });
  });

  test("the autoscaler matches the cluster's minor and the load balancer controller gets its VPC explicitly", () => {
    const autoscaler = valuesOf(release(json, "cluster-autoscaler")) as { image: { tag: string }; autoDiscovery: { clusterName: string } };
    expect(autoscaler.image.tag.startsWith(`v${env.kubernetes.version}.`)).toBe(true);
    // Pods cannot read IMDS (hop limit 1), so region and VPC are passed.
    expect(valuesOf(release(json, "aws-load-balancer-controller"))).toMatchObject({
      region: env.region,
      vpcId: expect.stringMatching(/^\$\{data\.aws_eks_cluster\./),
    });
  });

  test("IRSA service accounts carry the cluster stack's role ARNs", () => {
    const values = (name: string) => JSON.stringify(valuesOf(release(json, name)));
    expect(values("aws-load-balancer-controller")).toMatch(/"eks.amazonaws.com\/role-arn":"\$\{[^}]+\}"/);
    if (env.dns.hostedZoneIds.length > 0) expect(values("external-dns")).toMatch(/"eks.amazonaws.com\/role-arn":"\$\{[^}]+\}"/);
    expect(values("cluster-autoscaler")).toMatch(/"eks.amazonaws.com\/role-arn":"\$\{[^}]+\}"/);
    const accounts = Object.values(resourcesOf(json, "kubernetes_service_account_v1")) as {
      metadata: { name: string; annotations: Record<string, string> };
      automount_service_account_token: boolean;
    }[];
    expect(accounts.map((sa) => sa.metadata.name)).toContain("clickhouse-backup");
    for (const sa of accounts) {
      expect(sa.metadata.annotations["eks.amazonaws.com/role-arn"]).toMatch(/^\$\{/);
      expect(sa.automount_service_account_token).toBe(false);
    }
  });
});

/**
 * Kubernetes resource types the `view` role (AmazonEKSViewPolicy) can read (Kubernetes docs, "Using
 * RBAC Authorization: user-facing roles"): every other type in the stack needs a grant to the plan
 * readers, or a plan's refresh fails.
 */
const READABLE_BY_VIEW = new Set([
  "kubernetes_namespace_v1",
  "kubernetes_config_map_v1",
  "kubernetes_service_account_v1",
  "kubernetes_network_policy_v1",
  "kubernetes_resource_quota_v1",
  "kubernetes_limit_range_v1",
  "kubernetes_service_v1",
  "kubernetes_deployment_v1",
  "kubernetes_pod_disruption_budget_v1",
]);
type Rule = { api_groups: string[]; resources: string[]; verbs: string[]; resource_names?: string[] };
type Rbac = {
  metadata: { name: string; namespace?: string };
  rule?: Rule[];
  role_ref?: { kind: string; name: string };
  subject?: { kind: string; name: string }[];
};

describe.each(cases)("%s: plans can refresh what they read", (_name, { json }) => {
  const all = <T>(type: string) => Object.values(resourcesOf(json, type)) as unknown as T[];
  const boundToPlanReaders = (b: Rbac) => (b.subject ?? []).some((s) => s.kind === "Group" && s.name === PLAN_READERS_GROUP);
  const rolesBound = (bindingType: string, roleType: string) => {
    const roles = all<Rbac>(roleType);
    return all<Rbac>(bindingType)
      .filter(boundToPlanReaders)
      .map((b) => roles.find((r) => r.metadata.name === b.role_ref!.name && r.metadata.namespace === b.metadata.namespace)!);
  };
  const grants = (r: Rbac, resource: string, verbs: string[]) =>
    (r.rule ?? []).some((rule) => rule.resources.includes(resource) && verbs.every((v) => rule.verbs.includes(v)));

  test("the namespaces holding Helm releases are exactly those where the plan readers may read secrets", () => {
    const helmNamespaces = new Set(releases(json).map((r) => (r as unknown as { namespace: string }).namespace));
    const secretNamespaces = new Set(
      rolesBound("kubernetes_role_binding_v1", "kubernetes_role_v1")
        .filter((r) => grants(r, "secrets", ["get", "list", "watch"]))
        .map((r) => r.metadata.namespace),
    );
    expect([...secretNamespaces].sort()).toEqual([...helmNamespaces].sort());
  });

  test("no cluster-wide secret reads, and cluster-scoped reads only by name", () => {
    for (const r of all<Rbac>("kubernetes_cluster_role_v1")) {
      expect(grants(r, "secrets", ["get"]) || grants(r, "secrets", ["list"])).toBe(false);
      for (const rule of r.rule ?? []) expect(rule.resource_names?.length).toBeGreaterThan(0);
    }
  });

  test("every managed Kubernetes type is readable by view or granted to the plan readers by name", () => {
    const namespaced = rolesBound("kubernetes_role_binding_v1", "kubernetes_role_v1");
    const clusterWide = rolesBound("kubernetes_cluster_role_binding_v1", "kubernetes_cluster_role_v1");
    const readable = (resource: string, name: string, namespace?: string) =>
      [...(namespace ? namespaced.filter((r) => r.metadata.namespace === namespace) : []), ...clusterWide].some((r) =>
        (r.rule ?? []).some(
          (rule) =>
            rule.resources.includes(resource) && rule.verbs.includes("get") && (!rule.resource_names || rule.resource_names.includes(name)),
        ),
      );
    const plural: Record<string, string> = {
      kubernetes_storage_class_v1: "storageclasses",
      kubernetes_role_v1: "roles",
      kubernetes_role_binding_v1: "rolebindings",
      kubernetes_cluster_role_v1: "clusterroles",
      kubernetes_cluster_role_binding_v1: "clusterrolebindings",
    };
    const types = Object.keys(json.resource ?? {}).filter((t) => t.startsWith("kubernetes_"));
    for (const type of types.filter((t) => !READABLE_BY_VIEW.has(t))) {
      expect([type, plural[type] !== undefined]).toEqual([type, true]);
      for (const r of all<Rbac>(type))
        expect([type, r.metadata.name, readable(plural[type]!, r.metadata.name, r.metadata.namespace)]).toEqual([
          type,
          r.metadata.name,
          true,
        ]);
    }
  });
});

describe("external-dns follows dns.hostedZoneIds", () => {
  const platformOf = (dns: string) => {
    const cfg = loadPlatformConfig(environmentsFixture({ "staging.yaml": `${shippedFile("staging.yaml")}${dns}` }));
    return synthJson(buildStacks(cfg, { environments: ["staging"] }).get("staging-platform")!);
  };

  test("installed with a zone filter of exactly the environment's zones", () => {
    const zones = ["Z0123456789ABCDEFGHIJ", "Z2OTHERZONE"];
    const values = valuesOf(release(platformOf(`dns:\n  hostedZoneIds: [${zones.join(", ")}]\n`), "external-dns")) as {
      extraArgs: string[];
      txtOwnerId: string;
    };
    expect(values.extraArgs).toEqual(zones.map((z) => `--zone-id-filter=${z}`));
    expect(values.txtOwnerId).toEqual(expect.any(String));
  });

  test("not installed without hosted zones (it would have nothing it may change)", () => {
    expect(releases(platformOf("dns:\n  hostedZoneIds: []\n")).map((r) => r.name)).not.toContain("external-dns");
  });
});

test("production keeps load tests off by default, staging runs them", () => {
  const enabled = Object.fromEntries(synthesized.map(({ env, json }) => [env.tier, valuesOf(release(json, "load-test")).enabled]));
  expect(enabled).toEqual({ production: false, staging: true });
});
