import { resourcesOf, type TfJson } from "./synth";

/**
 * Kubernetes NetworkPolicy decided as the API documents it, over the kubernetes_network_policy_v1
 * resources of a synthesized stack (https://kubernetes.io/docs/concepts/services-networking/network-policies/,
 * read 2026-12-07): a pod selected by no policy of a direction accepts everything in that direction;
 * a selected pod accepts only what some rule of some selecting policy allows (policies add up, none
 * subtracts); a connection needs the sender's egress and the receiver's ingress. Traffic from the
 * pod's own node and from the pod itself is always allowed by Kubernetes and is not modelled here.
 */

/** A pod: its namespace, labels and IPv4 address (pods have VPC addresses with the VPC CNI). */
export type Pod = { readonly namespace: string; readonly labels: Readonly<Record<string, string>>; readonly ip: string };

type Expression = { key: string; operator: string; values?: string[] };
type Selector = { match_labels?: Record<string, string>; match_expressions?: Expression[] } | undefined;
type Peer = { pod_selector?: Selector; namespace_selector?: Selector; ip_block?: { cidr: string; except?: string[] } };
type Port = { port?: string; protocol?: string };
type Rule = { from?: Peer[]; to?: Peer[]; ports?: Port[] };
type PolicySpec = { pod_selector?: Selector; policy_types?: string[]; ingress?: Rule[]; egress?: Rule[] };
type Policy = { namespace: string; name: string; spec: PolicySpec };

/** The stack's namespaces (name to labels, with the automatic kubernetes.io/metadata.name) and policies. */
export type PolicyModel = { readonly namespaces: ReadonlyMap<string, Record<string, string>>; readonly policies: readonly Policy[] };

export function policyModel(json: TfJson): PolicyModel {
  const nsResources = resourcesOf(json, "kubernetes_namespace_v1") as Record<
    string,
    { metadata: { name: string; labels?: Record<string, string> } }
  >;
  const namespaces = new Map<string, Record<string, string>>();
  for (const ns of Object.values(nsResources))
    namespaces.set(ns.metadata.name, { ...ns.metadata.labels, "kubernetes.io/metadata.name": ns.metadata.name });
  const namespaceOf = (ref: string): string => {
    const id = /^\$\{kubernetes_namespace_v1\.([^.]+)\.metadata\[0\]\.name\}$/.exec(ref)?.[1];
    if (!id) return ref;
    const ns = nsResources[id];
    if (!ns) throw new Error(`network policy names an unknown namespace resource ${ref}`);
    return ns.metadata.name;
  };
  const raw = resourcesOf(json, "kubernetes_network_policy_v1") as Record<
    string,
    { metadata: { name: string; namespace: string }; spec: PolicySpec }
  >;
  const policies = Object.values(raw).map((p) => ({ namespace: namespaceOf(p.metadata.namespace), name: p.metadata.name, spec: p.spec }));
  return { namespaces, policies };
}

/** Label selector semantics (matchLabels and matchExpressions; an empty selector matches everything). */
export function selects(selector: Selector, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  const byLabel = Object.entries(selector.match_labels ?? {}).every(([k, v]) => labels[k] === v);
  return (
    byLabel &&
    (selector.match_expressions ?? []).every((e) => {
      const has = Object.prototype.hasOwnProperty.call(labels, e.key);
      const values = e.values ?? [];
      switch (e.operator) {
        case "In":
          return has && values.includes(labels[e.key]!);
        case "NotIn":
          return !has || !values.includes(labels[e.key]!);
        case "Exists":
          return has;
        case "DoesNotExist":
          return !has;
        default:
          throw new Error(`unknown selector operator ${e.operator}`);
      }
    })
  );
}

const ipv4 = (ip: string): number => ip.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
function inCidr(ip: string, cidr: string): boolean {
  if (cidr.includes(":")) return false;
  const [base, bits] = cidr.split("/");
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipv4(ip) / size) === Math.floor(ipv4(base!) / size);
}

function peerMatches(peer: Peer, policyNamespace: string, pod: Pod, model: PolicyModel): boolean {
  if (peer.ip_block) return inCidr(pod.ip, peer.ip_block.cidr) && !(peer.ip_block.except ?? []).some((c) => inCidr(pod.ip, c));
  const nsLabels = model.namespaces.get(pod.namespace) ?? { "kubernetes.io/metadata.name": pod.namespace };
  const namespaceOk = peer.namespace_selector ? selects(peer.namespace_selector, nsLabels) : pod.namespace === policyNamespace;
  return namespaceOk && (peer.pod_selector ? selects(peer.pod_selector, pod.labels) : true);
}

const portMatches = (ports: Port[] | undefined, port: number): boolean =>
  !ports || ports.length === 0 || ports.some((p) => (p.protocol ?? "TCP") === "TCP" && (p.port === undefined || p.port === String(port)));

function allowedBy(model: PolicyModel, direction: "Ingress" | "Egress", subject: Pod, peer: Pod, port: number): boolean {
  const selecting = model.policies.filter(
    (p) =>
      p.namespace === subject.namespace && (p.spec.policy_types ?? []).includes(direction) && selects(p.spec.pod_selector, subject.labels),
  );
  if (selecting.length === 0) return true;
  return selecting.some((p) =>
    ((direction === "Ingress" ? p.spec.ingress : p.spec.egress) ?? []).some((rule) => {
      const peers = direction === "Ingress" ? rule.from : rule.to;
      return portMatches(rule.ports, port) && (!peers || peers.length === 0 || peers.some((x) => peerMatches(x, p.namespace, peer, model)));
    }),
  );
}

/** Whether `from` may open a TCP connection to `to` on `port`: its egress and the target's ingress allow it. */
export function reaches(model: PolicyModel, from: Pod, to: Pod, port: number): boolean {
  return allowedBy(model, "Egress", from, to, port) && allowedBy(model, "Ingress", to, from, port);
}
