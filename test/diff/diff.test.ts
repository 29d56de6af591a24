import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { diffSynth, readSynthTree, runDiff, EXIT_DESTRUCTIVE } from "../../lib/diff";
import { synthesizeRevision } from "../../lib/diff/base-ref";
import { compareVersions } from "../../lib/diff/compare";
import { repoRoot } from "../../lib/paths";
import { renderMarkdown } from "../../lib/diff/render";
import fixture from "./fixtures/us-data.json";

type Json = Record<string, unknown>;
type Resources = Record<string, Record<string, Json>>;

/** A deep copy of the fixture stack with edits applied to its resources. */
function stack(edit: (resources: Resources) => void = () => undefined): Json {
  const copy = JSON.parse(JSON.stringify(fixture)) as Json & { resource: Resources };
  edit(copy.resource);
  return copy;
}

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Writes a cdktf-shaped output folder (manifest.json + stacks/<name>/cdk.tf.json), removed after the tests. */
function writeTree(stacks: Record<string, Json>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diff-"));
  scratch.push(dir);
  const manifest: { version: string; stacks: Record<string, unknown> } = { version: "0.21.0", stacks: {} };
  for (const [name, json] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
    manifest.stacks[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, dependencies: [] };
  }
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
  return dir;
}

function diff(base: Record<string, Json>, head: Record<string, Json>) {
  return diffSynth(readSynthTree(writeTree(base)), readSynthTree(writeTree(head)));
}

function run(
  base: Record<string, Json>,
  head: Record<string, Json>,
  extra: { allowDestroy?: boolean; format?: "text" | "markdown"; stacks?: string[] } = {},
) {
  let stdout = "";
  let stderr = "";
  const code = runDiff({
    base: writeTree(base),
    head: writeTree(head),
    allowDestroy: extra.allowDestroy ?? false,
    format: extra.format ?? "text",
    ...(extra.stacks ? { stacks: extra.stacks } : {}),
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

const DB = "aws_db_instance.postgres_Instance_5E6F7A8B";
/** A Terraform interpolation, `${expr}`. */
const tf = (expr: string) => `\${${expr}}`;
const KAFKA = "aws_msk_cluster.kafka_Cluster_9C0D1E2F";

describe("offline diff", () => {
  test("identical outputs: no changes, exit 0", () => {
    const result = run({ "us-data": stack() }, { "us-data": stack() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("No changes.");
  });

  test("reports added, removed and changed resources per stack, at attribute level", () => {
    const result = diff(
      { "us-data": stack() },
      {
        "us-data": stack((r) => {
          delete r.aws_security_group;
          r.aws_sns_topic = { alarms: { name: "us-alarms" } };
          r.aws_db_instance![DB.split(".")[1]!]!.instance_class = "db.r7g.2xlarge";
        }),
      },
    );
    const changes = result.stacks[0]!.resources;
    expect(changes.map((c) => [c.address, c.kind])).toEqual([
      [DB, "update"],
      ["aws_security_group.kafka_SecurityGroup_7E8F9A0B", "destroy"],
      ["aws_sns_topic.alarms", "create"],
    ]);
    expect(changes[0]!.changes).toEqual([{ path: "instance_class", before: "db.r7g.xlarge", after: "db.r7g.2xlarge" }]);
    expect(result.destructive).toEqual([]);
  });

  test("JSON documents in strings (policies) are compared statement by statement", () => {
    const policy = (actions: string[]) =>
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Use", Effect: "Allow", Action: actions, Resource: "*" }] });
    const result = diff(
      { "us-data": stack((r) => (r.aws_kms_key!["data-key_Resource_1A2B3C4D"]!.policy = policy(["kms:Decrypt"]))) },
      { "us-data": stack((r) => (r.aws_kms_key!["data-key_Resource_1A2B3C4D"]!.policy = policy(["kms:Decrypt", "kms:Encrypt"]))) },
    );
    expect(result.stacks[0]!.resources[0]!.changes).toEqual([
      { path: "policy(json).Statement[0].Action", before: ["kms:Decrypt"], after: ["kms:Decrypt", "kms:Encrypt"] },
    ]);
  });

  test("nested block changes carry their full path", () => {
    const result = diff(
      { "us-data": stack() },
      {
        "us-data": stack(
          (r) => ((r.aws_msk_cluster!["kafka_Cluster_9C0D1E2F"]!.broker_node_group_info as Json[])[0]!.instance_type = "kafka.m7g.xlarge"),
        ),
      },
    );
    const kafka = result.stacks[0]!.resources[0]!;
    expect(kafka).toMatchObject({ address: KAFKA, kind: "update" });
    expect(kafka.changes).toEqual([
      { path: "broker_node_group_info[0].instance_type", before: "kafka.m7g.large", after: "kafka.m7g.xlarge" },
    ]);
  });

  test.each([
    [
      "RDS KMS key",
      (r: Resources) => (r.aws_db_instance!["postgres_Instance_5E6F7A8B"]!.kms_key_id = "arn:aws:kms:us-east-1:1:key/x"),
      DB,
      "kms_key_id",
    ],
    ["RDS master username", (r: Resources) => (r.aws_db_instance!["postgres_Instance_5E6F7A8B"]!.username = "admin"), DB, "username"],
    [
      "MSK client subnets",
      (r: Resources) =>
        ((r.aws_msk_cluster!["kafka_Cluster_9C0D1E2F"]!.broker_node_group_info as Json[])[0]!.client_subnets = [
          "subnet-a",
          "subnet-b",
          "subnet-d",
        ]),
      KAFKA,
      "broker_node_group_info[0].client_subnets",
    ],
    [
      "MSK Kafka downgrade",
      (r: Resources) => (r.aws_msk_cluster!["kafka_Cluster_9C0D1E2F"]!.kafka_version = "3.5.1"),
      KAFKA,
      "kafka_version",
    ],
    [
      "S3 bucket name",
      (r: Resources) => (r.aws_s3_bucket!["backups_Bucket_3A4B5C6D"]!.bucket = "analytics-us-backups-2"),
      "aws_s3_bucket.backups_Bucket_3A4B5C6D",
      "bucket",
    ],
  ])("a change to %s replaces the resource and is refused", (_name, edit, address, attribute) => {
    const result = run({ "us-data": stack() }, { "us-data": stack(edit) });
    expect(result.code).toBe(EXIT_DESTRUCTIVE);
    expect(result.stdout).toMatch(new RegExp(`-/\\+ ${address.replace(/\./g, "\\.")}`));
    expect(result.stdout).toContain(`${attribute}: `);
    expect(result.stdout).toContain("# forces replacement");
    expect(result.stdout).toContain("REFUSED");
  });

  test.each([
    ["MSK Kafka upgrade", (r: Resources) => (r.aws_msk_cluster!["kafka_Cluster_9C0D1E2F"]!.kafka_version = "3.10.0")],
    ["MSK broker count", (r: Resources) => (r.aws_msk_cluster!["kafka_Cluster_9C0D1E2F"]!.number_of_broker_nodes = 6)],
    ["RDS engine version", (r: Resources) => (r.aws_db_instance!["postgres_Instance_5E6F7A8B"]!.engine_version = "17.2")],
    ["RDS subnet group", (r: Resources) => (r.aws_db_instance!["postgres_Instance_5E6F7A8B"]!.db_subnet_group_name = "us-data-2")],
    // The hand-kept list said identifier forces a new instance; the provider source renames in place.
    ["RDS identifier", (r: Resources) => (r.aws_db_instance!["postgres_Instance_5E6F7A8B"]!.identifier = "us-app")],
    [
      "MSK broker instance type (inside the ForceNew broker_node_group_info block)",
      (r: Resources) =>
        ((r.aws_msk_cluster!["kafka_Cluster_9C0D1E2F"]!.broker_node_group_info as Json[])[0]!.instance_type = "kafka.m7g.xlarge"),
    ],
  ])("%s is an in-place update and passes", (_name, edit) => {
    const result = run({ "us-data": stack() }, { "us-data": stack(edit) });
    expect(result.stdout).not.toContain("forces replacement");
    expect(result.code).toBe(0);
  });

  test("renaming a stateful resource's construct id is a destroy + create, flagged as a rename and refused", () => {
    const head = stack((r) => {
      const db = r.aws_db_instance!["postgres_Instance_5E6F7A8B"]!;
      delete r.aws_db_instance!["postgres_Instance_5E6F7A8B"];
      r.aws_db_instance!["app-db_Instance_0F1E2D3C"] = {
        ...db,
        "//": { metadata: { path: "us-data/app-db/Instance", uniqueId: "app-db_Instance_0F1E2D3C" } },
      };
    });
    const result = diff({ "us-data": stack() }, { "us-data": head });
    const [created, destroyed] = result.stacks[0]!.resources;
    expect(destroyed).toMatchObject({
      address: DB,
      kind: "destroy",
      stateful: true,
      renamedTo: { address: "aws_db_instance.app-db_Instance_0F1E2D3C", constructPath: "us-data/app-db/Instance" },
    });
    expect(created).toMatchObject({ kind: "create", renamedFrom: { address: DB } });
    expect(result.destructive.map((d) => d.address)).toEqual([DB]);

    const text = run({ "us-data": stack() }, { "us-data": head });
    expect(text.code).toBe(EXIT_DESTRUCTIVE);
    expect(text.stdout).toContain("construct id changed (us-data/postgres/Instance -> us-data/app-db/Instance)");
  });

  test("moving a stateful resource to another stack is a destroy + create too", () => {
    const head = {
      "us-data": stack((r) => delete r.aws_s3_bucket),
      "us-archive": { resource: { aws_s3_bucket: { backups: { bucket: "analytics-us-backups", object_lock_enabled: false } } } },
    };
    const result = diff({ "us-data": stack() }, head);
    expect(result.destructive).toEqual([
      expect.objectContaining({
        address: "aws_s3_bucket.backups_Bucket_3A4B5C6D",
        renamedTo: expect.objectContaining({ stack: "us-archive" }),
      }),
    ]);
    expect(result.stacks.find((s) => s.stack === "us-archive")!.status).toBe("added");
  });

  test("--stack reports one stack, still knowing about moves to other stacks", () => {
    const head = {
      "us-data": stack((r) => delete r.aws_s3_bucket),
      "us-archive": { resource: { aws_s3_bucket: { backups: { bucket: "analytics-us-backups", object_lock_enabled: false } } } },
    };
    const result = run({ "us-data": stack() }, head, { stacks: ["us-data"] });
    expect(result.code).toBe(EXIT_DESTRUCTIVE);
    expect(result.stdout).toContain("(now aws_s3_bucket.backups in us-archive)");
    expect(result.stdout).not.toContain("us-archive (added)");
  });

  test("removing a whole stack destroys its stateful resources and is refused", () => {
    const result = run({ "us-data": stack() }, {});
    expect(result.code).toBe(EXIT_DESTRUCTIVE);
    expect(result.stdout).toContain("us-data (removed)");
    expect(result.stdout).toContain("Loses every topic and unconsumed event");
  });

  test("renaming a stateless resource is reported but not refused", () => {
    const head = stack((r) => {
      r.aws_security_group = { brokers_SecurityGroup_1: { ...r.aws_security_group!["kafka_SecurityGroup_7E8F9A0B"]! } };
    });
    const result = run({ "us-data": stack() }, { "us-data": head });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("aws_security_group.brokers_SecurityGroup_1 (was aws_security_group.kafka_SecurityGroup_7E8F9A0B)");
  });

  test("--allow-destroy reports the destruction and exits 0", () => {
    const result = run({ "us-data": stack() }, {}, { allowDestroy: true });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("ALLOWED by --allow-destroy");
  });

  test("removing EKS secrets encryption forces replacement; adding it does not", () => {
    const cluster = (encrypted: boolean) => ({
      resource: {
        aws_eks_cluster: {
          main: { name: "us", ...(encrypted ? { encryption_config: [{ resources: ["secrets"], provider: [{ key_arn: "k" }] }] } : {}) },
        },
      },
    });
    expect(diff({ "us-cluster": cluster(true) }, { "us-cluster": cluster(false) }).destructive).toHaveLength(1);
    expect(diff({ "us-cluster": cluster(false) }, { "us-cluster": cluster(true) }).destructive).toHaveLength(0);
  });

  test("the ClickHouse helm release is guarded (renaming it reinstalls ClickHouse); other releases are replaced without refusal", () => {
    const platform = (clickhouseName: string, operatorName: string) => ({
      resource: {
        helm_release: {
          ch: { name: clickhouseName, chart: "./assets/clickhouse-cluster", namespace: "clickhouse" },
          op: { name: operatorName, chart: "altinity-clickhouse-operator", namespace: "clickhouse" },
        },
      },
    });
    const result = diff(
      { "us-platform": platform("clickhouse-cluster", "clickhouse-operator") },
      { "us-platform": platform("clickhouse", "operator") },
    );
    expect(result.destructive.map((d) => [d.address, d.kind])).toEqual([["helm_release.ch", "replace"]]);
    expect(result.stacks[0]!.resources.find((r) => r.address === "helm_release.op")).toMatchObject({ kind: "replace", stateful: false });
  });

  test("removing deletion guards is called out, without failing on its own", () => {
    const head = stack((r) => {
      const db = r.aws_db_instance!["postgres_Instance_5E6F7A8B"]!;
      db.deletion_protection = false;
      delete db.lifecycle;
    });
    const result = run({ "us-data": stack() }, { "us-data": head });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("deletion_protection: true -> false # protection removed: AWS will no longer refuse to delete it");
    expect(result.stdout).toContain(
      'lifecycle: {"prevent_destroy":true} -> (absent) # protection removed: Terraform will no longer refuse to destroy it',
    );
    const md = run({ "us-data": stack() }, { "us-data": head }, { format: "markdown" }).stdout;
    expect(md).toContain("deletion_protection: protection removed, AWS will no longer refuse to delete it.");
  });

  test("markdown names the stack, the verdict and each attribute change", () => {
    const result = diff(
      { "us-data": stack() },
      { "us-data": stack((r) => (r.aws_db_instance!["postgres_Instance_5E6F7A8B"]!.storage_encrypted = false)) },
    );
    const md = renderMarkdown(result, { format: "markdown", allowDestroy: false });
    expect(md).toContain("#### `us-data` (changed): 0 to add, 0 to change, 1 to replace, 0 to destroy");
    expect(md).toContain(":no_entry:");
    expect(md).toContain("storage_encrypted: true -> false # forces replacement");
    expect(md).toContain("| `-/+` | `aws_db_instance.postgres_Instance_5E6F7A8B` | `us-data/postgres/Instance` |");
  });

  test("markdown lists created resources compactly, under a fold", () => {
    const result = diff({ "us-data": stack() }, { "us-data": stack((r) => (r.aws_sns_topic = { alarms: { name: "us-alarms" } })) });
    const md = renderMarkdown(result, { format: "markdown", allowDestroy: false });
    expect(md).toContain("<details><summary>1 to add</summary>\n\n- `aws_sns_topic.alarms`");
    expect(md).not.toContain("| `+` |");
  });

  test("stack settings (backend key) changes are reported", () => {
    const head = stack();
    (head.terraform as { backend: { s3: Json } }).backend.s3.key = "moved/terraform.tfstate";
    const result = run({ "us-data": stack() }, { "us-data": head });
    expect(result.stdout).toContain('stack setting terraform.backend.s3.key: "us-data/terraform.tfstate" -> "moved/terraform.tfstate"');
  });

  test("a folder without manifest.json is refused with a message, exit 1", () => {
    let stderr = "";
    const code = runDiff({
      base: os.tmpdir(),
      head: os.tmpdir(),
      allowDestroy: false,
      format: "text",
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
    });
    expect(code).toBe(1);
    expect(stderr).toContain("no manifest.json");
  });

  test("--base-ref refuses a revision that does not exist, before creating anything", () => {
    expect(() => synthesizeRevision(repoRoot(), "no-such-branch-for-diff-test")).toThrow(
      "--base-ref: no-such-branch-for-diff-test is not a commit of this repository",
    );
  });

  test("a replacement carries the resources whose forcing argument refers to it (VPC -> subnet)", () => {
    const network = (cidr: string) => ({
      resource: {
        aws_vpc: { main: { cidr_block: cidr } },
        aws_subnet: { a: { vpc_id: tf("aws_vpc.main.id"), cidr_block: "10.0.0.0/24", availability_zone: "us-east-1a" } },
        aws_route_table: { rt: { vpc_id: tf("aws_vpc.main.id") } },
      },
    });
    const result = diff({ "us-network": network("10.0.0.0/16") }, { "us-network": network("10.9.0.0/16") });
    const subnet = result.stacks[0]!.resources.find((r) => r.address === "aws_subnet.a");
    expect(subnet).toMatchObject({ kind: "replace", stateful: true });
    expect(subnet!.changes).toEqual([
      {
        path: "vpc_id",
        before: tf("aws_vpc.main.id"),
        after: "(known after apply)",
        forcesReplacement: "refers to aws_vpc.main, which is replaced",
      },
    ]);
    // No provider source for route tables in the table: not guessed either way.
    expect(result.stacks[0]!.resources.find((r) => r.address === "aws_route_table.rt")).toBeUndefined();
    expect(result.destructive.map((r) => r.address).sort()).toEqual(["aws_subnet.a", "aws_vpc.main"]);
  });

  test("a reference to a literal argument of a replaced resource is known at plan time and replaces nothing", () => {
    const network = (cidr: string) => ({
      resource: {
        aws_vpc: { main: { cidr_block: cidr, ipv4_ipam_pool_id: "ipam-1" } },
        aws_subnet: { a: { vpc_id: "vpc-1", ipv4_ipam_pool_id: tf("aws_vpc.main.ipv4_ipam_pool_id") } },
      },
    });
    const result = diff({ "us-network": network("10.0.0.0/16") }, { "us-network": network("10.9.0.0/16") });
    expect(result.stacks[0]!.resources.map((r) => r.address)).toEqual(["aws_vpc.main"]);
  });

  test("a provider region change replaces the regional resources on that provider only", () => {
    const stack = (region: string) => ({
      provider: { aws: [{ region }, { alias: "replica", region: "us-west-2" }] },
      resource: {
        aws_db_instance: { db: { engine: "postgres" }, replica: { engine: "postgres", provider: "aws.replica" } },
        aws_iam_role: { r: { name: "app" } },
      },
    });
    const result = run({ "us-data": stack("us-east-1") }, { "us-data": stack("eu-west-1") });
    expect(result.code).toBe(EXIT_DESTRUCTIVE);
    expect(result.stdout).toContain('region: "us-east-1" -> "eu-west-1" # forces replacement: its region changes (provider aws)');
    const changes = diff({ "us-data": stack("us-east-1") }, { "us-data": stack("eu-west-1") }).stacks[0]!;
    expect(changes.resources.map((r) => [r.address, r.kind])).toEqual([["aws_db_instance.db", "replace"]]);
    expect(changes.settings.map((c) => c.path)).toEqual(["provider.aws.region"]);
  });

  // The types whose loss the catalog added later (lib/catalog/resource-types.ts): a planned
  // replacement of each, through an argument the provider source marks ForceNew, is refused.
  test.each([
    ["kubernetes_namespace_v1", { metadata: [{ name: "clickhouse" }] }, { metadata: [{ name: "analytics" }] }, "metadata[0].name"],
    [
      "aws_backup_vault",
      { name: "us-rds", kms_key_arn: "arn:aws:kms:us-west-2:1:key/a" },
      { name: "us-rds-2", kms_key_arn: "arn:aws:kms:us-west-2:1:key/a" },
      "name",
    ],
    [
      "aws_db_instance_automated_backups_replication",
      { source_db_instance_arn: "arn:aws:rds:us-east-1:1:db:a", retention_period: 7 },
      { source_db_instance_arn: "arn:aws:rds:us-east-1:1:db:a", retention_period: 14 },
      "retention_period",
    ],
    ["aws_eip", { domain: "vpc" }, { domain: "vpc", network_border_group: "us-east-1-wl1" }, "network_border_group"],
    ["aws_codeconnections_connection", { name: "github", provider_type: "GitHub" }, { name: "github-ci", provider_type: "GitHub" }, "name"],
    [
      "aws_s3_bucket_replication_configuration",
      { bucket: "us-backups", role: "arn:aws:iam::1:role/r" },
      { bucket: "us-backups-2", role: "arn:aws:iam::1:role/r" },
      "bucket",
    ],
  ])("replacing %s is refused and says what it loses", (type, before, after, path) => {
    const stack = (body: Json) => ({ resource: { [type]: { it: body } } });
    const result = run({ "us-data": stack(before) }, { "us-data": stack(after) });
    expect(result.code).toBe(EXIT_DESTRUCTIVE);
    const change = diff({ "us-data": stack(before) }, { "us-data": stack(after) }).destructive[0];
    expect(change).toMatchObject({ address: `${type}.it`, kind: "replace", stateful: true });
    expect(change!.changes.find((c) => c.path === path)?.forcesReplacement).toBeDefined();
    expect(result.stdout).toMatch(/Loses [a-z]/);
  });

  test("a GuardDuty detector (nothing ForceNew) is replaced, and refused, only by a region change; its settings update in place", () => {
    const stack = (region: string, frequency: string) => ({
      provider: { aws: [{ region }] },
      resource: { aws_guardduty_detector: { main: { enable: true, finding_publishing_frequency: frequency } } },
    });
    const moved = run({ organization: stack("us-east-1", "SIX_HOURS") }, { organization: stack("eu-west-1", "SIX_HOURS") });
    expect(moved.code).toBe(EXIT_DESTRUCTIVE);
    expect(moved.stdout).toContain("GuardDuty findings");
    const tuned = diff({ organization: stack("us-east-1", "SIX_HOURS") }, { organization: stack("us-east-1", "ONE_HOUR") });
    expect(tuned.stacks[0]!.resources.map((r) => r.kind)).toEqual(["update"]);
    expect(tuned.destructive).toEqual([]);
  });

  test("providers are compared by alias, not by position", () => {
    const stack = (aliases: string[]) => ({
      provider: { aws: [{ region: "us-east-1" }, ...aliases.map((alias) => ({ alias, region: "us-east-1" }))] },
      resource: {},
    });
    const result = diff({ organization: stack(["audit", "prod"]) }, { organization: stack(["analytics", "audit", "prod"]) });
    expect(result.stacks[0]!.settings).toEqual([{ path: "provider.aws.analytics", after: { alias: "analytics", region: "us-east-1" } }]);
  });

  test("an update of a type the table has no source for says replacement is unknown", () => {
    const stack = (name: string) => ({ resource: { aws_sns_topic: { t: { display_name: name } } } });
    const result = run({ "us-data": stack("a") }, { "us-data": stack("b") });
    expect(result.stdout).toContain("?? update or replacement unknown: provider source for this type was not available");
  });

  test("a conditional replacement the guard cannot decide is reported as such, not as an update or a replacement", () => {
    const vpc = (tenancy: string) => ({ resource: { aws_vpc: { main: { cidr_block: "10.0.0.0/16", instance_tenancy: tenancy } } } });
    const result = run({ "us-network": vpc("dedicated") }, { "us-network": vpc("default") });
    expect(result.stdout).toContain(
      'instance_tenancy: "dedicated" -> "default" # may force replacement (CustomizeDiff d.ForceNew on instance_tenancy',
    );
    expect(result.code).toBe(0);
  });

  test("removing a ForceNew nested block replaces the resource (changes inside it follow the inner attribute: see broker instance type)", () => {
    const removed = diff(
      { "us-data": stack() },
      { "us-data": stack((r) => delete r.aws_msk_cluster!["kafka_Cluster_9C0D1E2F"]!.encryption_info) },
    );
    expect(removed.stacks[0]!.resources[0]!.changes[0]).toMatchObject({
      path: "encryption_info",
      forcesReplacement: "the encryption_info block cannot be removed in place",
    });
  });

  test("versions compare numerically", () => {
    expect(compareVersions("3.10.0", "3.9.1")).toBe(1);
    expect(compareVersions("3.5.1", "3.6.0")).toBe(-1);
    expect(compareVersions("3.6.0", "3.6.0")).toBe(0);
  });
});
