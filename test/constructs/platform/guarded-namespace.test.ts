import { Testing, TerraformStack } from "cdktf";
import { GuardedNamespace, type GuardedNamespaceProps } from "../../../constructs/platform/guarded-namespace";
import { resourcesOf, type TfJson } from "../../helpers/synth";

const budget: GuardedNamespaceProps["budget"] = {
  requestsCpu: "4",
  requestsMemory: "8Gi",
  limitsCpu: "8",
  limitsMemory: "16Gi",
  pods: 20,
  defaultRequest: { cpu: "100m", memory: "128Mi" },
  defaultLimit: { cpu: "500m", memory: "512Mi" },
};

function synth(props: Partial<GuardedNamespaceProps> = {}): TfJson {
  const stack = new TerraformStack(Testing.app(), "test");
  new GuardedNamespace(stack, "ns", { name: "sample", podSecurity: "restricted", budget, ...props });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

type Policy = {
  metadata: { name: string };
  spec: {
    pod_selector: unknown;
    policy_types: string[];
    egress?: { to?: { ip_block?: { cidr: string } }[]; ports: { port: string }[] }[];
    ingress?: unknown[];
  };
};
const policies = (json: TfJson) => Object.values(resourcesOf(json, "kubernetes_network_policy_v1")) as unknown as Policy[];

describe("GuardedNamespace defaults are secure", () => {
  const json = synth();

  test("denies all ingress and egress by default", () => {
    const deny = policies(json).find((p) => p.metadata.name === "default-deny");
    expect(deny?.spec).toEqual({ pod_selector: {}, policy_types: ["Ingress", "Egress"] });
  });

  test("allows only DNS and same-namespace traffic without explicit rules", () => {
    expect(
      policies(json)
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(["allow-dns", "allow-same-namespace", "default-deny"]);
  });

  test("enforces the pod security level and warns at restricted", () => {
    const [ns] = Object.values(resourcesOf(json, "kubernetes_namespace_v1")) as { metadata: { labels: Record<string, string> } }[];
    expect(ns!.metadata.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/audit": "restricted",
    });
  });

  test("has a ResourceQuota (no storage unless granted) and container defaults", () => {
    const [quota] = Object.values(resourcesOf(json, "kubernetes_resource_quota_v1")) as { spec: { hard: Record<string, string> } }[];
    expect(quota!.spec.hard).toMatchObject({ "requests.cpu": "4", "limits.memory": "16Gi", pods: "20", "requests.storage": "0" });
    expect(Object.keys(resourcesOf(json, "kubernetes_limit_range_v1"))).toHaveLength(1);
  });
});

describe("GuardedNamespace rules", () => {
  test("an any-destination egress rule carries its reason and opens only the named ports", () => {
    const json = synth({ egress: [{ name: "aws", peer: "any-destination", ports: [443], reason: "S3" }] });
    const rule = policies(json).find((p) => p.metadata.name === "allow-egress-aws");
    expect(rule?.spec.egress).toEqual([{ ports: [{ port: "443", protocol: "TCP" }] }]);
  });

  test("namespace peers are matched by their metadata name label", () => {
    const json = synth({ ingress: [{ name: "app", peer: { namespaces: ["posthog"] }, ports: [8123] }] });
    const rule = policies(json).find((p) => p.metadata.name === "allow-ingress-app");
    expect(rule?.spec.ingress).toEqual([
      {
        from: [{ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "posthog" } } }],
        ports: [{ port: "8123", protocol: "TCP" }],
      },
    ]);
  });
});

describe("GuardedNamespace closedToNamespace", () => {
  const closed = policies(synth({ closedToNamespace: ["grafana"] }));
  const byName = (name: string) => closed.find((p) => p.metadata.name === name)?.spec;

  test("leaves the closed pods out of allow-same-namespace (pods without the label stay in)", () => {
    expect(byName("allow-same-namespace")?.pod_selector).toEqual({
      match_expressions: [{ key: "app.kubernetes.io/name", operator: "NotIn", values: ["grafana"] }],
    });
  });

  test("keeps the closed pods' own traffic to the namespace, and nothing into them", () => {
    expect(byName("allow-same-namespace-egress")).toEqual({
      pod_selector: { match_expressions: [{ key: "app.kubernetes.io/name", operator: "In", values: ["grafana"] }] },
      policy_types: ["Egress"],
      egress: [{ to: [{ pod_selector: {} }] }],
    });
  });

  test("changes nothing when no application is closed", () => {
    expect(policies(synth({ closedToNamespace: [] })).map((p) => p.metadata.name)).not.toContain("allow-same-namespace-egress");
  });
});

describe("GuardedNamespace throws when", () => {
  const cases: [string, Partial<GuardedNamespaceProps>, string][] = [
    [
      "the name is not a DNS label",
      { name: "Bad_Name" },
      "test/ns: name: a DNS-1123 label (lower-case alphanumerics and '-', at most 63) (got \"Bad_Name\")",
    ],
    ["pods is not a positive whole number", { budget: { ...budget, pods: 0 } }, "test/ns: budget.pods: a whole number >= 1 (got 0)"],
    [
      "a rule allows 0.0.0.0/0",
      { egress: [{ name: "open", peer: { cidrs: ["0.0.0.0/0"] }, ports: [443] }] },
      'test/ns: egress["open"].peer.cidrs: the real ranges (this one opens the namespace to everything) (got "0.0.0.0/0")',
    ],
    [
      "a rule allows ::/0",
      { ingress: [{ name: "open", peer: { cidrs: ["::/0"] }, ports: [443] }] },
      'test/ns: ingress["open"].peer.cidrs: the real ranges (this one opens the namespace to everything) (got "::/0")',
    ],
    [
      "a port is out of range",
      { egress: [{ name: "p", peer: { cidrs: ["10.0.0.0/8"] }, ports: [70000] }] },
      'test/ns: egress["p"].ports: TCP ports 1-65535 (got 70000)',
    ],
    [
      "a rule has no ports",
      { egress: [{ name: "p", peer: { cidrs: ["10.0.0.0/8"] }, ports: [] }] },
      'test/ns: egress["p"].ports: TCP ports 1-65535 (got [])',
    ],
    [
      "any-destination has no reason",
      { egress: [{ name: "p", peer: "any-destination", ports: [443] }] },
      'test/ns: egress["p"].reason: a reason, required when peer is "any-destination" (got nothing)',
    ],
    [
      "any-destination is used for ingress",
      { ingress: [{ name: "p", peer: "any-destination", ports: [443], reason: "x" }] },
      'test/ns: ingress["p"].peer: a peer for ingress (any-destination is for egress only) (got "any-destination")',
    ],
    [
      "a peer names nothing",
      { ingress: [{ name: "p", peer: {}, ports: [443] }] },
      'test/ns: ingress["p"].peer: at least one namespace, pod selector or CIDR (got {})',
    ],
    [
      "a closed application is not a label value",
      { closedToNamespace: ["Grafana!"] },
      'test/ns: closedToNamespace: app.kubernetes.io/name values (DNS-1123 labels) (got "Grafana!")',
    ],
    [
      "two rules share a name",
      {
        ingress: [
          { name: "p", peer: { namespaces: ["a"] }, ports: [1] },
          { name: "p", peer: { namespaces: ["b"] }, ports: [1] },
        ],
      },
      'test/ns: ingress["p"].name: a rule name used once (got "p")',
    ],
  ];
  test.each(cases)("%s", (_what, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test("all problems are reported at once", () => {
    expect(() => synth({ name: "Bad", budget: { ...budget, pods: 0 } })).toThrow(/DNS-1123[\s\S]*budget\.pods/);
  });
});
