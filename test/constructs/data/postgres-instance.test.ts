import { TerraformOutput } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  PostgresInstance,
  postgresFamily,
  type PostgresInstanceProps,
  type PostgresRestoreSource,
  type PostgresRestoreToPointInTime,
} from "../../../constructs/data/postgres-instance";
import { NET, all, only, synthConstruct, testStack } from "./harness";
import { exceptionsOf } from "../../../lib/policy/exceptions";

const base: PostgresInstanceProps = {
  identifier: "test-postgres",
  production: false,
  accountId: NET.accountId,
  region: "us-east-1",
  instanceClass: "db.t4g.medium",
  engineVersion: "16",
  allocatedStorageGiB: 20,
  maxAllocatedStorageGiB: 100,
  multiAz: false,
  backupRetentionDays: 7,
  kmsKeyArn: NET.kmsKeyArn,
  vpcId: NET.vpcId,
  subnetIds: [...NET.subnetIds],
  clientSecurityGroupId: NET.clientSecurityGroupId,
};
const prod: PostgresInstanceProps = { ...base, production: true, multiAz: true, backupRetentionDays: 14 };

const synth = (props: Partial<PostgresInstanceProps> = {}, withReplicationRegion?: string) =>
  synthConstruct((stack) => {
    const backupReplication = withReplicationRegion
      ? { region: withReplicationRegion, provider: new AwsProvider(stack, "aws_west", { alias: "west", region: withReplicationRegion }) }
      : undefined;
    new PostgresInstance(stack, "Postgres", { ...base, backupReplication, ...props });
  });

describe("PostgresInstance", () => {
  const staging = synth();
  const db = only(staging, "aws_db_instance");

  test("defaults are secure: CMK, private, managed password, IAM auth, TLS CA, logs, insights, monitoring", () => {
    expect(db).toMatchObject({
      engine: "postgres",
      storage_encrypted: true,
      kms_key_id: NET.kmsKeyArn,
      publicly_accessible: false,
      manage_master_user_password: true,
      master_user_secret_kms_key_id: NET.kmsKeyArn,
      iam_database_authentication_enabled: true,
      ca_cert_identifier: "rds-ca-rsa2048-g1",
      auto_minor_version_upgrade: true,
      copy_tags_to_snapshot: true,
      enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
      performance_insights_enabled: true,
      performance_insights_kms_key_id: NET.kmsKeyArn,
      monitoring_interval: 60,
      backup_retention_period: 7,
      skip_final_snapshot: false,
      final_snapshot_identifier: "test-postgres-final",
      delete_automated_backups: false,
    });
    expect(db).not.toHaveProperty("password");
    expect(db.monitoring_role_arn).toMatch(/aws_iam_role\./);
  });

  test("gp3 with storage autoscaling, and allocated_storage drift ignored", () => {
    expect(db).toMatchObject({ storage_type: "gp3", allocated_storage: 20, max_allocated_storage: 100 });
    expect((db.lifecycle as { ignore_changes: string[] }).ignore_changes).toContain("allocated_storage");
  });

  test("in the data subnets, reachable only from the data-clients security group on 5432", () => {
    expect(only(staging, "aws_db_subnet_group").subnet_ids).toEqual(NET.subnetIds);
    const rules = all(staging, "aws_vpc_security_group_ingress_rule");
    expect(rules).toEqual([
      expect.objectContaining({
        referenced_security_group_id: NET.clientSecurityGroupId,
        from_port: 5432,
        to_port: 5432,
        ip_protocol: "tcp",
      }),
    ]);
    expect(rules[0]).not.toHaveProperty("cidr_ipv4");
    expect(all(staging, "aws_vpc_security_group_egress_rule")).toEqual([]);
  });

  test("parameter group: named after the family, created before the old one is destroyed, TLS forced, statements logged", () => {
    const pg = only(staging, "aws_db_parameter_group");
    expect(pg).toMatchObject({ name: "test-postgres-postgres16", family: "postgres16", lifecycle: { create_before_destroy: true } });
    const params = Object.fromEntries((pg.parameter as { name: string; value: string }[]).map((p) => [p.name, p.value]));
    expect(params).toMatchObject({ "rds.force_ssl": "1", log_statement: "ddl", log_min_duration_statement: "1000" });
    expect(postgresFamily("17.2")).toBe("postgres17");
    const upgraded = only(synth({ engineVersion: "17" }), "aws_db_parameter_group");
    expect(upgraded.name).toBe("test-postgres-postgres17");
  });

  test("enhanced monitoring role is trusted by RDS monitoring only", () => {
    const role = all(staging, "aws_iam_role")[0]!;
    expect(JSON.parse(role.assume_role_policy as string).Statement[0].Principal).toEqual({ Service: "monitoring.rds.amazonaws.com" });
  });

  test("staging is disposable: no prevent_destroy, no deletion protection", () => {
    expect(db.deletion_protection).toBe(false);
    expect(db.lifecycle).not.toHaveProperty("prevent_destroy");
  });

  test("production: Multi-AZ, deletion protection and prevent_destroy", () => {
    const p = only(synth(prod), "aws_db_instance");
    expect(p).toMatchObject({
      multi_az: true,
      deletion_protection: true,
      backup_retention_period: 14,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("cross-region copy of automated backups through the aliased provider, with a CMK in that region", () => {
    const json = synth(prod, "us-west-2");
    const replication = only(json, "aws_db_instance_automated_backups_replication");
    expect(replication).toMatchObject({ provider: "aws.west", retention_period: 14, lifecycle: { prevent_destroy: true } });
    expect(replication.source_db_instance_arn).toMatch(/aws_db_instance\..*\.arn/);
    const key = only(json, "aws_kms_key");
    expect(key).toMatchObject({ provider: "aws.west", enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    expect(replication.kms_key_id).toMatch(/aws_kms_key\..*\.arn/);
    expect(all(staging, "aws_db_instance_automated_backups_replication")).toEqual([]);
  });

  // Defect 15: log exports must land in log groups Terraform made first, under the CMK.
  test.each([false, true])(
    "every exported log goes to a CMK-encrypted log group with a retention, created before the instance (read replica %s)",
    (readReplica) => {
      const json = synth({ readReplica });
      const groups = Object.entries(json.resource?.["aws_cloudwatch_log_group"] ?? {});
      for (const instance of all(json, "aws_db_instance")) {
        const exports = instance.enabled_cloudwatch_logs_exports as string[];
        expect(exports.length).toBeGreaterThan(0);
        for (const type of exports) {
          const match = groups.filter(([, g]) => g.name === `/aws/rds/instance/${instance.identifier as string}/${type}`);
          expect(match).toHaveLength(1);
          const [id, group] = match[0]!;
          expect(group).toMatchObject({ kms_key_id: NET.kmsKeyArn, retention_in_days: 30 });
          expect(instance.depends_on).toContain(`aws_cloudwatch_log_group.${id}`);
        }
      }
      expect(groups).toHaveLength(readReplica ? 4 : 2);
    },
  );

  test("read replica option: a second private, encrypted instance replicating the primary", () => {
    const instances = all(synth({ readReplica: true }), "aws_db_instance");
    expect(instances).toHaveLength(2);
    const replica = instances.find((i) => i.replicate_source_db)!;
    expect(replica).toMatchObject({
      identifier: "test-postgres-replica",
      publicly_accessible: false,
      storage_encrypted: true,
      iam_database_authentication_enabled: true,
    });
    expect(replica.replicate_source_db).toMatch(/aws_db_instance\..*\.identifier/);
  });

  test("the production read replica stays removable while the primary is protected", () => {
    const instances = all(synth({ ...prod, readReplica: true }), "aws_db_instance");
    const replica = instances.find((i) => i.replicate_source_db)!;
    expect(replica.deletion_protection).toBe(false);
    expect(replica.lifecycle).toEqual({ ignore_changes: ["allocated_storage"] });
    expect(instances.find((i) => !i.replicate_source_db)!.lifecycle).toMatchObject({ prevent_destroy: true });
  });

  test.each<[string, Partial<PostgresInstanceProps>, RegExp]>([
    ["identifier is not a DB identifier", { identifier: "Bad_Name" }, /identifier: 1-40 lowercase/],
    ["instanceClass is not an RDS class", { instanceClass: "r6g.large" }, /instanceClass: an RDS instance class/],
    ["engineVersion is too old or malformed", { engineVersion: "12" }, /engineVersion: PostgreSQL 13 or newer/],
    ["allocatedStorageGiB is below gp3's minimum", { allocatedStorageGiB: 10 }, /allocatedStorageGiB: 20 to 65536/],
    [
      "maxAllocatedStorageGiB is below allocatedStorageGiB",
      { maxAllocatedStorageGiB: 10 },
      /maxAllocatedStorageGiB: allocatedStorageGiB \(20\) to 65536/,
    ],
    ["backupRetentionDays is outside 1-35", { backupRetentionDays: 0 }, /^test\/Postgres: backupRetentionDays: 1 to 35 days \(got 0\)$/],
    [
      "production keeps fewer than 14 days of backups",
      { ...prod, backupRetentionDays: 7 },
      /backupRetentionDays: 14 or more days in production/,
    ],
    ["production is single-AZ", { ...prod, multiAz: false }, /multiAz: true in production/],
    ["fewer than two subnets", { subnetIds: ["subnet-a"] }, /subnetIds: at least two subnets/],
    ["logMinDurationStatementMs is negative", { logMinDurationStatementMs: -1 }, /logMinDurationStatementMs: 0 or more/],
    ["logRetentionDays is zero", { logRetentionDays: 0 }, /logRetentionDays: a CloudWatch Logs retention value \(1, 3, 5, .*\) \(got 0\)/],
    // CloudWatch Logs accepts only its listed values: 2 days fails at apply time, so it fails here.
    [
      "logRetentionDays is not a CloudWatch Logs value",
      { logRetentionDays: 2 },
      /logRetentionDays: a CloudWatch Logs retention value .* \(got 2\)/,
    ],
    [
      "the application role is the master user",
      { appUsername: "posthog_admin" },
      /appUsername: a lowercase PostgreSQL role name other than the master user \(posthog_admin\)/,
    ],
    ["the application role name is invalid", { appUsername: "Posthog-App" }, /appUsername: a lowercase PostgreSQL role name/],
  ])("throws when %s", (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test("throws when the backup copy goes to the instance's own region", () => {
    expect(() => synth({}, "us-east-1")).toThrow(/backupReplication.region: a region other than us-east-1/);
  });

  test("lists every problem in one error, each naming the construct path", () => {
    expect(() => synth({ instanceClass: "x", allocatedStorageGiB: 1 })).toThrow(
      /^test\/Postgres: instanceClass: .*\ntest\/Postgres: allocatedStorageGiB: /,
    );
  });
});

describe("PostgresInstance restored from a backup", () => {
  const snapshotArn = `arn:aws:rds:us-east-1:${NET.accountId}:snapshot:awsbackup:job-0a1b2c3d-4e5f-6789-abcd-ef0123456789`;
  const backupsArn = `arn:aws:rds:us-east-1:${NET.accountId}:auto-backup:ab-L2IJCEXJP7XQ7HOJ4SIEXAMPLE`;
  const fromSnapshot = only(synth({ ...prod, restoreFrom: { snapshotIdentifier: snapshotArn } }), "aws_db_instance");
  const pointInTime = (restoreToPointInTime: PostgresRestoreToPointInTime) =>
    only(synth({ ...prod, restoreFrom: { restoreToPointInTime } }), "aws_db_instance");
  const latest = pointInTime({ sourceDbInstanceAutomatedBackupsArn: backupsArn, useLatestRestorableTime: true });
  const created = only(synth(prod), "aws_db_instance");

  test("a snapshot source becomes snapshot_identifier, a point in time restore_to_point_in_time", () => {
    expect(fromSnapshot.snapshot_identifier).toBe(snapshotArn);
    expect(fromSnapshot).not.toHaveProperty("restore_to_point_in_time");
    expect(latest.restore_to_point_in_time).toEqual({
      source_db_instance_automated_backups_arn: backupsArn,
      use_latest_restorable_time: true,
    });
    expect(latest).not.toHaveProperty("snapshot_identifier");
    const at = pointInTime({ sourceDbInstanceAutomatedBackupsArn: backupsArn, restoreTime: "2026-12-07T04:55:00Z" });
    expect(at.restore_to_point_in_time).toEqual({
      source_db_instance_automated_backups_arn: backupsArn,
      restore_time: "2026-12-07T04:55:00Z",
    });
    expect(created).not.toHaveProperty("snapshot_identifier");
    expect(created).not.toHaveProperty("restore_to_point_in_time");
  });

  test.each([
    ["snapshot", () => fromSnapshot],
    ["point in time", () => latest],
  ])("from a %s: the source decides databases, master user, initial size and storage key", (_kind, restored) => {
    for (const arg of ["db_name", "username", "allocated_storage", "kms_key_id", "password"]) expect(restored()).not.toHaveProperty(arg);
    // Still a production instance: the managed password gets a new secret under the given key, and so on.
    expect(restored()).toMatchObject({
      manage_master_user_password: true,
      master_user_secret_kms_key_id: NET.kmsKeyArn,
      performance_insights_kms_key_id: NET.kmsKeyArn,
      storage_encrypted: true,
      multi_az: true,
      deletion_protection: true,
      backup_retention_period: 14,
      max_allocated_storage: 100,
      timeouts: { create: "4h" },
      lifecycle: { prevent_destroy: true, ignore_changes: ["allocated_storage", "snapshot_identifier", "restore_to_point_in_time"] },
    });
  });

  test("declares the guardrails a restore cannot meet, with reasons, and only when restoring", () => {
    const stack = testStack();
    const restored = new PostgresInstance(stack, "Restored", { ...prod, restoreFrom: { snapshotIdentifier: snapshotArn } });
    const fresh = new PostgresInstance(stack, "Fresh", { ...prod, identifier: "fresh-postgres" });
    expect(exceptionsOf(restored.instance).map((e) => e.ruleId)).toEqual(["RDS-02", "RDS-15"]);
    expect(exceptionsOf(fresh.instance)).toEqual([]);
  });

  test("a new instance keeps its own arguments and the provider's create timeout", () => {
    expect(created).toMatchObject({ db_name: "posthog", username: "posthog_admin", allocated_storage: 20, kms_key_id: NET.kmsKeyArn });
    expect(created).not.toHaveProperty("timeouts");
  });

  test("the restored instance's database name is the one RDS reports, not a default", () => {
    const json = synthConstruct((stack) => {
      const pg = new PostgresInstance(stack, "Postgres", { ...prod, restoreFrom: { snapshotIdentifier: snapshotArn } });
      new TerraformOutput(stack, "database", { value: pg.databaseName });
    });
    expect((json.output?.["database"] as { value?: string } | undefined)?.value).toMatch(/^\$\{aws_db_instance\..*\.db_name\}$/);
  });

  test.each<[string, PostgresRestoreSource, RegExp]>([
    [
      "both sources",
      {
        snapshotIdentifier: snapshotArn,
        restoreToPointInTime: { sourceDbInstanceAutomatedBackupsArn: backupsArn, useLatestRestorableTime: true },
      },
      /restoreFrom: exactly one of snapshotIdentifier and restoreToPointInTime/,
    ],
    ["no source", {}, /restoreFrom: exactly one of snapshotIdentifier and restoreToPointInTime \(got \{\}\)/],
    [
      "a snapshot of another region",
      { snapshotIdentifier: snapshotArn.replace("us-east-1", "eu-west-1") },
      /restoreFrom.snapshotIdentifier: the ARN of an RDS snapshot in us-east-1/,
    ],
    [
      "a snapshot name instead of an ARN",
      { snapshotIdentifier: "us-postgres-final" },
      /restoreFrom.snapshotIdentifier: the ARN of an RDS snapshot in us-east-1 .*\(got "us-postgres-final"\)/,
    ],
    [
      "automated backups given as a snapshot",
      { snapshotIdentifier: backupsArn },
      /restoreFrom.snapshotIdentifier: the ARN of an RDS snapshot/,
    ],
    [
      "automated backups of another region",
      {
        restoreToPointInTime: {
          sourceDbInstanceAutomatedBackupsArn: backupsArn.replace("us-east-1", "us-west-2"),
          useLatestRestorableTime: true,
        },
      },
      /sourceDbInstanceAutomatedBackupsArn: the ARN of automated backups in us-east-1/,
    ],
    [
      "a time and the latest time",
      {
        restoreToPointInTime: {
          sourceDbInstanceAutomatedBackupsArn: backupsArn,
          restoreTime: "2026-12-07T04:55:00Z",
          useLatestRestorableTime: true,
        },
      },
      /restoreToPointInTime: exactly one of restoreTime and useLatestRestorableTime: true/,
    ],
    [
      "neither a time nor the latest",
      { restoreToPointInTime: { sourceDbInstanceAutomatedBackupsArn: backupsArn, useLatestRestorableTime: false } },
      /restoreToPointInTime: exactly one of restoreTime/,
    ],
    [
      "a time that is not UTC",
      { restoreToPointInTime: { sourceDbInstanceAutomatedBackupsArn: backupsArn, restoreTime: "2026-12-07T05:55:00+01:00" } },
      /restoreTime: a UTC time such as 2026-12-07T04:55:00Z \(got "2026-12-07T05:55:00\+01:00"\)/,
    ],
    [
      "a time that does not exist",
      { restoreToPointInTime: { sourceDbInstanceAutomatedBackupsArn: backupsArn, restoreTime: "2026-02-30T04:55:00Z" } },
      /restoreTime: a UTC time/,
    ],
  ])("throws when the source names %s", (_name, restoreFrom, message) => {
    expect(() => synth({ ...prod, restoreFrom })).toThrow(message);
  });

  test("throws listing every conflict with a restore at once: databaseName, masterUsername and the source's own problems", () => {
    const restoreFrom = { restoreToPointInTime: { sourceDbInstanceAutomatedBackupsArn: "ab-1", restoreTime: "yesterday" } };
    let message = "";
    try {
      synth({ ...prod, restoreFrom, databaseName: "other", masterUsername: "root_user" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split("\n").map((line) => line.replace(/^test\/Postgres: ([\w.]+): .*$/, "$1"))).toEqual([
      "restoreFrom.restoreToPointInTime.sourceDbInstanceAutomatedBackupsArn",
      "restoreFrom.restoreToPointInTime.restoreTime",
      "databaseName",
      "masterUsername",
    ]);
    expect(message).toContain('databaseName: unset when restoring: the restored instance keeps the source\'s databases (got "other")');
  });
});
