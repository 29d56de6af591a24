import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DOMParser } from "@xmldom/xmldom";
import { Testing, TerraformStack } from "cdktf";
import { parseAllDocuments, stringify } from "yaml";
import { clickhouseClusterValues } from "../../constructs/platform/clickhouse-values";
import { NAMESPACES, RESTORE_DRILL_APP } from "../../constructs/platform/names";
import { PlatformNamespaces } from "../../constructs/platform/platform-namespaces";
import { loadPlatformConfig } from "../../lib/config/load";
import type { EnvironmentConfig } from "../../lib/config/model";
import { chartDir } from "../../lib/paths";
import { clickhouseChartInputs } from "../../stacks/platform-stack";
import { metricList } from "../dashboards/metric-lists";
import { lintAndTemplate } from "../helpers/helm";
import { objectProblems } from "../helpers/k8s-schemas";
import { resourcesOf, type TfJson } from "../helpers/synth";

/**
 * Issue 17 part 2, the ClickHouse restore drill as Kubernetes and ClickHouse would read it: the
 * clickhouse-cluster chart rendered by Helm with the values the platform stack computes for every
 * environment file, drill on (a CronJob whose scratch server cannot reach the live cluster or its
 * Keeper) and drill off (nothing at all).
 */
type Obj = Record<string, unknown>;
type Container = {
  name: string;
  image: string;
  restartPolicy?: string;
  command?: string[];
  startupProbe?: unknown;
  env?: { name: string; value?: string }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Obj;
  volumeMounts?: { name: string; mountPath: string }[];
};
type PodSpec = {
  serviceAccountName: string;
  automountServiceAccountToken?: boolean;
  enableServiceLinks?: boolean;
  securityContext?: Obj;
  initContainers?: Container[];
  containers: Container[];
  volumes: (Obj & { name: string })[];
};

const DRILL = "clickhouse-restore-drill";
const LOOPBACK = /^(127\.0\.0\.1|::1|localhost)(:\d+)?$/;
const environments = loadPlatformConfig().environments;
const withDrill = environments.filter((e) => e.disasterRecovery.restoreDrill);
const withoutDrill = environments.filter((e) => !e.disasterRecovery.restoreDrill);
const scope = new TerraformStack(Testing.app(), "values");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "restore-drill-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function valuesOf(env: EnvironmentConfig) {
  return clickhouseClusterValues(
    scope,
    clickhouseChartInputs(env, {
      storageClass: "gp3-encrypted",
      backupsBucketName: `${env.name}-clickhouse-backups-200000000001`,
      dataKmsKeyArn: `arn:aws:kms:${env.region}:200000000001:key/k`,
      tiering: env.clickhouse.tiering.enabled ? { hotDays: env.clickhouse.tiering.hotDays, bucketName: `${env.name}-cold` } : null,
    }),
  );
}

function render(env: EnvironmentConfig, chart = chartDir("clickhouse-cluster")): Obj[] {
  const { lint, template } = lintAndTemplate({
    chartDir: chart,
    name: "clickhouse-cluster",
    namespace: "clickhouse",
    values: [stringify(valuesOf(env))],
  });
  expect(lint.stderr).toBe("");
  if (!template.ok) throw new Error(template.stderr);
  return parseAllDocuments(template.stdout)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
}

const named = (objs: Obj[], kind: string, name: string) =>
  objs.find((o) => o["kind"] === kind && (o["metadata"] as Obj)["name"] === name) as Obj | undefined;
const drillPod = (objs: Obj[]) =>
  ((((named(objs, "CronJob", DRILL)!["spec"] as Obj)["jobTemplate"] as Obj)["spec"] as Obj)["template"] as Obj)["spec"] as PodSpec;
const livePod = (objs: Obj[]) =>
  (
    ((named(objs, "ClickHouseInstallation", "events") ?? objs.find((o) => o["kind"] === "ClickHouseInstallation"))!["spec"] as Obj)[
      "templates"
    ] as { podTemplates: { spec: PodSpec }[] }
  ).podTemplates[0]!.spec;
const env = (c: Container, name: string) => c.env?.find((e) => e.name === name)?.value;

/** Text of every element with one of these tag names in the scratch server's config (parsed as ClickHouse would: strict XML). */
function configTexts(xml: string, tags: readonly string[]): { tag: string; text: string }[] {
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`restore-drill-server.xml: ${level}: ${message}`);
    },
  }).parseFromString(xml, "text/xml");
  return tags.flatMap((tag) => Array.from(doc.getElementsByTagName(tag)).map((e) => ({ tag, text: (e.textContent ?? "").trim() })));
}

/**
 * Why the drill pod could reach the live cluster: a host in the scratch server's config or the
 * drill's ClickHouse address that is not loopback, a live Keeper or ClickHouse name anywhere in the
 * pod or its config, service links, or the image's own config.d (which listens everywhere) not hidden.
 */
export function isolationProblems(objs: Obj[]): string[] {
  const problems: string[] = [];
  const chi = objs.find((o) => o["kind"] === "ClickHouseInstallation")!;
  const installation = String((chi["metadata"] as Obj)["name"]);
  const keeperHosts = (((chi["spec"] as Obj)["configuration"] as Obj)["zookeeper"] as { nodes: { host: string }[] }).nodes.map(
    (n) => n.host,
  );
  const liveNames = [...keeperHosts, `chi-${installation}-`, `clickhouse-${installation}`];
  const config = (named(objs, "ConfigMap", DRILL)!["data"] as Record<string, string>)["server.xml"]!;
  for (const { tag, text } of configTexts(config, ["listen_host", "host", "hostname", "kafka_broker_list"]))
    for (const address of text.split(","))
      if (!LOOPBACK.test(address.trim())) problems.push(`scratch server config: <${tag}> ${address.trim()} is not loopback`);
  if (configTexts(config, ["listen_host"]).length === 0)
    problems.push("scratch server config: no <listen_host> (the server would listen on every interface)");
  const pod = drillPod(objs);
  const drill = pod.containers.find((c) => c.name === "drill")!;
  if (!LOOPBACK.test(env(drill, "CLICKHOUSE_HOST") ?? ""))
    problems.push(`drill: CLICKHOUSE_HOST ${env(drill, "CLICKHOUSE_HOST")} is not loopback`);
  const everything = JSON.stringify([pod, named(objs, "ConfigMap", DRILL)]);
  for (const name of liveNames) if (everything.includes(name)) problems.push(`drill pod or config names the live ${name}`);
  if (pod.enableServiceLinks !== false)
    problems.push("drill pod: enableServiceLinks is not false (live service addresses in its environment)");
  const server = pod.initContainers?.find((c) => c.restartPolicy === "Always");
  const configD = server?.volumeMounts?.find((m) => m.mountPath === "/etc/clickhouse-server/config.d");
  const configDVolume = pod.volumes.find((v) => v.name === configD?.name) as { configMap?: { name: string } } | undefined;
  if (configDVolume?.configMap?.name !== DRILL)
    problems.push("scratch server: config.d is not the drill's ConfigMap (the image's own listens on every interface)");
  return problems;
}

describe("the ClickHouse restore drill, rendered for every environment file", () => {
  test("at least one shipped environment runs the drill and one does not", () => {
    expect(withDrill.length).toBeGreaterThan(0);
    expect(withoutDrill.length).toBeGreaterThan(0);
  });

  describe.each(withDrill.map((e) => [e.name, e] as const))("%s (drill on)", (_name, environment) => {
    const objs = render(environment);
    const cron = named(objs, "CronJob", DRILL)!;
    const spec = cron["spec"] as Obj;
    const job = (spec["jobTemplate"] as Obj)["spec"] as Obj;
    const pod = drillPod(objs);
    const live = livePod(objs);
    const server = pod.initContainers!.find((c) => c.name === "scratch-clickhouse")!;
    const drill = pod.containers.find((c) => c.name === "drill")!;

    test("every object validates against its kind's schema", () => {
      expect(objs.map((o) => objectProblems(o)).filter((p) => p !== "")).toEqual([]);
    });

    test("a monthly CronJob in the clickhouse namespace's release, one run at a time, bounded in time and retries", () => {
      // Monthly, on a fixed day: day-of-week unset, so Kubernetes cron does not OR it with the day.
      expect(spec["schedule"]).toMatch(/^\d+ \d+ ([1-9]|1\d|2[0-8]) \* \*$/);
      expect(spec["timeZone"]).toBe("Etc/UTC");
      expect(spec["concurrencyPolicy"]).toBe("Forbid");
      expect(job["backoffLimit"]).toBeLessThanOrEqual(2);
      expect(job["activeDeadlineSeconds"]).toBeGreaterThan(0);
      expect(job["activeDeadlineSeconds"]).toBeLessThanOrEqual(86400);
    });

    test("the same pinned images, service account (IRSA role) and backup location as the live cluster", () => {
      const liveServer = live.containers.find((c) => c.name === "clickhouse")!;
      const sidecar = live.containers.find((c) => c.name === "clickhouse-backup")!;
      expect(server.image).toBe(liveServer.image);
      expect(drill.image).toBe(sidecar.image);
      expect(pod.serviceAccountName).toBe(live.serviceAccountName);
      const storage = (c: Container) => (c.env ?? []).filter((e) => e.name === "REMOTE_STORAGE" || e.name.startsWith("S3_"));
      expect(storage(drill)).toEqual(storage(sidecar).filter((e) => e.name !== "S3_OBJECT_DISK_PATH"));
      // Every shard is drilled; the script fills each shard's name into the sidecar's {shard} macro.
      const shards = (valuesOf(environment)["placement"] as unknown[]).map((_, s) => String(s));
      expect(env(drill, "SHARDS")!.split(" ")).toEqual(shards);
      expect(env(drill, "S3_PATH")).toContain("{shard}");
      // The drill only reads: no retention setting that could delete remote backups.
      expect(drill.env?.map((e) => e.name)).not.toContain("BACKUPS_TO_KEEP_REMOTE");
    });

    test("the scratch server is a native sidecar that is up before the drill starts", () => {
      expect(pod.initContainers!.map((c) => c.name)).toEqual(["scratch-clickhouse"]);
      expect(server.restartPolicy).toBe("Always");
      expect(server.startupProbe).toBeDefined();
    });

    test("it cannot reach the live cluster or its Keeper: loopback only, its own embedded Keeper", () => {
      expect(isolationProblems(objs)).toEqual([]);
      const config = (named(objs, "ConfigMap", DRILL)!["data"] as Record<string, string>)["server.xml"]!;
      expect(configTexts(config, ["keeper_server"])).toHaveLength(1);
      const keeperPort = configTexts(config, ["tcp_port"])[0]!.text;
      expect(configTexts(config, ["zookeeper"]).length).toBe(1);
      expect(configTexts(config, ["port"]).map((p) => p.text)).toContain(keeperPort);
      // Not a ClickHouse pod to the namespace's NetworkPolicies: no MSK egress, no app queries in.
      const labels = ((((spec["jobTemplate"] as Obj)["spec"] as Obj)["template"] as Obj)["metadata"] as { labels: Record<string, string> })
        .labels;
      expect(labels["app.kubernetes.io/name"]).not.toBe("clickhouse");
    });

    test("restricted security: non-root, no escalation, read-only root, all capabilities dropped, RuntimeDefault seccomp, no API token", () => {
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const c of [server, drill]) {
        expect(c.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ["ALL"] },
        });
        expect(Object.keys(c.resources?.requests ?? {}).sort()).toEqual(["cpu", "memory"]);
        expect(Object.keys(c.resources?.limits ?? {}).sort()).toEqual(["cpu", "memory"]);
      }
    });

    test("server and drill share one scratch volume, fresh per run and at least one replica's size", () => {
      const data = pod.volumes.find((v) => v.name === "data") as unknown as {
        ephemeral: { volumeClaimTemplate: { spec: { resources: { requests: { storage: string } } } } };
      };
      const size = Number(/^(\d+)Gi$/.exec(data.ephemeral.volumeClaimTemplate.spec.resources.requests.storage)![1]);
      expect(size).toBeGreaterThanOrEqual(environment.clickhouse.volumeSizeGiB);
      for (const c of [server, drill]) expect(c.volumeMounts).toContainEqual({ name: "data", mountPath: "/var/lib/clickhouse" });
    });
  });

  test.each(withoutDrill.map((e) => [e.name, e] as const))(
    "%s (drill off): no CronJob, no ConfigMap, no drill values",
    (_name, environment) => {
      const objs = render(environment);
      expect(named(objs, "CronJob", DRILL)).toBeUndefined();
      expect(named(objs, "ConfigMap", DRILL)).toBeUndefined();
      // The values it passes are those it passed before the drill existed: its synthesized stack is unchanged.
      expect(Object.keys(valuesOf(environment))).not.toContain("restoreDrill");
    },
  );
});

type Policy = {
  metadata: { namespace: string };
  spec: {
    pod_selector: { match_labels?: Record<string, string> };
    policy_types: string[];
    egress?: { to?: unknown[]; ports?: { port: string }[] }[];
  };
};

/** Whether the namespace's NetworkPolicies (as synthesized) let a pod with these labels open HTTPS to any address (S3, STS). */
function httpsAnywhere(json: TfJson, namespace: string, labels: Record<string, string>): boolean {
  // Policies name their namespace by reference to the namespace resource.
  const [id] = Object.entries(resourcesOf(json, "kubernetes_namespace_v1")).find(
    ([, ns]) => (ns["metadata"] as Obj)["name"] === namespace,
  )!;
  const names = [namespace, `\${kubernetes_namespace_v1.${id}.metadata[0].name}`];
  return (Object.values(resourcesOf(json, "kubernetes_network_policy_v1")) as unknown as Policy[])
    .filter((p) => names.includes(p.metadata.namespace) && p.spec.policy_types.includes("Egress"))
    .filter((p) => Object.entries(p.spec.pod_selector.match_labels ?? {}).every(([k, v]) => labels[k] === v))
    .some((p) => (p.spec.egress ?? []).some((e) => (e.to ?? []).length === 0 && (e.ports ?? []).some((port) => port.port === "443")));
}

describe("the drill pod's network", () => {
  const environment = withDrill[0]!;
  const objs = render(environment);
  const labels = ((((named(objs, "CronJob", DRILL)!["spec"] as Obj)["jobTemplate"] as Obj)["spec"] as Obj)["template"] as Obj)[
    "metadata"
  ] as {
    labels: Record<string, string>;
  };
  const namespaces = (restoreDrill: boolean): TfJson => {
    const stack = new TerraformStack(Testing.app(), "test");
    new PlatformNamespaces(stack, "namespaces", {
      vpcCidr: environment.vpcCidr,
      clickhouseRequests: { cpu: 8, memoryGiB: 32, storageGiB: 200, pods: 2 },
      restoreDrill,
    });
    return JSON.parse(Testing.synth(stack)) as TfJson;
  };

  test("the rendered pod carries the label the namespace's drill rule selects", () => {
    expect(labels.labels["app.kubernetes.io/name"]).toBe(RESTORE_DRILL_APP);
  });

  test("with the drill on, the clickhouse namespace lets its pod reach S3 and STS over HTTPS; without it, nothing does", () => {
    expect(httpsAnywhere(namespaces(true), NAMESPACES.clickhouse, labels.labels)).toBe(true);
    expect(httpsAnywhere(namespaces(false), NAMESPACES.clickhouse, labels.labels)).toBe(false);
  });
});

describe("the drill's checks catch their defects", () => {
  const environment = withDrill[0]!;

  /** A copy of the chart with one file changed, rendered with the environment's values. */
  function renderPlanted(file: string, from: string, to: string): Obj[] {
    const copy = fs.mkdtempSync(path.join(tmp, "chart-"));
    fs.cpSync(chartDir("clickhouse-cluster"), copy, { recursive: true });
    const text = fs.readFileSync(path.join(copy, file), "utf8");
    expect(text).toContain(from);
    fs.writeFileSync(path.join(copy, file), text.replace(from, to));
    return render(environment, copy);
  }

  test.each([
    [
      "Keeper pointing at the live ensemble",
      "files/restore-drill-server.xml",
      "<host>127.0.0.1</host>\n            <port>9181</port>",
      "<host>keeper-events-keeper</host>\n            <port>2181</port>",
      /<host> keeper-events-keeper is not loopback/,
    ],
    [
      "the restore pointing at the live service",
      "templates/restore-drill-cronjob.yaml",
      'CLICKHOUSE_HOST, value: "127.0.0.1"',
      'CLICKHOUSE_HOST, value: "clickhouse-events"',
      /CLICKHOUSE_HOST clickhouse-events is not loopback/,
    ],
    [
      "a server listening on every interface",
      "files/restore-drill-server.xml",
      "<listen_host>127.0.0.1</listen_host>",
      "<listen_host>0.0.0.0</listen_host>",
      /<listen_host> 0\.0\.0\.0 is not loopback/,
    ],
    [
      "service links left on",
      "templates/restore-drill-cronjob.yaml",
      "enableServiceLinks: false",
      "enableServiceLinks: true",
      /enableServiceLinks is not false/,
    ],
  ])("%s", (_what, file, from, to, expected) => {
    expect(isolationProblems(renderPlanted(file, from, to))).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  test("a scratch config that is not well-formed XML (ClickHouse would not start) fails", () => {
    expect(() => isolationProblems(renderPlanted("files/restore-drill-server.xml", "</keeper_server>", "</keeper>"))).toThrow(
      /restore-drill-server\.xml/,
    );
  });

  test("the chart refuses the drill with tiered storage, naming both values", () => {
    const values = {
      ...valuesOf(environment),
      tiering: { enabled: true, hotDays: 7, bucket: "cold-bucket", region: environment.region, cacheSize: "1Gi", moveFactor: 0.2 },
    };
    const { template } = lintAndTemplate({
      chartDir: chartDir("clickhouse-cluster"),
      name: "c",
      namespace: "clickhouse",
      values: [stringify(values)],
    });
    expect(template.ok).toBe(false);
    expect(template.stderr).toMatch(/restoreDrill\.enabled: .*tiering\.enabled/);
  });
});

describe("the drill script and alerts, by their own tools", () => {
  test("shellcheck finds nothing in files/restore-drill.sh", () => {
    const r = spawnSync("shellcheck", ["--shell=bash", path.join(chartDir("clickhouse-cluster"), "files", "restore-drill.sh")], {
      encoding: "utf8",
    });
    if (r.error) throw new Error(`shellcheck not found (${r.error.message}): install it with .ci/install-test-tools.sh`);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  test("the script drills whenever its Job runs (here: waits for its scratch server until stopped)", () => {
    const r = spawnSync("timeout", ["2", "bash", path.join(chartDir("clickhouse-cluster"), "files", "restore-drill.sh")], {
      encoding: "utf8",
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", S3_PATH: "x/shard-{shard}", SHARDS: "0" },
    });
    expect(r.status).toBe(124);
  });

  /** Metrics a rules template selects (`kube_...{`) that kube-state-metrics does not export. */
  const unknownMetrics = (text: string, known: ReadonlySet<string>) =>
    [...text.matchAll(/\b(kube_[a-z_]+)\{/g)].map((m) => m[1]!).filter((m) => !known.has(m));
  const rules = fs.readFileSync(path.join(chartDir("platform-alerts"), "templates", "restore-drill-rules.yaml"), "utf8");
  const known = new Set(metricList("kube-state-metrics.txt"));

  test("the drill alerts name only metrics kube-state-metrics exports", () => {
    expect(rules).toMatch(/kube_job_failed\{/);
    expect(unknownMetrics(rules, known)).toEqual([]);
  });

  test("a metric kube-state-metrics does not export is reported", () => {
    expect(unknownMetrics(rules.replace("kube_job_failed{", "kube_job_status_failure{"), known)).toEqual(["kube_job_status_failure"]);
  });
});
