/**
 * The ClickHouse and Keeper layout as Kubernetes receives it: every local chart a platform stack
 * installs is rendered by Helm itself (`helm template`) with exactly the values of its
 * helm_release, and the ClickHouseInstallation / ClickHouseKeeperInstallation objects are read
 * for each replica's zone pin and Keeper's spread. Reading the rendered objects, not the values,
 * catches a chart that places replicas differently from what it is given.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { repoRoot } from "../paths";
import { at, isObject, type Config } from "../policy/tf";
import type { PlacedStack, World } from "../preflight/world";
import type { ClickHouseCluster, ClickHouseReplica, KeeperEnsemble, NodeGroup, StorageClass } from "./model";
import { resourcesOfType } from "./terraform";

/** Where .ci/install-helm.sh caches Helm 4 (jest's globalSetup runs it). */
export const HELM_BINARY = path.join(repoRoot(), "node_modules", ".cache", "helm-4", "helm");

const ZONE_KEY = "topology.kubernetes.io/zone";

/** Stand-in for a Terraform reference in values: the layout never depends on one. */
const REFERENCE_SAMPLE = "terraform-reference";

/** Runs `helm template` on one chart folder with the given values texts; returns the parsed objects. */
export function renderChart(chartDir: string, release: string, namespace: string, values: readonly string[], helm = HELM_BINARY): Config[] {
  if (!fs.existsSync(helm)) throw new Error(`helm not found at ${helm}: run .ci/install-helm.sh (npm test's globalSetup runs it)`);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "az-failure-helm-"));
  try {
    const files = values.map((text, i) => {
      const file = path.join(home, `values-${i}.yaml`);
      fs.writeFileSync(file, text.replace(/\$\{[^}]*\}/g, REFERENCE_SAMPLE));
      return ["--values", file];
    });
    const env = {
      PATH: process.env["PATH"] ?? "/usr/bin:/bin",
      HOME: home,
      HELM_CACHE_HOME: path.join(home, "cache"),
      HELM_CONFIG_HOME: path.join(home, "config"),
      HELM_DATA_HOME: path.join(home, "data"),
    };
    let stdout: string;
    try {
      stdout = execFileSync(helm, ["template", release, chartDir, "--namespace", namespace, ...files.flat()], {
        env,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`helm template ${release} (${chartDir}) failed: ${(err.stderr || err.message).trim()}`);
    }
    return parseAllDocuments(stdout).flatMap((doc) => {
      const obj = doc.toJS() as unknown;
      return isObject(obj) ? [obj] : [];
    });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Whether a chart folder has a template of a ClickHouse or Keeper installation (only those are rendered). */
function definesInstallations(chartDir: string): boolean {
  const templates = path.join(chartDir, "templates");
  if (!fs.existsSync(templates)) return false;
  return fs
    .readdirSync(templates)
    .some((f) => /kind:\s*ClickHouse(Keeper)?Installation\b/.test(fs.readFileSync(path.join(templates, f), "utf8")));
}

/** Every object the local-chart helm_releases of the given stacks render to, for charts that define installations. */
export function renderedObjects(
  world: World,
  stacks: readonly PlacedStack[],
  stackDir: (stack: PlacedStack) => string,
  helm?: string,
): Config[] {
  return stacks.flatMap((stack) =>
    resourcesOfType(world, [stack], "helm_release")
      .filter((r) => typeof r.body["chart"] === "string" && r.body["chart"].startsWith("./"))
      .map((r) => ({ release: r, dir: path.join(stackDir(stack), String(r.body["chart"])) }))
      .filter(({ dir }) => definesInstallations(dir))
      .flatMap(({ release: r, dir }) =>
        renderChart(dir, String(r.body["name"]), String(r.body["namespace"] ?? "default"), at(r.body, "values").map(String), helm),
      ),
  );
}

const named = (list: unknown, name: unknown): Config | undefined =>
  Array.isArray(list) ? list.filter(isObject).find((t) => t["name"] === name) : undefined;
const templateName = (...scopes: unknown[]): unknown =>
  scopes.map((s) => (isObject(s) && isObject(s["templates"]) ? s["templates"]["podTemplate"] : undefined)).find((n) => n !== undefined);

/** Zones a pod template pins its pods to (operator `zone`, node selector, required node affinity); undefined if none. */
export function pinnedZones(template: Config | undefined): string[] | undefined {
  if (!template) return undefined;
  const sets: string[][] = [];
  const zone = template["zone"];
  if (isObject(zone) && zone["key"] === ZONE_KEY && Array.isArray(zone["values"])) sets.push(zone["values"].map(String));
  const selector = at(template, "spec.nodeSelector").filter(isObject)[0]?.[ZONE_KEY];
  if (typeof selector === "string") sets.push([selector]);
  for (const term of at(template, "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms")) {
    const exprs = at(term, "matchExpressions")
      .filter(isObject)
      .filter((e) => e["key"] === ZONE_KEY && e["operator"] === "In");
    // Terms are ORed: only a single term narrows the zones for certain.
    if (
      exprs.length > 0 &&
      at(template, "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms").length === 1
    )
      sets.push(...exprs.map((e) => at(e, "values").map(String)));
  }
  if (sets.length === 0) return undefined;
  return [...sets.reduce((acc, s) => new Set([...acc].filter((z) => s.includes(z))), new Set(sets[0]))].sort();
}

/**
 * ClickHouse clusters with each replica's zones: its pod template's zone pin, narrowed to zones with
 * a node group the pod fits (a replica pinned where no node can take it never runs: no zones).
 */
/** Storage class named by the data volume claim template a cluster uses (undefined: the default class). */
function dataStorageClass(spec: Config, cluster: Config): string | undefined {
  const pick = (scope: unknown) =>
    isObject(scope) && isObject(scope["templates"]) ? scope["templates"]["dataVolumeClaimTemplate"] : undefined;
  const claim = named(at(spec, "templates.volumeClaimTemplates"), pick(cluster) ?? pick(spec["defaults"]));
  const name = at(claim, "spec.storageClassName")[0];
  return typeof name === "string" && name !== "" ? name : undefined;
}

/** StorageClass objects a chart renders (volumeBindingMode defaults to Immediate). */
export function renderedStorageClasses(objects: readonly Config[]): StorageClass[] {
  return objects
    .filter((o) => o["kind"] === "StorageClass")
    .map((o) => ({
      name: String(at(o, "metadata.name")[0]),
      volumeBinding: o["volumeBindingMode"] === "WaitForFirstConsumer" ? "WaitForFirstConsumer" : "Immediate",
      isDefault: at(o, "metadata.annotations").filter(isObject)[0]?.["storageclass.kubernetes.io/is-default-class"] === "true",
    }));
}

export function clickhouseClusters(objects: readonly Config[], groups: readonly NodeGroup[]): ClickHouseCluster[] {
  return objects
    .filter((o) => o["kind"] === "ClickHouseInstallation")
    .flatMap((chi) => {
      const spec = isObject(chi["spec"]) ? chi["spec"] : {};
      const templates = at(spec, "templates.podTemplates");
      const installation = String(at(chi, "metadata.name")[0] ?? "?");
      return at(spec, "configuration.clusters")
        .filter(isObject)
        .map((cluster) => {
          const layout = isObject(cluster["layout"]) ? cluster["layout"] : {};
          const explicit = at(layout, "shards").filter(isObject);
          const shardCount = explicit.length > 0 ? explicit.length : Number(layout["shardsCount"] ?? 1);
          const shards = Array.from({ length: shardCount }, (_, s) => {
            const shard = explicit[s] ?? {};
            const listed = at(shard, "replicas").filter(isObject);
            const replicaCount = listed.length > 0 ? listed.length : Number(shard["replicasCount"] ?? layout["replicasCount"] ?? 1);
            const replicas: ClickHouseReplica[] = Array.from({ length: replicaCount }, (_, r) => {
              const replica = listed[r] ?? {};
              const name = templateName(replica, shard, cluster, spec["defaults"]);
              const template = named(templates, name);
              const pinned = pinnedZones(template);
              const runnable = schedulableZones(template, groups);
              return { name: String(replica["name"] ?? r), zones: pinned?.filter((z) => runnable.includes(z)) };
            });
            return { name: String(shard["name"] ?? s), replicas };
          });
          return { name: `${installation}/${String(cluster["name"])}`, shards, storageClass: dataStorageClass(spec, cluster) };
        });
    });
}

/**
 * Whether a pod's tolerations admit every hard taint of a node group: same key (or `Exists` with no
 * key), same effect (or none), and for `Equal` the same value (Kubernetes docs, "Taints and
 * Tolerations", https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/,
 * read 2026-12-07). EKS writes effects as NO_SCHEDULE / NO_EXECUTE; PREFER_NO_SCHEDULE is soft.
 */
function tolerates(tolerations: readonly Config[], group: NodeGroup): boolean {
  const effects: Record<string, string> = { NO_SCHEDULE: "NoSchedule", NO_EXECUTE: "NoExecute" };
  return group.taints
    .filter((t) => effects[t.effect])
    .every((t) =>
      tolerations.some((tol) => {
        if (tol["effect"] !== undefined && tol["effect"] !== "" && tol["effect"] !== effects[t.effect]) return false;
        if (tol["operator"] === "Exists") return tol["key"] === undefined || tol["key"] === "" || tol["key"] === t.key;
        return tol["key"] === t.key && (tol["value"] ?? "") === (t.value ?? "");
      }),
    );
}

/** Zones of the node groups a pod template can run on: node selector matched, hard taints tolerated. */
export function schedulableZones(template: Config | undefined, groups: readonly NodeGroup[]): string[] {
  const selector = at(template, "spec.nodeSelector").filter(isObject)[0] ?? {};
  const tolerations = at(template, "spec.tolerations").filter(isObject);
  const pinned = pinnedZones(template);
  const fits = groups.filter(
    (g) => Object.entries(selector).every(([k, v]) => k === ZONE_KEY || g.labels[k] === String(v)) && tolerates(tolerations, g),
  );
  const zones = new Set(fits.flatMap((g) => g.zones).filter((z) => !pinned || pinned.includes(z)));
  return [...zones].sort();
}

/**
 * Whether a label selector selects pods with these labels: a spread constraint only counts the pods
 * it selects, so one that misses the Keeper pods does not spread them. "An empty label selector
 * matches all objects. A null label selector matches no objects." (Kubernetes API reference,
 * LabelSelector, https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/label-selector/,
 * read 2026-12-07).
 */
export function selects(selector: unknown, labels: Config): boolean {
  if (!isObject(selector)) return false;
  const matchLabels = isObject(selector["matchLabels"]) ? selector["matchLabels"] : {};
  const expressions = at(selector, "matchExpressions").filter(isObject);
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return true; // {} selects every pod
  return (
    Object.entries(matchLabels).every(([k, v]) => labels[k] === v) &&
    expressions.every((e) => {
      const key = String(e["key"]);
      const values = at(e, "values").map(String);
      const has = labels[key] !== undefined;
      switch (e["operator"]) {
        case "In":
          return has && values.includes(String(labels[key]));
        case "NotIn":
          return !has || !values.includes(String(labels[key]));
        case "Exists":
          return has;
        case "DoesNotExist":
          return !has;
        default:
          return false;
      }
    })
  );
}

export function keeperEnsembles(objects: readonly Config[], groups: readonly NodeGroup[]): KeeperEnsemble[] {
  return objects
    .filter((o) => o["kind"] === "ClickHouseKeeperInstallation")
    .flatMap((chk) => {
      const spec = isObject(chk["spec"]) ? chk["spec"] : {};
      const templates = at(spec, "templates.podTemplates");
      const clusters = at(spec, "configuration.clusters").filter(isObject);
      return (clusters.length > 0 ? clusters : [{}]).map((cluster) => {
        const template = named(templates, templateName(cluster, spec["defaults"]));
        const labels = at(template, "metadata.labels").filter(isObject)[0] ?? {};
        const spread = at(template, "spec.topologySpreadConstraints")
          .filter(isObject)
          .find((c) => c["topologyKey"] === ZONE_KEY && c["whenUnsatisfiable"] === "DoNotSchedule" && selects(c["labelSelector"], labels));
        return {
          name: `${String(at(chk, "metadata.name")[0] ?? "?")}/${String(cluster["name"] ?? "keeper")}`,
          replicas: Number(at(cluster, "layout.replicasCount")[0] ?? 1),
          spread: spread ? { maxSkew: Number(spread["maxSkew"] ?? 1) } : undefined,
          zones: schedulableZones(template, groups),
          storageClass: dataStorageClass(spec, cluster),
        };
      });
    });
}
