import { parse as parseYaml } from "yaml";
import type { Rule, StackView, TfResource } from "../types";
import { at, bool, first, isObject, num, OPEN_CIDRS, show, type Config } from "../tf";
import { required } from "../../defined";
import { lastPart } from "../../text";

/** Where each workload type keeps its pod spec (docs/reference/scanner-behaviour.md §2.2 `W`). */
const POD_SPEC_PATH: Readonly<Record<string, string>> = {
  kubernetes_deployment_v1: "spec.template.spec",
  kubernetes_deployment: "spec.template.spec",
  kubernetes_stateful_set_v1: "spec.template.spec",
  kubernetes_stateful_set: "spec.template.spec",
  kubernetes_daemon_set_v1: "spec.template.spec",
  kubernetes_daemonset: "spec.template.spec",
  kubernetes_job_v1: "spec.template.spec",
  kubernetes_job: "spec.template.spec",
  kubernetes_cron_job_v1: "spec.job_template.spec.template.spec",
  kubernetes_cron_job: "spec.job_template.spec.template.spec",
  kubernetes_pod_v1: "spec",
  kubernetes_pod: "spec",
};
export const WORKLOAD_TYPES = Object.keys(POD_SPEC_PATH);
const LONG_RUNNING = WORKLOAD_TYPES.filter((t) => !/job|pod/.test(t));

const podSpec = (r: TfResource): Config =>
  (at(r.config, required(POD_SPEC_PATH[r.type], `pod spec path of ${r.type}`)).find(isObject) ?? {}) as Config;

interface Container {
  readonly name: string;
  readonly c: Config;
}
const containers = (r: TfResource, withInit = true): Container[] => {
  const spec = podSpec(r);
  const list = [...at(spec, "container"), ...(withInit ? at(spec, "init_container") : [])].filter(isObject);
  return list.map((c) => ({ name: String(c["name"] ?? "?"), c }));
};

/** A problem per container failing the predicate. */
const perContainer =
  (fails: (c: Config, pod: Config) => string | undefined, withInit = true) =>
  (r: TfResource) =>
    containers(r, withInit).flatMap(({ name, c }) => {
      const p = fails(c, podSpec(r));
      return p ? [`container ${name}: ${p}`] : [];
    });

const NAMESPACED = [
  ...WORKLOAD_TYPES,
  "kubernetes_service_v1",
  "kubernetes_secret_v1",
  "kubernetes_config_map_v1",
  "kubernetes_service_account_v1",
  "kubernetes_role_v1",
  "kubernetes_role_binding_v1",
  "kubernetes_network_policy_v1",
  "kubernetes_resource_quota_v1",
  "kubernetes_limit_range_v1",
  "kubernetes_pod_disruption_budget_v1",
  "helm_release",
];

const namespaceOf = (r: TfResource): unknown => (r.type === "helm_release" ? r.config["namespace"] : first(r.config, "metadata.namespace"));

/** Resources of `type` living in the namespace a kubernetes_namespace_v1 declares. */
function inNamespace(type: string, ns: TfResource, s: StackView): TfResource[] {
  const name = first(ns.config, "metadata.name");
  return s.ofType(type).filter((r) => {
    const v = namespaceOf(r);
    return typeof v === "string" && (v === name || v.includes(`\${${ns.address}.`));
  });
}

const NAMESPACE_TYPES = ["kubernetes_namespace_v1", "kubernetes_namespace"];
const SECRET_KEY = /(password|passwd|token|api_?key|secret_?key|secretaccesskey|private_?key)$/i;
const isLiteral = (v: unknown): boolean => typeof v === "string" && v !== "" && !v.includes("${");

const parsedValues = new WeakMap<TfResource, unknown[]>();

/** Parsed helm values documents (YAML strings; unparseable ones are reported by HELM-05). */
function helmValues(r: TfResource): unknown[] {
  const cached = parsedValues.get(r);
  if (cached) return cached;
  const docs = at(r.config, "values").flatMap((v) => {
    try {
      return [parseYaml(String(v))];
    } catch {
      return [];
    }
  });
  parsedValues.set(r, docs);
  return docs;
}

/** Every key/value pair of a parsed YAML tree, with its dotted path. */
function walk(v: unknown, path = ""): [string, unknown][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => walk(x, `${path}[${i}]`));
  if (!isObject(v)) return [];
  return Object.entries(v).flatMap(([k, x]) => [
    [path ? `${path}.${k}` : k, x] as [string, unknown],
    ...walk(x, path ? `${path}.${k}` : k),
  ]);
}

export const kubernetesRules: Rule[] = [
  {
    id: "K8S-01",
    title: "No privileged containers",
    mirrors: ["CKV_K8S_16", "KSV-0017", "C-0057", "NSA 1.2"],
    resourceTypes: WORKLOAD_TYPES,
    severity: "high",
    soc2: ["CC6.1 (inf.)"],
    fix: "Remove security_context.privileged.",
    check: perContainer((c) => (bool(first(c, "security_context.privileged")) === true ? "privileged is true" : undefined)),
  },
  {
    id: "K8S-02",
    title: "No privilege escalation",
    mirrors: ["CKV_K8S_20", "KSV-0001", "C-0016", "NSA 1.7"],
    resourceTypes: WORKLOAD_TYPES,
    severity: "medium",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set security_context.allow_privilege_escalation = false on every container.",
    check: perContainer((c) =>
      bool(first(c, "security_context.allow_privilege_escalation")) === false ? undefined : "allow_privilege_escalation is not false",
    ),
  },
  {
    id: "K8S-03",
    title: "Containers run as non-root",
    mirrors: ["KSV-0012", "KSV-0020", "C-0013", "NSA 1.0"],
    resourceTypes: WORKLOAD_TYPES,
    severity: "medium",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set security_context.run_as_non_root = true (pod or container) and a non-zero run_as_user.",
    check: perContainer((c, pod) => {
      const nonRoot = bool(first(c, "security_context.run_as_non_root")) ?? bool(first(pod, "security_context.run_as_non_root"));
      const uid = num(first(c, "security_context.run_as_user")) ?? num(first(pod, "security_context.run_as_user"));
      if (nonRoot !== true) return "run_as_non_root is not true";
      return uid === 0 ? "run_as_user is 0" : undefined;
    }),
  },
  {
    id: "K8S-04",
    title: "Read-only root filesystem",
    mirrors: ["CKV_K8S_22", "KSV-0014", "C-0017", "NSA 1.1"],
    resourceTypes: WORKLOAD_TYPES,
    severity: "high",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set security_context.read_only_root_filesystem = true and mount emptyDir where the process writes.",
    check: perContainer((c) =>
      bool(first(c, "security_context.read_only_root_filesystem")) === true ? undefined : "read_only_root_filesystem is not true",
    ),
  },
  {
    id: "K8S-05",
    title: "All capabilities dropped",
    mirrors: ["CKV_K8S_28", "CKV_K8S_37", "KSV-0003", "C-0046"],
    resourceTypes: WORKLOAD_TYPES,
    severity: "low",
    soc2: ["CC6.1 (inf.)"],
    fix: 'Set security_context.capabilities.drop = ["ALL"].',
    check: perContainer((c) => (at(c, "security_context.capabilities.drop").includes("ALL") ? undefined : "capabilities.drop lacks ALL")),
  },
  {
    id: "K8S-06",
    title: "No added capabilities beyond NET_BIND_SERVICE",
    mirrors: ["CKV_K8S_39", "KSV-0005", "KSV-0022", "C-0046"],
    resourceTypes: WORKLOAD_TYPES,
    severity: "high",
    soc2: ["CC6.1 (inf.)"],
    fix: "Remove capabilities.add (NET_BIND_SERVICE is the only allowed one).",
    check: perContainer((c) => {
      const added = at(c, "security_context.capabilities.add").filter((x) => x !== "NET_BIND_SERVICE");
      return added.length ? `adds ${added.join(", ")}` : undefined;
    }),
  },
  {
    id: "K8S-07",
    title: "No host namespaces",
    mirrors: ["CKV_K8S_17", "CKV_K8S_18", "CKV_K8S_19", "KSV-0008", "KSV-0009", "KSV-0010", "C-0038", "C-0041"],
    resourceTypes: WORKLOAD_TYPES,
    severity: "high",
    soc2: ["CC6.1 (inf.)"],
    fix: "Remove host_pid, host_ipc and host_network.",
    check: (r) => ["host_pid", "host_ipc", "host_network"].filter((k) => bool(podSpec(r)[k]) === true).map((k) => `${k} is true`),
  },
  {
    id: "K8S-08",
    title: "CPU and memory limits",
    mirrors: ["CKV_K8S_11", "CKV_K8S_13", "KSV-0011", "KSV-0018", "C-0009"],
    resourceTypes: WORKLOAD_TYPES,
    severity: "low",
    soc2: ["A1.2 (inf.)"],
    fix: "Set resources.limits.cpu and resources.limits.memory on every container.",
    check: perContainer((c) => {
      const l = first(c, "resources.limits");
      return isObject(l) && l["cpu"] && l["memory"] ? undefined : `resources.limits is ${show(l)}`;
    }, false),
  },
  {
    id: "K8S-09",
    title: "CPU and memory requests",
    mirrors: ["CKV_K8S_10", "CKV_K8S_12", "KSV-0015", "KSV-0016"],
    resourceTypes: WORKLOAD_TYPES,
    severity: "low",
    soc2: ["A1.2 (inf.)"],
    fix: "Set resources.requests.cpu and resources.requests.memory on every container.",
    check: perContainer((c) => {
      const q = first(c, "resources.requests");
      return isObject(q) && q["cpu"] && q["memory"] ? undefined : `resources.requests is ${show(q)}`;
    }, false),
  },
  {
    id: "K8S-10",
    title: "Explicit, non-default namespace",
    mirrors: ["CKV_K8S_21", "KSV-0110", "C-0061"],
    resourceTypes: NAMESPACED,
    severity: "low",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set metadata.namespace (helm: namespace) to the component's own namespace.",
    check: (r) => {
      const ns = namespaceOf(r);
      return !ns || ns === "default" ? `namespace is ${show(ns)}` : undefined;
    },
  },
  {
    id: "K8S-11",
    title: "Service accounts do not automount tokens",
    mirrors: ["CKV_K8S_41", "KSV-0036", "C-0034", "NSA 1.11"],
    resourceTypes: ["kubernetes_service_account_v1", "kubernetes_service_account"],
    severity: "medium",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set automount_service_account_token = false; mount a projected token only in pods that call the API.",
    check: (r) =>
      bool(r.config["automount_service_account_token"]) === false ? undefined : "automount_service_account_token is not false",
  },
  {
    id: "K8S-12",
    title: "Pods do not use the default service account",
    mirrors: ["CKV_K8S_42", "KSV-0036"],
    resourceTypes: WORKLOAD_TYPES,
    severity: "medium",
    soc2: ["CC6.1 (inf.)"],
    fix: "Set service_account_name to the workload's own service account.",
    check: (r) => {
      const sa = podSpec(r)["service_account_name"];
      return !sa || sa === "default" ? `service_account_name is ${show(sa)}` : undefined;
    },
  },
  {
    id: "K8S-13",
    title: "No bindings to default service accounts",
    mirrors: ["CKV_K8S_42", "C-0034"],
    resourceTypes: ["kubernetes_role_binding_v1", "kubernetes_cluster_role_binding_v1"],
    severity: "medium",
    soc2: ["CC6.3 (inf.)"],
    fix: "Bind a dedicated service account.",
    check: (r) =>
      at(r.config, "subject")
        .filter(isObject)
        .some((s) => s["kind"] === "ServiceAccount" && s["name"] === "default")
        ? "binds the default service account"
        : undefined,
  },
  {
    id: "K8S-14",
    title: "No RBAC wildcards",
    mirrors: ["CKV_K8S_49", "KSV-0044", "KSV-0045", "KSV-0046", "C-0035"],
    resourceTypes: ["kubernetes_role_v1", "kubernetes_cluster_role_v1"],
    severity: "critical",
    soc2: ["CC6.3 (inf.)"],
    fix: "List api_groups, resources and verbs explicitly.",
    check: (r) =>
      at(r.config, "rule")
        .filter(isObject)
        .flatMap((rule, i) => (["api_groups", "resources", "verbs"].some((k) => at(rule, k).includes("*")) ? [`rule ${i} uses "*"`] : [])),
  },
  {
    id: "K8S-15",
    title: "No reading secrets cluster-wide",
    mirrors: ["KSV-0041", "C-0015"],
    resourceTypes: ["kubernetes_cluster_role_v1"],
    severity: "high",
    soc2: ["CC6.3 (inf.)"],
    fix: "Grant get/list/watch on secrets only in a namespaced Role, ideally with resource_names.",
    check: (r) =>
      at(r.config, "rule")
        .filter(isObject)
        .some(
          (rule) =>
            at(rule, "resources").includes("secrets") && at(rule, "verbs").some((v) => ["get", "list", "watch"].includes(String(v))),
        )
        ? "reads secrets in every namespace"
        : undefined,
  },
  {
    id: "K8S-16",
    title: "No cluster-admin bindings",
    mirrors: ["KSV-0111", "C-0035"],
    resourceTypes: ["kubernetes_cluster_role_binding_v1", "kubernetes_role_binding_v1"],
    severity: "critical",
    soc2: ["CC6.3 (inf.)"],
    fix: "Bind a scoped role; people get admin through EKS access entries.",
    check: (r) => (first(r.config, "role_ref.name") === "cluster-admin" ? "binds cluster-admin" : undefined),
  },
  {
    id: "K8S-17",
    title: "Every namespace denies traffic by default",
    mirrors: ["CKV2_K8S_6", "C-0030", "C-0260", "NSA 2.0"],
    resourceTypes: NAMESPACE_TYPES,
    severity: "high",
    soc2: ["CC6.6 (inf.)"],
    fix: "Add a network policy with an empty pod_selector and policy_types [Ingress, Egress] in the namespace, plus explicit allows.",
    check: (r, s) => {
      const policies = inNamespace("kubernetes_network_policy_v1", r, s);
      const denyAll = policies.some((p) => {
        const sel = first(p.config, "spec.pod_selector");
        const empty =
          sel === undefined ||
          (isObject(sel) &&
            Object.values(sel).every(
              (v) => v === undefined || (isObject(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0),
            ));
        const types = at(p.config, "spec.policy_types");
        return (
          empty &&
          types.includes("Ingress") &&
          types.includes("Egress") &&
          at(p.config, "spec.ingress").length === 0 &&
          at(p.config, "spec.egress").length === 0
        );
      });
      return denyAll ? undefined : "no default-deny network policy in the namespace";
    },
  },
  {
    id: "K8S-18",
    title: "Network policies not open to the internet",
    mirrors: ["KUBE-0001", "KUBE-0002"],
    resourceTypes: ["kubernetes_network_policy_v1"],
    severity: "high",
    soc2: ["CC6.6 (inf.)"],
    fix: "Replace 0.0.0.0/0 ip_block peers with the VPC CIDR, a namespace or a pod selector.",
    check: (r) => {
      const cidrs = [...at(r.config, "spec.ingress.from.ip_block.cidr"), ...at(r.config, "spec.egress.to.ip_block.cidr")].filter((c) =>
        OPEN_CIDRS.includes(String(c)),
      );
      return cidrs.length ? `ip_block cidr ${cidrs.join(", ")}` : undefined;
    },
  },
  {
    id: "K8S-19",
    title: "Seccomp RuntimeDefault",
    mirrors: ["KSV-0030", "KSV-0104", "C-0055", "NSA 1.10"],
    resourceTypes: WORKLOAD_TYPES,
    severity: "low",
    soc2: ["CC6.1 (inf.)"],
    fix: 'Set security_context.seccomp_profile.type = "RuntimeDefault" on the pod.',
    check: perContainer((c, pod) => {
      const type = first(c, "security_context.seccomp_profile.type") ?? first(pod, "security_context.seccomp_profile.type");
      return type === "RuntimeDefault" || type === "Localhost" ? undefined : `seccomp_profile.type is ${show(type)}`;
    }),
  },
  {
    id: "K8S-20",
    title: "Namespaces enforce Pod Security",
    mirrors: ["trivy k8s-pss-restricted", "KSV-0013"],
    resourceTypes: NAMESPACE_TYPES,
    severity: "medium",
    soc2: ["CC6.1 (inf.)"],
    fix: "Label the namespace pod-security.kubernetes.io/enforce = restricted (baseline where ClickHouse needs it).",
    check: (r) => {
      const labels = first(r.config, "metadata.labels");
      const level = isObject(labels) ? labels["pod-security.kubernetes.io/enforce"] : undefined;
      return level === "restricted" || level === "baseline" ? undefined : `pod-security enforce label is ${show(level)}`;
    },
  },
  {
    id: "K8S-21",
    title: "Images pinned",
    mirrors: ["CKV_K8S_14", "CKV_K8S_43", "KSV-0013"],
    resourceTypes: WORKLOAD_TYPES,
    severity: "medium",
    soc2: ["CC8.1 (inf.)"],
    fix: "Use an explicit version tag (or @sha256 digest), never latest.",
    check: perContainer((c) => {
      const image = String(c["image"] ?? "");
      if (image.includes("@sha256:")) return undefined;
      const tag = /:([^/:]+)$/.exec(image)?.[1];
      return !tag || tag === "latest" ? `image ${show(image)} is not pinned` : undefined;
    }),
  },
  {
    id: "K8S-22",
    title: "Every namespace has a resource quota",
    mirrors: ["KSV-0040", "NSA 4.0"],
    resourceTypes: NAMESPACE_TYPES,
    severity: "low",
    soc2: ["A1.2 (inf.)"],
    fix: "Add kubernetes_resource_quota_v1 in the namespace.",
    check: (r, s) => (inNamespace("kubernetes_resource_quota_v1", r, s).length ? undefined : "no resource quota in the namespace"),
  },
  {
    id: "K8S-23",
    title: "Every namespace has a limit range",
    mirrors: ["KSV-0039", "NSA 4.1"],
    resourceTypes: NAMESPACE_TYPES,
    severity: "low",
    soc2: ["A1.2 (inf.)"],
    fix: "Add kubernetes_limit_range_v1 in the namespace.",
    check: (r, s) => (inNamespace("kubernetes_limit_range_v1", r, s).length ? undefined : "no limit range in the namespace"),
  },
  {
    id: "K8S-24",
    title: "No literal values in Kubernetes secrets",
    mirrors: ["our: secret values never in the repository"],
    resourceTypes: ["kubernetes_secret_v1", "kubernetes_secret"],
    severity: "critical",
    soc2: ["CC6.1 (inf.)"],
    fix: "Fill data from references (Secrets Manager, generated passwords) or let an operator create the secret.",
    check: (r) =>
      ["data", "binary_data"].flatMap((k) => {
        const d = first(r.config, k);
        return isObject(d)
          ? Object.entries(d)
              .filter(([, v]) => isLiteral(v))
              .map(([key]) => `${k}.${key} is a literal`)
          : [];
      }),
  },
  {
    id: "K8S-25",
    title: "Long-running workloads have probes",
    mirrors: ["CKV_K8S_8", "CKV_K8S_9"],
    resourceTypes: LONG_RUNNING,
    severity: "low",
    soc2: ["A1.2 (inf.)"],
    fix: "Add readiness_probe and liveness_probe to every container.",
    check: perContainer(
      (c) => (at(c, "readiness_probe").length && at(c, "liveness_probe").length ? undefined : "readiness_probe or liveness_probe missing"),
      false,
    ),
  },
  {
    id: "K8S-26",
    title: "No host ports",
    mirrors: ["KSV-0024", "C-0044"],
    resourceTypes: WORKLOAD_TYPES,
    severity: "medium",
    soc2: ["CC6.6 (inf.)"],
    fix: "Remove port.host_port; expose through a Service.",
    check: perContainer((c) => (at(c, "port.host_port").length ? "host_port is set" : undefined)),
  },
  {
    id: "K8S-27",
    title: "Storage classes encrypt with a CMK",
    mirrors: ["our: DEVELOPERS.md CMK for data at rest"],
    resourceTypes: ["kubernetes_storage_class_v1", "kubernetes_storage_class"],
    severity: "high",
    soc2: ["PI1.5 (inf.)"],
    fix: 'Set parameters encrypted = "true" and kmsKeyId to a customer-managed key.',
    appliesTo: (r) => String(r.config["storage_provisioner"] ?? "").includes("ebs"),
    check: (r) => {
      const p = first(r.config, "parameters");
      const params = isObject(p) ? p : {};
      return [
        ...(bool(params["encrypted"]) === true ? [] : ['parameters.encrypted is not "true"']),
        ...(params["kmsKeyId"] ? [] : ["parameters.kmsKeyId is absent"]),
      ];
    },
  },
  {
    id: "K8S-28",
    title: "Services are internal",
    mirrors: ["our: nothing reaches the internet without the ingress controller"],
    resourceTypes: ["kubernetes_service_v1", "kubernetes_service"],
    severity: "high",
    soc2: ["CC6.6 (inf.)"],
    fix: "Use ClusterIP, or annotate a LoadBalancer service.beta.kubernetes.io/aws-load-balancer-scheme: internal; no NodePort.",
    check: (r) => {
      const type = first(r.config, "spec.type");
      if (type === "NodePort") return "type is NodePort";
      if (type !== "LoadBalancer") return undefined;
      const a = first(r.config, "metadata.annotations");
      const ann = isObject(a) ? a : {};
      return ann["service.beta.kubernetes.io/aws-load-balancer-scheme"] === "internal" ||
        bool(ann["service.beta.kubernetes.io/aws-load-balancer-internal"]) === true
        ? undefined
        : "LoadBalancer without the internal scheme annotation";
    },
  },
  {
    id: "K8S-29",
    forbidsType: true,
    title: "No kubernetes_manifest",
    mirrors: ["our: kubernetes_manifest needs the CRDs at plan time (issue 5)"],
    resourceTypes: ["kubernetes_manifest"],
    severity: "medium",
    soc2: ["CC8.1 (inf.)"],
    fix: "Ship custom resources in a local chart installed by helm_release.",
    check: () => "kubernetes_manifest is declared",
  },
  {
    id: "HELM-01",
    title: "Remote charts pinned to an exact version",
    mirrors: ["our: a floating chart changes on every plan"],
    resourceTypes: ["helm_release"],
    severity: "medium",
    soc2: ["CC8.1 (inf.)"],
    fix: "Set version to an exact chart version.",
    appliesTo: (r) => Boolean(r.config["repository"]),
    check: (r) =>
      /^v?\d+\.\d+\.\d+([-+][\w.-]+)?$/.test(String(r.config["version"] ?? "")) ? undefined : `version is ${show(r.config["version"])}`,
  },
  {
    id: "HELM-02",
    title: "Chart repositories over TLS",
    mirrors: ["our: no plain-http chart downloads"],
    resourceTypes: ["helm_release"],
    severity: "high",
    soc2: ["CC6.7 (inf.)"],
    fix: "Use an https:// or oci:// repository.",
    appliesTo: (r) => Boolean(r.config["repository"]),
    check: (r) => (/^(https|oci):\/\//.test(String(r.config["repository"])) ? undefined : `repository is ${show(r.config["repository"])}`),
  },
  {
    id: "HELM-03",
    title: "Local charts referenced by relative path",
    mirrors: ["our: deterministic output, no absolute paths"],
    resourceTypes: ["helm_release"],
    severity: "low",
    soc2: ["CC8.1 (inf.)"],
    fix: "Reference charts/<name> relative to the stack's output folder.",
    appliesTo: (r) => !r.config["repository"],
    check: (r) => (String(r.config["chart"] ?? "").startsWith("/") ? `chart is an absolute path ${show(r.config["chart"])}` : undefined),
  },
  {
    id: "HELM-04",
    title: "No literal secrets in chart values",
    mirrors: ["our: values are opaque to scanners, so we read them"],
    resourceTypes: ["helm_release"],
    severity: "critical",
    soc2: ["CC6.1 (inf.)"],
    fix: "Point the chart at an existing Kubernetes secret, or pass a reference through set_sensitive.",
    check: (r) => [
      ...helmValues(r).flatMap((doc) =>
        walk(doc)
          .filter(([k, v]) => SECRET_KEY.test(k.split(".").pop() ?? "") && isLiteral(v))
          .map(([k]) => `values ${k} is a literal`),
      ),
      ...[...at(r.config, "set"), ...at(r.config, "set_sensitive")]
        .filter(isObject)
        .filter((s) => SECRET_KEY.test(String(s["name"]).split(".").pop() ?? "") && isLiteral(s["value"]))
        .map((s) => `set ${String(s["name"])} is a literal`),
    ],
  },
  {
    id: "HELM-05",
    title: "Chart values parse and do not escalate privileges",
    mirrors: ["KSV-0017", "KSV-0008", "KSV-0009", "KSV-0010 (applied to values)"],
    resourceTypes: ["helm_release"],
    severity: "high",
    soc2: ["CC6.1 (inf.)"],
    fix: "Remove privileged/hostNetwork/hostPID/hostIPC overrides, or declare the exception for the agent that needs them.",
    check: (r) => {
      const raw = at(r.config, "values");
      const docs = helmValues(r);
      return [
        ...(docs.length < raw.length ? ["a values document is not valid YAML"] : []),
        ...docs.flatMap((d) =>
          walk(d)
            .filter(([k, v]) => ["privileged", "hostNetwork", "hostPID", "hostIPC"].includes(lastPart(k, ".")) && v === true)
            .map(([k]) => `values ${k} is true`),
        ),
      ];
    },
  },
  {
    id: "HELM-06",
    title: "Releases roll back on failure",
    mirrors: ["our: a half-applied release is an outage"],
    resourceTypes: ["helm_release"],
    severity: "low",
    soc2: ["A1.2 (inf.)"],
    fix: "Set atomic = true (or leave wait on and set a timeout).",
    check: (r) =>
      bool(r.config["atomic"]) === true || (bool(r.config["wait"]) !== false && num(r.config["timeout"]) !== undefined)
        ? undefined
        : "neither atomic nor wait with a timeout",
  },
];
