import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { loadPlatformConfig } from "../../lib/config/load";
import { chartDir, repoRoot } from "../../lib/paths";
import { lintAndTemplate } from "../helpers/helm";
import { buildStacks, resourcesOf, synthJson } from "../helpers/synth";
import { withSampleValues } from "../helpers/tf-samples";

/**
 * Issue 17 part 6: no anonymous way into ClickHouse. Checked on `helm template` of
 * charts/clickhouse-cluster and charts/platform-secrets with each platform stack's values, reading
 * the ClickHouseInstallation as the pinned Altinity operator (release-0.25.6) turns it into users:
 * - every `<user>/...` key of spec.configuration.users is a user, and the operator always adds
 *   `default` (pkg/model/chi/normalizer/normalizer.go, normalizeConfigurationUsers);
 * - every user's `networks/ip` is merged with the operator configuration's, loopback in the pinned
 *   chart (deploy/helm/clickhouse-operator/values.yaml, `networksIP: ["::1", "127.0.0.1"]`), and
 *   `default` also gets the installation's pods (normalizer-configuration-user.go,
 *   setMandatoryUserFields): no user can be closed to every network, and a `kubectl port-forward`
 *   arrives on loopback;
 * - a user without a password keeps none if it is `default`, and gets the operator's well-known
 *   default password otherwise (same file, "default" user keeps empty password).
 * So every user needs a password from a Secret. And since `default` then has one, distributed
 * queries must carry the cluster's inter-server secret, or they would log in as `default` without it
 * (ClickHouse docs, Distributed table engine, "Clusters",
 * https://clickhouse.com/docs/engines/table-engines/special/distributed#distributed-clusters, read
 * 2026-12-07). All read 2026-12-07.
 */
type Obj = Record<string, unknown>;

/** Password settings the operator reads from a Secret, or hashes that carry no plaintext. */
const SECRET_PASSWORD_KEYS = [
  "k8s_secret_password",
  "k8s_secret_password_sha256_hex",
  "k8s_secret_password_double_sha1_hex",
  "k8s_secret_env_password",
  "k8s_secret_env_password_sha256_hex",
  "k8s_secret_env_password_double_sha1_hex",
];
/** types.StringBool.IsTrue of the operator (pkg/apis/common/types/string_bool.go). */
const TRUE = new Set(["1", "true", "yes", "on", "enable", "enabled"]);

/** `a/b/c` paths of a users section, written flat (`default/profile`) or nested. */
function flatten(value: unknown, prefix = ""): [string, unknown][] {
  if (value && typeof value === "object" && !Array.isArray(value) && !("valueFrom" in value))
    return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}/${k}` : k));
  return [[prefix, value]];
}

/** Users of the installation as the operator builds them: name -> their settings. */
function operatorUsers(chi: Obj): Map<string, Map<string, unknown>> {
  const users = new Map<string, Map<string, unknown>>([["default", new Map()]]);
  const section = ((chi["spec"] as Obj)["configuration"] as Obj)["users"] ?? {};
  for (const [key, value] of flatten(section)) {
    const [user, ...setting] = key.split("/");
    if (!users.has(user!)) users.set(user!, new Map());
    users.get(user!)!.set(setting.join("/"), value);
  }
  return users;
}

/** Why someone could log in to the installation without a password it keeps secret. Empty = nobody can. */
function anonymousAccessProblems(chi: Obj): string[] {
  const problems: string[] = [];
  for (const [user, settings] of operatorUsers(chi)) {
    const plaintext = settings.get("password");
    if (typeof plaintext === "string" && plaintext !== "") problems.push(`user ${user}: a plaintext password in the chart`);
    const fromSecret = SECRET_PASSWORD_KEYS.some((k) => typeof settings.get(k) === "string" && settings.get(k) !== "");
    const hashed = ["password_sha256_hex", "password_double_sha1_hex"].some((k) => settings.has(k));
    if (!fromSecret && !hashed && !(typeof plaintext === "string" && plaintext !== ""))
      problems.push(
        user === "default"
          ? "user default: no password, reachable from loopback (a port-forward) and the installation's pods"
          : `user ${user}: no password, so the operator's well-known default one, reachable from loopback`,
      );
  }
  const configuration = (chi["spec"] as Obj)["configuration"] as Obj;
  for (const cluster of (configuration["clusters"] ?? []) as { name: string; secret?: Obj }[]) {
    const secret = cluster.secret ?? {};
    const has =
      (typeof secret["value"] === "string" && secret["value"] !== "") ||
      secret["valueFrom"] !== undefined ||
      TRUE.has(String(secret["auto"] ?? "").toLowerCase());
    if (!has) problems.push(`cluster ${cluster.name}: no inter-server secret, distributed queries log in as default`);
  }
  for (const file of Object.keys((configuration["files"] ?? {}) as Obj))
    if (/users/i.test(file)) problems.push(`configuration file ${file} may define users the check cannot see`);
  return problems;
}

const environments = loadPlatformConfig().environments;
const stacks = buildStacks();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "clickhouse-users-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The values a platform stack passes a chart's release, Terraform references replaced by samples. */
function releaseValues(envName: string, chart: string): string[] {
  const json = synthJson(stacks.get(`${envName}-platform`)!);
  const release = (Object.values(resourcesOf(json, "helm_release")) as { name: string; values: string[] }[]).find((r) => r.name === chart)!;
  return release.values.map((v) => withSampleValues(v));
}

function render(chart: string, values: string[], dir = chartDir(chart)): Obj[] {
  const { lint, template } = lintAndTemplate({ chartDir: dir, name: chart, namespace: "test", values });
  expect(lint.stderr).toBe("");
  if (!template.ok) throw new Error(`helm template of ${chart}: ${template.stderr}`);
  return parseAllDocuments(template.stdout)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
}

const installationOf = (objects: Obj[]) => objects.find((o) => o["kind"] === "ClickHouseInstallation")!;

/** Secret name -> keys the platform-secrets chart's ExternalSecrets write from the Password generator. */
function generatedSecretKeys(objects: Obj[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const es of objects.filter((o) => o["kind"] === "ExternalSecret")) {
    const spec = es["spec"] as { target: { name: string; template?: { data?: Obj } }; dataFrom?: Obj[] };
    const keys = (spec.dataFrom ?? [])
      .filter((d) => ((d["sourceRef"] as Obj | undefined)?.["generatorRef"] as Obj | undefined)?.["kind"] === "Password")
      .map((d) => {
        // The Password generator returns one key, `password`; a rewrite renames it.
        const rewrite = (d["rewrite"] as { regexp: { source: string; target: string } }[] | undefined)?.[0]?.regexp;
        return rewrite && new RegExp(rewrite.source).test("password") ? rewrite.target : "password";
      });
    const templated = Object.keys(spec.target.template?.data ?? {});
    if (keys.length > 0) out.set(spec.target.name, templated.length > 0 ? templated : keys);
  }
  return out;
}

/** Users whose password the installation reads from a Secret key no ExternalSecret of platform-secrets generates. */
function missingPasswords(chi: Obj, secretObjects: Obj[]): string[] {
  const generated = generatedSecretKeys(secretObjects);
  return [...operatorUsers(chi)].flatMap(([user, settings]) => {
    const refs = SECRET_PASSWORD_KEYS.filter((k) => settings.has(k)).map((k) => String(settings.get(k)));
    if (refs.length === 0) return [`user ${user}: no password Secret`];
    return refs
      .map((ref) => ref.split("/").slice(-2))
      .filter(([secret, key]) => !(generated.get(secret!) ?? []).includes(key!))
      .map(([secret, key]) => `user ${user}: ${secret}/${key} is not generated`);
  });
}

describe.each(environments.map((e) => [e.name, e] as const))("ClickHouse users of %s", (name) => {
  const cluster = render("clickhouse-cluster", releaseValues(name, "clickhouse-cluster"));
  const secrets = render("platform-secrets", releaseValues(name, "platform-secrets"));
  const chi = installationOf(cluster);

  test("no user can log in without a password kept in a Secret, and distributed queries carry the cluster secret", () => {
    expect([...operatorUsers(chi).keys()]).toContain("default");
    expect(anonymousAccessProblems(chi)).toEqual([]);
  });

  test("every password the installation reads exists: a key platform-secrets generates", () => {
    expect(missingPasswords(chi, secrets)).toEqual([]);
  });

  test("nothing of ours logs in to the live servers as default: the backup sidecar and job use `backup`", () => {
    const pods = (((chi["spec"] as Obj)["templates"] as Obj)["podTemplates"] as { spec: { containers: Obj[] } }[]).flatMap(
      (t) => t.spec.containers,
    );
    const backupJob = cluster.find((o) => o["kind"] === "CronJob" && (o["metadata"] as Obj)["name"] === "clickhouse-backup");
    const jobContainers = backupJob
      ? ((((backupJob["spec"] as Obj)["jobTemplate"] as Obj)["spec"] as Obj)["template"] as { spec: { containers: Obj[] } }).spec.containers
      : [];
    const logins = [...pods, ...jobContainers].flatMap((c) =>
      ((c["env"] ?? []) as { name: string; value?: string }[]).filter((e) => /^CLICKHOUSE_USER(NAME)?$/.test(e.name)).map((e) => e.value),
    );
    expect(logins).not.toContain("default");
    expect(fs.readFileSync(path.join(chartDir("clickhouse-cluster"), "files", "backup.sh"), "utf8")).toMatch(/--user backup\b/);
  });
});

describe("the anonymous-access check catches what it is for", () => {
  const env = environments[0]!;
  const values = releaseValues(env.name, "clickhouse-cluster");

  /** A copy of the chart with one text replaced in the installation template, rendered with the stack's values. */
  function planted(from: RegExp, to: string): string[] {
    const copy = fs.mkdtempSync(path.join(tmp, "chart-"));
    fs.cpSync(chartDir("clickhouse-cluster"), copy, { recursive: true });
    const file = path.join(copy, "templates", "clickhouse-installation.yaml");
    const text = fs.readFileSync(file, "utf8");
    expect(text).toMatch(from);
    fs.writeFileSync(file, text.replace(from, to));
    return anonymousAccessProblems(installationOf(render("clickhouse-cluster", values, copy)));
  }

  test("default back to localhost without a password", () => {
    expect(planted(/^\s*default\/k8s_secret_password:.*\n/m, "")).toEqual([
      "user default: no password, reachable from loopback (a port-forward) and the installation's pods",
    ]);
  });

  test("a user without a password gets the operator's well-known one", () => {
    expect(planted(/^(\s*)posthog\/k8s_secret_password:.*\n/m, "")).toEqual([
      "user posthog: no password, so the operator's well-known default one, reachable from loopback",
    ]);
  });

  test("a password written into the chart", () => {
    expect(planted(/^(\s*)admin\/k8s_secret_password:.*$/m, '$1admin/password: "hunter2"')).toEqual([
      "user admin: a plaintext password in the chart",
    ]);
  });

  test("a cluster without its inter-server secret", () => {
    expect(planted(/^\s*secret:\n\s*auto: "true"\n/m, "")).toEqual([
      "cluster events: no inter-server secret, distributed queries log in as default",
    ]);
  });

  test("a password Secret that platform-secrets does not generate", () => {
    const chi = installationOf(render("clickhouse-cluster", values));
    const secrets = render("platform-secrets", releaseValues(env.name, "platform-secrets")).filter(
      (o) => !(o["kind"] === "ExternalSecret" && (o["metadata"] as Obj)["name"] === "clickhouse-default-user"),
    );
    expect(missingPasswords(chi, secrets)).toEqual(["user default: clickhouse-default-user/password is not generated"]);
  });

  test("users nested instead of flat are read the same way", () => {
    const chi = { spec: { configuration: { users: { default: { profile: "readonly", networks: { ip: ["::1"] } } }, clusters: [] } } };
    expect(anonymousAccessProblems(chi)).toEqual([
      "user default: no password, reachable from loopback (a port-forward) and the installation's pods",
    ]);
  });
});

describe("docs/access.md says how people log in to ClickHouse", () => {
  test("the ClickHouse row names the default user's password, the cluster secret and this test; no password-less login", () => {
    const page = fs.readFileSync(path.join(repoRoot(), "docs", "access.md"), "utf8");
    const row = page.split("\n").find((l) => l.startsWith("| ClickHouse HTTP interface"))!;
    expect(row).toContain("`clickhouse-default-user` Secret");
    expect(row).toContain("inter-server secret");
    expect(row).toContain("test/charts/clickhouse-users.test.ts");
    expect(row).not.toMatch(/without a password/);
  });
});
