import { Construct } from "constructs";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import {
  NetworkPolicyV1,
  type NetworkPolicyV1SpecEgressTo,
  type NetworkPolicyV1SpecIngressFrom,
} from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { PropsProblems } from "../kit/validation";

/** Pod Security Standards level (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
export type PodSecurityLevel = "restricted" | "baseline";

/** Where traffic may come from or go to. Namespaces are matched by `kubernetes.io/metadata.name`. */
export interface TrafficPeer {
  /** Namespaces (all pods, or those matching podLabels). @default - none */
  readonly namespaces?: readonly string[];
  /** Pods of those namespaces (or of this namespace when namespaces is empty). @default - all pods */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** CIDR blocks (never 0.0.0.0/0 or ::/0). @default - none */
  readonly cidrs?: readonly string[];
}

export interface TrafficRule {
  /** Suffix of the NetworkPolicy name: `allow-<name>`. */
  readonly name: string;
  /** Pods of this namespace the rule applies to. @default - every pod of the namespace */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Peers; `"any-destination"` (egress only) needs a reason. */
  readonly peer: TrafficPeer | "any-destination";
  /** TCP ports. */
  readonly ports: readonly number[];
  /** Why the rule exists; required for "any-destination". @default - none */
  readonly reason?: string;
}

export interface ResourceBudget {
  /** ResourceQuota: total requests/limits of the namespace, Kubernetes quantities. */
  readonly requestsCpu: string;
  readonly requestsMemory: string;
  readonly limitsCpu: string;
  readonly limitsMemory: string;
  readonly pods: number;
  /** Total requested storage of the namespace's claims. @default - "0" (no volumes) */
  readonly requestsStorage?: string;
  /** LimitRange defaults for containers that set none. */
  readonly defaultRequest: { readonly cpu: string; readonly memory: string };
  readonly defaultLimit: { readonly cpu: string; readonly memory: string };
}

export interface GuardedNamespaceProps {
  /** Namespace name (DNS-1123 label). */
  readonly name: string;
  /** Enforced Pod Security Standards level. */
  readonly podSecurity: PodSecurityLevel;
  readonly budget: ResourceBudget;
  /** Ingress allowed on top of default-deny (same-namespace traffic is always allowed). @default - [] */
  readonly ingress?: readonly TrafficRule[];
  /** Egress allowed on top of default-deny (DNS and same-namespace always allowed). @default - [] */
  readonly egress?: readonly TrafficRule[];
  /** Extra namespace labels. @default - {} */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Values of `app.kubernetes.io/name` whose pods the rest of the namespace does not reach:
   * allow-same-namespace leaves them out, so only `ingress` rules that name them let traffic in (their
   * own traffic to the namespace stays allowed). @default - [] (every pod reaches every other)
   */
  readonly closedToNamespace?: readonly string[];
}

/** The label closedToNamespace matches (Kubernetes' recommended application-name label). */
export const APP_NAME_LABEL = "app.kubernetes.io/name";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const OPEN_CIDRS = new Set(["0.0.0.0/0", "::/0"]);

function validate(scope: Construct, props: GuardedNamespaceProps): void {
  const problems = new PropsProblems(scope);
  problems.require(DNS_LABEL.test(props.name), "name", props.name, "a DNS-1123 label (lower-case alphanumerics and '-', at most 63)");
  problems.require(Number.isInteger(props.budget.pods) && props.budget.pods >= 1, "budget.pods", props.budget.pods, "a whole number >= 1");
  for (const app of props.closedToNamespace ?? [])
    problems.require(DNS_LABEL.test(app), "closedToNamespace", app, `${APP_NAME_LABEL} values (DNS-1123 labels)`);
  for (const [kind, rules] of [
    ["ingress", props.ingress ?? []],
    ["egress", props.egress ?? []],
  ] as const) {
    const names = new Set<string>();
    for (const rule of rules) {
      const where = `${kind}["${rule.name}"]`;
      problems.require(DNS_LABEL.test(rule.name), `${where}.name`, rule.name, "a DNS-1123 label");
      problems.require(!names.has(rule.name), `${where}.name`, rule.name, "a rule name used once");
      names.add(rule.name);
      problems.require(rule.ports.length > 0, `${where}.ports`, rule.ports, "TCP ports 1-65535");
      for (const p of rule.ports) problems.require(Number.isInteger(p) && p >= 1 && p <= 65535, `${where}.ports`, p, "TCP ports 1-65535");
      if (rule.peer === "any-destination") {
        problems.require(kind === "egress", `${where}.peer`, rule.peer, "a peer for ingress (any-destination is for egress only)");
        problems.require(Boolean(rule.reason), `${where}.reason`, rule.reason, 'a reason, required when peer is "any-destination"');
        continue;
      }
      const { namespaces = [], cidrs = [], podLabels } = rule.peer;
      problems.require(
        namespaces.length > 0 || cidrs.length > 0 || podLabels !== undefined,
        `${where}.peer`,
        rule.peer,
        "at least one namespace, pod selector or CIDR",
      );
      for (const c of cidrs)
        problems.require(!OPEN_CIDRS.has(c), `${where}.peer.cidrs`, c, "the real ranges (this one opens the namespace to everything)");
    }
  }
  problems.throwIfAny();
}

function peers(peer: TrafficPeer, ownNamespace: string): (NetworkPolicyV1SpecIngressFrom & NetworkPolicyV1SpecEgressTo)[] {
  const out: (NetworkPolicyV1SpecIngressFrom & NetworkPolicyV1SpecEgressTo)[] = [];
  const podSelector = peer.podLabels ? { matchLabels: { ...peer.podLabels } } : undefined;
  for (const ns of peer.namespaces ?? []) {
    out.push({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } }, ...(podSelector ? { podSelector } : {}) });
  }
  if ((peer.namespaces ?? []).length === 0 && podSelector) {
    out.push({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ownNamespace } }, podSelector });
  }
  for (const cidr of peer.cidrs ?? []) out.push({ ipBlock: { cidr } });
  return out;
}

/**
 * A namespace that starts closed: Pod Security Standards enforced, a default-deny NetworkPolicy for
 * ingress and egress, explicit allows, a ResourceQuota and a LimitRange (NSA/CISA hardening 2.0,
 * 4.0/4.1; docs/reference/scanner-behaviour.md K7, K11, K13).
 */
export class GuardedNamespace extends Construct {
  readonly namespace: NamespaceV1;
  readonly name: string;

  constructor(scope: Construct, id: string, props: GuardedNamespaceProps) {
    super(scope, id);
    validate(this, props);
    this.name = props.name;
    const level = props.podSecurity;
    this.namespace = new NamespaceV1(this, "namespace", {
      metadata: {
        name: props.name,
        labels: {
          ...props.labels,
          "pod-security.kubernetes.io/enforce": level,
          "pod-security.kubernetes.io/enforce-version": "latest",
          // Warn and audit at restricted even where baseline is enforced, to show the gap.
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/audit": "restricted",
        },
      },
    });
    const namespace = this.namespace.metadata.name;
    const meta = (name: string) => ({ name, namespace });

    new NetworkPolicyV1(this, "default-deny", {
      metadata: meta("default-deny"),
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });
    const closed = [...(props.closedToNamespace ?? [])];
    new NetworkPolicyV1(this, "allow-same-namespace", {
      metadata: meta("allow-same-namespace"),
      spec: {
        // NotIn also selects pods without the label (Kubernetes label selector semantics).
        podSelector: closed.length ? { matchExpressions: [{ key: APP_NAME_LABEL, operator: "NotIn", values: closed }] } : {},
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [{ podSelector: {} }] }],
        egress: [{ to: [{ podSelector: {} }] }],
      },
    });
    if (closed.length) {
      // Policies only add: the closed pods keep their way out to the namespace through this one.
      new NetworkPolicyV1(this, "allow-same-namespace-egress", {
        metadata: meta("allow-same-namespace-egress"),
        spec: {
          podSelector: { matchExpressions: [{ key: APP_NAME_LABEL, operator: "In", values: closed }] },
          policyTypes: ["Egress"],
          egress: [{ to: [{ podSelector: {} }] }],
        },
      });
    }
    new NetworkPolicyV1(this, "allow-dns", {
      metadata: meta("allow-dns"),
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
              },
            ],
            ports: [
              { port: "53", protocol: "UDP" },
              { port: "53", protocol: "TCP" },
            ],
          },
        ],
      },
    });
    for (const rule of props.ingress ?? []) {
      if (rule.peer === "any-destination") continue;
      new NetworkPolicyV1(this, `ingress-${rule.name}`, {
        metadata: meta(`allow-ingress-${rule.name}`),
        spec: {
          podSelector: rule.podLabels ? { matchLabels: { ...rule.podLabels } } : {},
          policyTypes: ["Ingress"],
          ingress: [{ from: peers(rule.peer, props.name), ports: rule.ports.map((p) => ({ port: String(p), protocol: "TCP" })) }],
        },
      });
    }
    for (const rule of props.egress ?? []) {
      new NetworkPolicyV1(this, `egress-${rule.name}`, {
        metadata: {
          ...meta(`allow-egress-${rule.name}`),
          ...(rule.reason ? { annotations: { "platform.analytics/reason": rule.reason } } : {}),
        },
        spec: {
          podSelector: rule.podLabels ? { matchLabels: { ...rule.podLabels } } : {},
          policyTypes: ["Egress"],
          egress: [
            {
              ...(rule.peer === "any-destination" ? {} : { to: peers(rule.peer, props.name) }),
              ports: rule.ports.map((p) => ({ port: String(p), protocol: "TCP" })),
            },
          ],
        },
      });
    }

    const b = props.budget;
    new ResourceQuotaV1(this, "quota", {
      metadata: meta("budget"),
      spec: {
        hard: {
          "requests.cpu": b.requestsCpu,
          "requests.memory": b.requestsMemory,
          "limits.cpu": b.limitsCpu,
          "limits.memory": b.limitsMemory,
          pods: String(b.pods),
          "requests.storage": b.requestsStorage ?? "0",
        },
      },
    });
    new LimitRangeV1(this, "limits", {
      metadata: meta("container-defaults"),
      spec: {
        limit: [
          {
            type: "Container",
            defaultRequest: { cpu: b.defaultRequest.cpu, memory: b.defaultRequest.memory },
            default: { cpu: b.defaultLimit.cpu, memory: b.defaultLimit.memory },
          },
        ],
      },
    });
  }
}
