/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Validates rendered Kubernetes objects against their kinds' OpenAPI schemas: core kinds with
 * kubernetes-models, Prometheus Operator and External Secrets kinds with their model packages, the
 * Altinity kinds (no npm model exists) with a structural check of the fields our chart uses. An
 * object of an unknown apiVersion/kind is a problem, never a pass.
 */
type Obj = Record<string, unknown> & { apiVersion?: string; kind?: string; metadata?: { name?: string } };
type Model = new (data: Obj) => { validate(): void };
type Validator = (obj: Obj) => void;

const model =
  (module: string, exportName: string): Validator =>
  (obj) => {
    const Kind = (require(module) as Record<string, Model>)[exportName];
    new Kind!(obj).validate();
  };

/**
 * external-secrets.io/v1 has no model release yet (@kubernetes-models/external-secrets 0.5.2 ends at
 * v1beta1). v1 replaced v1beta1 (External Secrets Operator v0.17.0 release notes: "Stops serving
 * v1beta1 apis. You need to update your manifests from v1beta1 to v1", read 2026-12-02), so v1
 * objects are checked against the v1beta1 schema: required fields and types of every field both
 * versions have. Fields only v1 has (refreshPolicy) pass unchecked, as the models allow unknown keys.
 */
const asV1beta1 =
  (exportName: string): Validator =>
  (obj) =>
    model(
      "@kubernetes-models/external-secrets/external-secrets.io/v1beta1",
      exportName,
    )({ ...obj, apiVersion: "external-secrets.io/v1beta1" });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function structural(obj: Obj, paths: readonly [string, (v: unknown) => boolean, string][]): void {
  const problems: string[] = [];
  for (const [dotted, ok, expected] of paths) {
    const value = dotted.split(".").reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), obj);
    if (!ok(value)) problems.push(`${dotted}: expected ${expected}, got ${JSON.stringify(value)}`);
  }
  if (problems.length > 0) throw new Error(problems.join("; "));
}
const str = (v: unknown) => typeof v === "string" && v.length > 0;
const list = (v: unknown) => Array.isArray(v) && v.length > 0;
const namedList = (v: unknown) => list(v) && (v as unknown[]).every((e) => isObject(e) && str(e.name));
const map = (v: unknown) => isObject(v);

/**
 * The fields of ClickHouseInstallation / ClickHouseKeeperInstallation (Altinity operator CRDs,
 * clickhouse.altinity.com/v1) the clickhouse-cluster chart sets, with the types the CRD gives them
 * (Altinity clickhouse-operator docs, "Custom resource specification", read 2026-12-02).
 */
function clickHouseInstallation(obj: Obj): void {
  structural(obj, [
    ["metadata.name", str, "a name"],
    ["spec.configuration.clusters", namedList, "named clusters"],
    ["spec.configuration.users", map, "a users map"],
    ["spec.configuration.settings", map, "a settings map"],
    ["spec.configuration.zookeeper.nodes", list, "Keeper nodes"],
    ["spec.templates.podTemplates", namedList, "named pod templates"],
    ["spec.templates.volumeClaimTemplates", namedList, "named volume claim templates"],
    ["spec.templates.serviceTemplates", namedList, "named service templates"],
  ]);
  const spec = obj.spec as { configuration: { clusters: { layout?: { shards?: unknown } }[]; users: Record<string, unknown> } };
  for (const [key, value] of Object.entries(spec.configuration.users)) {
    if (!/^[a-z_][a-z0-9_]*\/[a-z0-9_/]+$/.test(key)) throw new Error(`spec.configuration.users: key "${key}" is not <user>/<setting>`);
    if (!["string", "number"].includes(typeof value) && !Array.isArray(value))
      throw new Error(`spec.configuration.users.${key}: ${JSON.stringify(value)}`);
  }
  for (const cluster of spec.configuration.clusters) {
    if (!namedList(cluster.layout?.shards)) throw new Error("spec.configuration.clusters[].layout.shards: expected named shards");
    for (const shard of cluster.layout!.shards as { replicas?: unknown }[]) {
      if (!namedList(shard.replicas)) throw new Error("shards[].replicas: expected named replicas");
    }
  }
}

function clickHouseKeeperInstallation(obj: Obj): void {
  structural(obj, [
    ["metadata.name", str, "a name"],
    ["spec.configuration.clusters", namedList, "named clusters"],
    ["spec.templates.podTemplates", namedList, "named pod templates"],
  ]);
}

const VALIDATORS: Readonly<Record<string, Validator>> = {
  "v1/ConfigMap": model("kubernetes-models/v1/ConfigMap", "ConfigMap"),
  "v1/Secret": model("kubernetes-models/v1/Secret", "Secret"),
  "v1/Service": model("kubernetes-models/v1/Service", "Service"),
  "v1/ServiceAccount": model("kubernetes-models/v1/ServiceAccount", "ServiceAccount"),
  "batch/v1/Job": model("kubernetes-models/batch/v1/Job", "Job"),
  "batch/v1/CronJob": model("kubernetes-models/batch/v1/CronJob", "CronJob"),
  "policy/v1/PodDisruptionBudget": model("kubernetes-models/policy/v1/PodDisruptionBudget", "PodDisruptionBudget"),
  "networking.k8s.io/v1/NetworkPolicy": model("kubernetes-models/networking.k8s.io/v1/NetworkPolicy", "NetworkPolicy"),
  "rbac.authorization.k8s.io/v1/Role": model("kubernetes-models/rbac.authorization.k8s.io/v1/Role", "Role"),
  "rbac.authorization.k8s.io/v1/RoleBinding": model("kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding", "RoleBinding"),
  "monitoring.coreos.com/v1/PrometheusRule": model(
    "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule",
    "PrometheusRule",
  ),
  "monitoring.coreos.com/v1/PodMonitor": model("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor", "PodMonitor"),
  "monitoring.coreos.com/v1alpha1/ScrapeConfig": model(
    "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/ScrapeConfig",
    "ScrapeConfig",
  ),
  "external-secrets.io/v1/ExternalSecret": asV1beta1("ExternalSecret"),
  "external-secrets.io/v1/SecretStore": asV1beta1("SecretStore"),
  "external-secrets.io/v1/ClusterSecretStore": asV1beta1("ClusterSecretStore"),
  "external-secrets.io/v1alpha1/PushSecret": model(
    "@kubernetes-models/external-secrets/external-secrets.io/v1alpha1/PushSecret",
    "PushSecret",
  ),
  "generators.external-secrets.io/v1alpha1/Password": model(
    "@kubernetes-models/external-secrets/generators.external-secrets.io/v1alpha1/Password",
    "Password",
  ),
  "clickhouse.altinity.com/v1/ClickHouseInstallation": clickHouseInstallation,
  "clickhouse-keeper.altinity.com/v1/ClickHouseKeeperInstallation": clickHouseKeeperInstallation,
};

/** Problems of one rendered object: "" when it is valid for its kind. */
export function objectProblems(obj: Obj): string {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const validate = VALIDATORS[key];
  if (!validate)
    return `${key} ${obj.metadata?.name}: unknown kind, no schema to check it against (add one to test/helpers/k8s-schemas.ts)`;
  try {
    validate(obj);
    return "";
  } catch (e) {
    return `${key} ${obj.metadata?.name}: ${(e as Error).message}`;
  }
}
