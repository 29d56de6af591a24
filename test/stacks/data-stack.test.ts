import { Testing } from "cdktf";
import { loadPlatformConfig } from "../../lib/config/load";
import type { PlatformConfig } from "../../lib/config/model";
import { evaluateStack } from "../../lib/policy/stack-report";
import { DataStack } from "../../stacks/data-stack";
import { NetworkStack } from "../../stacks/network-stack";
import { environmentsFixture, shippedFile } from "../helpers/fixtures";
import { synthJson, type TfJson } from "../helpers/synth";
import { EPHEMERAL_PLAN_ACTIONS } from "../../constructs/bootstrap/terraform-roles";

/**
 * The network and data stacks of one environment, wired as lib/app.ts wires them. Only these two:
 * the layers above read the data stack but cannot change it.
 */
function dataStackFor(config: PlatformConfig, name: string): DataStack {
  const env = config.environments.find((e) => e.name === name)!;
  const app = Testing.app();
  const network = new NetworkStack(app, `${name}-network`, { env, githubRepository: config.organization.githubRepository });
  return new DataStack(app, `${name}-data`, { env, network: network.outputs });
}

const shipped = loadPlatformConfig();
const stacks = new Map(["us", "eu", "staging"].map((e) => [e, dataStackFor(shipped, e)]));
const data = (name: string) => stacks.get(name)!;
const json = new Map(["us", "eu", "staging"].map((e) => [e, synthJson(data(e))]));
const resources = (j: TfJson, type: string) => Object.values(j.resource?.[type] ?? {});
/** Every resource address (`type.id`) of a synthesized stack. */
const addresses = (j: TfJson) =>
  new Set(Object.entries(j.resource ?? {}).flatMap(([type, rs]) => Object.keys(rs).map((id) => `${type}.${id}`)));
/** Data stacks of the shipped files with one environment file edited. */
const dataStackWith = (file: string, text: string): DataStack =>
  dataStackFor(loadPlatformConfig(environmentsFixture({ [file]: text })), file.replace(".yaml", ""));

describe("data stack", () => {
  test("publishes real outputs, no placeholders", () => {
    const text = JSON.stringify(data("us").outputs);
    expect(text).not.toMatch(/pending-/);
    for (const v of [data("us").outputs.postgres.address, data("us").outputs.kafka.clusterArn, data("us").outputs.dataKmsKeyArn])
      expect(v).toMatch(/\$\{TfToken/);
    expect(data("us").outputs.postgres).toMatchObject({ port: "5432", databaseName: "posthog", appUsername: "posthog_app" });
    // The resource part of the application's rds-db:connect ARN.
    expect(data("us").outputs.postgres.resourceId).toMatch(/\$\{TfToken/);
  });

  test.each(["us", "eu", "staging"])("%s: RDS and MSK accept connections only from the data-clients security group", (env) => {
    const rules = resources(json.get(env)!, "aws_vpc_security_group_ingress_rule");
    expect(rules.length).toBeGreaterThanOrEqual(4);
    for (const r of rules) {
      expect(r.referenced_security_group_id).toEqual(
        expect.stringMatching(/DataClients|dataClients|data_clients|data-clients|pending-network/i),
      );
      expect(r).not.toHaveProperty("cidr_ipv4");
    }
  });

  test.each(["us", "eu", "staging"])("%s: the guardrails find nothing to fail in the data stack", (env) => {
    const failing = evaluateStack(data(env)).filter((f) => f.status === "fail");
    expect(failing.map((f) => `${f.ruleId} ${f.path}: ${f.problems.join("; ")}`)).toEqual([]);
  });

  test.each(["us", "eu"])("%s (production): every data store, key and secret is protected from destroy", (env) => {
    const j = json.get(env)!;
    const protectedTypes = [
      "aws_db_instance",
      "aws_msk_cluster",
      "aws_s3_bucket",
      "aws_kms_key",
      "aws_db_instance_automated_backups_replication",
    ];
    for (const type of protectedTypes) {
      expect(resources(j, type).length).toBeGreaterThan(0);
      for (const r of resources(j, type)) expect(r.lifecycle).toMatchObject({ prevent_destroy: true });
    }
    for (const s of resources(j, "aws_secretsmanager_secret").filter((s) => String(s.name).startsWith("AmazonMSK_"))) {
      expect(s.lifecycle).toEqual({ prevent_destroy: true });
    }
    expect(resources(j, "aws_db_instance")[0]).toMatchObject({ multi_az: true, deletion_protection: true, backup_retention_period: 14 });
  });

  test("staging stays disposable: no prevent_destroy, no object lock, no cross-region copy", () => {
    const j = json.get("staging")!;
    for (const type of ["aws_db_instance", "aws_msk_cluster", "aws_s3_bucket", "aws_kms_key"]) {
      for (const r of resources(j, type)) expect(r).not.toHaveProperty("lifecycle.prevent_destroy");
    }
    expect(resources(j, "aws_s3_bucket_object_lock_configuration")).toEqual([]);
    expect(resources(j, "aws_db_instance_automated_backups_replication")).toEqual([]);
  });

  test("a production read replica passes the guardrails and stays removable", () => {
    const stack = dataStackWith(
      "eu.yaml",
      shippedFile("eu.yaml").replace("backupReplicationRegion: eu-west-1", "backupReplicationRegion: eu-west-1\n  readReplica: true"),
    );
    const replica = resources(synthJson(stack), "aws_db_instance").find((r) => r.replicate_source_db)!;
    expect(replica).toMatchObject({ deletion_protection: false, storage_encrypted: true, publicly_accessible: false });
    expect(replica).not.toHaveProperty("lifecycle.prevent_destroy");
    expect(
      evaluateStack(stack)
        .filter((f) => f.status === "fail")
        .map((f) => `${f.ruleId} ${f.path}`),
    ).toEqual([]);
  });

  test("automated backups are copied to the region in the environment file, through an aliased provider", () => {
    const providers = (env: string) => json.get(env)!.provider!.aws!;
    expect(providers("us")).toContainEqual(
      expect.objectContaining({ alias: "backup_replication", region: "us-west-2", allowed_account_ids: ["200000000001"] }),
    );
    expect(providers("eu")).toContainEqual(expect.objectContaining({ alias: "backup_replication", region: "eu-west-1" }));
    expect(resources(json.get("us")!, "aws_db_instance_automated_backups_replication")[0]).toMatchObject({
      provider: "aws.backup_replication",
    });
  });

  test("production backups bucket has COMPLIANCE object lock with the environment's days", () => {
    expect(resources(json.get("us")!, "aws_s3_bucket_object_lock_configuration")).toEqual([
      expect.objectContaining({ rule: { default_retention: { mode: "COMPLIANCE", days: 14 } } }),
    ]);
  });

  test("every data bucket logs access to the access-log bucket", () => {
    const j = json.get("us")!;
    const logging = resources(j, "aws_s3_bucket_logging");
    // Every bucket but the access-log bucket itself.
    expect(logging).toHaveLength(resources(j, "aws_s3_bucket").length - 1);
    for (const l of logging) expect(l.target_bucket).toMatch(/aws_s3_bucket\.AccessLogsBucket/);
  });

  test("every ephemeral resource type the data stacks open has the plan role's permission row", () => {
    const types = [...json.values()].flatMap((j) => Object.keys((j as { ephemeral?: Record<string, unknown> }).ephemeral ?? {}));
    expect(types.length).toBeGreaterThan(0);
    for (const type of new Set(types)) expect({ type, row: EPHEMERAL_PLAN_ACTIONS[type] }).toEqual({ type, row: expect.any(Array) });
  });

  test("no secret value anywhere in the data stacks: secret versions are write-only", () => {
    for (const j of json.values()) {
      for (const v of resources(j, "aws_secretsmanager_secret_version")) {
        expect(v).not.toHaveProperty("secret_string");
        expect(v).not.toHaveProperty("secret_binary");
        expect(v).toHaveProperty("secret_string_wo");
      }
    }
  });

  // Defect 7: the restore host must reach Heroku and the package repositories.
  describe.each(shipped.environments.filter((e) => e.migration.heroku.enabled).map((e) => e.name))("%s: Heroku restore host", (name) => {
    test("sits in a subnet whose route table sends 0.0.0.0/0 to a NAT gateway", () => {
      const env = shipped.environments.find((e) => e.name === name)!;
      const app = Testing.app();
      const network = new NetworkStack(app, `${name}-network`, { env, githubRepository: shipped.organization.githubRepository });
      const stack = new DataStack(app, `${name}-data`, { env, network: network.outputs });
      const net = synthJson(network);
      const subnetId = resources(synthJson(stack), "aws_instance")[0]!.subnet_id;
      const tables = resources(net, "aws_route_table_association")
        .filter((a) => a.subnet_id === subnetId)
        .map((a) => a.route_table_id);
      expect(tables).toHaveLength(1);
      const routes = [
        ...resources(net, "aws_route").filter((r) => r.route_table_id === tables[0]),
        ...Object.entries(net.resource?.["aws_route_table"] ?? {})
          .filter(([id]) => tables[0] === `\${aws_route_table.${id}.id}`)
          .flatMap(([, t]) => (t.route as Record<string, unknown>[] | undefined) ?? []),
      ];
      expect(routes).toContainEqual(
        expect.objectContaining({ destination_cidr_block: "0.0.0.0/0", nat_gateway_id: expect.stringMatching(/aws_nat_gateway\./) }),
      );
    });
  });

  test("the US environment ships with the Heroku migration tooling; EU and staging do not", () => {
    expect(resources(json.get("us")!, "aws_instance")).toHaveLength(1);
    expect(resources(json.get("eu")!, "aws_instance")).toEqual([]);
    expect(resources(json.get("staging")!, "aws_instance")).toEqual([]);
  });

  describe("migration switch", () => {
    const us = shippedFile("us.yaml");
    const on = addresses(json.get("us")!);
    const offJson = synthJson(dataStackWith("us.yaml", us.replace("enabled: true", "enabled: false")));
    const off = addresses(offJson);
    const dmsStack = dataStackWith("us.yaml", us.replace("enabled: true", "enabled: true\n    dms: true"));
    const withDms = addresses(synthJson(dmsStack));
    const migrationOnly = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x));

    test("switching it off removes only migration resources and leaves every other address unchanged", () => {
      const removed = migrationOnly(on, off);
      expect(removed.length).toBeGreaterThanOrEqual(8);
      for (const address of removed) expect(address).toMatch(/\.HerokuMigration_/);
      expect(migrationOnly(off, on)).toEqual([]);
    });

    test("DMS adds only DMS resources under the migration construct", () => {
      const added = migrationOnly(withDms, on);
      expect(added.some((a) => a.startsWith("aws_dms_replication_task."))).toBe(true);
      for (const address of added) expect(address).toMatch(/\.HerokuMigration_/);
      expect(migrationOnly(on, withDms)).toEqual([]);
    });

    test("the database is configured identically with the tooling on or off", () => {
      const db = (j: TfJson) => resources(j, "aws_db_instance")[0];
      expect(db(offJson)).toEqual(db(json.get("us")!));
    });

    test("the DMS resources pass the guardrails too", () => {
      const failing = evaluateStack(dmsStack).filter((f) => f.status === "fail");
      expect(failing.map((f) => `${f.ruleId} ${f.path}: ${f.problems.join("; ")}`)).toEqual([]);
    });
  });
});
