import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";
import { loadPlatformConfig } from "../../lib/config/load";
import { policyReport, uncoveredTypes, violationLines } from "../../lib/policy/report";
import { formatFinding, preflightOutput } from "../../lib/preflight";
import { applyOrder } from "../../lib/preflight/order";
import { readManifest } from "../../lib/synth-output";
import { synthesize } from "../../lib/synth-command";
import { environmentsFixture, freeVpcCidr, shippedFile } from "../helpers/fixtures";
import { buildStacks, resourcesOf, synthJson, type TfJson } from "../helpers/synth";
import { RecoveryDataStack } from "../../stacks/recovery-data-stack";
import { unknownNames } from "../schema/check";
import { missingRunbooks } from "../constructs/observability/helpers";

/**
 * The first shipped production environment with a backup region, its file with the recovery target
 * switched on in a VPC block no shipped file uses, and the first environment that runs the drill.
 */
const shippedEnvs = loadPlatformConfig().environments;
const target = shippedEnvs.find((e) => e.tier === "production" && e.postgres.backupReplicationRegion !== null)!;
const targetFile = path.basename(target.file);
const drCidr = freeVpcCidr();
// With a Postgres restore source: the restored instance goes through every check below (policy, preflight).
const backupsArn = `arn:${target.account.partition}:rds:${target.postgres.backupReplicationRegion!}:${target.account.id}:auto-backup:ab-L2IJCEXJP7XQ7HOJ4SIEXAMPLE`;
const withRecovery = `${shippedFile(targetFile)}\ndisasterRecovery:\n  enabled: true\n  vpcCidr: ${drCidr}\n  postgresRestore:\n    automatedBackupsArn: ${backupsArn}\n`;
const fixtureDir = environmentsFixture({ [targetFile]: withRecovery });
const config = loadPlatformConfig(fixtureDir);
const us = config.environments.find((e) => e.name === target.name)!;
const p = us.name;
const d = config.environments.find((e) => e.disasterRecovery.restoreDrill)!.name;
const backupRegion = us.postgres.backupReplicationRegion!;
const stacks = buildStacks(config, { environments: [...new Set([p, d])] });
for (const s of stacks.values()) s.prepareStack();
const json = (name: string) => synthJson(stacks.get(name)!);
const providerRegion = (name: string) => (json(name).provider?.["aws"] ?? []).find((p) => !p["alias"])?.["region"];

afterAll(() => fs.rmSync(fixtureDir, { recursive: true, force: true }));

describe("recovery stacks", () => {
  test("are off by default: the shipped build has a recovery-* stack only where an environment file asks", () => {
    const shipped = loadPlatformConfig();
    const names = [...buildStacks().keys()];
    for (const env of shipped.environments) {
      const recovery = names.filter((n) => n.startsWith(`${env.name}-recovery-`) && n !== `${env.name}-recovery-drill`);
      expect({ env: env.name, recovery }).toEqual({ env: env.name, recovery: env.disasterRecovery.enabled ? recovery : [] });
      expect(names.includes(`${env.name}-recovery-drill`)).toBe(env.disasterRecovery.restoreDrill);
    }
  });

  test("one flag brings up the network, data and replication stacks, the first two in the backup region", () => {
    for (const layer of ["recovery-network", "recovery-data", "recovery-replication"]) expect(stacks.has(`${p}-${layer}`)).toBe(true);
    expect(providerRegion(`${p}-recovery-network`)).toBe(backupRegion);
    expect(providerRegion(`${p}-recovery-data`)).toBe(backupRegion);
    expect(providerRegion(`${p}-recovery-replication`)).toBe(us.region);
    const vpcs = Object.values(resourcesOf(json(`${p}-recovery-network`), "aws_vpc"));
    expect(vpcs.map((v) => v["cidr_block"])).toEqual([drCidr]);
    // Pilot light: one NAT gateway, no interface endpoints.
    expect(Object.keys(resourcesOf(json(`${p}-recovery-network`), "aws_nat_gateway"))).toHaveLength(1);
    const endpoints = Object.values(resourcesOf(json(`${p}-recovery-network`), "aws_vpc_endpoint"));
    expect(endpoints.every((e) => e["vpc_endpoint_type"] === "Gateway")).toBe(true);
  });

  test("the backups replica keeps the source's Object Lock days and never receives deletions", () => {
    const data = json(`${p}-recovery-data`);
    const lock = Object.values(resourcesOf(data, "aws_s3_bucket_object_lock_configuration"));
    expect(lock.map((l) => (l["rule"] as { default_retention: { days: number } }).default_retention.days)).toEqual([
      us.buckets.backupsObjectLockDays,
    ]);
    const [rule] = Object.values(resourcesOf(json(`${p}-recovery-replication`), "aws_s3_bucket_replication_configuration")).flatMap(
      (r) => r["rule"] as Record<string, unknown>[],
    );
    expect(rule).toMatchObject({
      status: "Enabled",
      delete_marker_replication: { status: "Disabled" },
      source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
      destination: { metrics: { status: "Enabled" } },
    });
  });

  test("the daily RDS snapshot is copied to the recovery vault and the log-archive account's, kept as long as automated backups", () => {
    const plans = Object.values(resourcesOf(json(`${p}-recovery-replication`), "aws_backup_plan"));
    const rule = (plans[0]!["rule"] as Record<string, unknown>[])[0]!;
    expect(rule["lifecycle"]).toEqual({ delete_after: us.postgres.backupRetentionDays });
    expect(rule["copy_action"]).toEqual([
      {
        destination_vault_arn: expect.stringContaining(`terraform_remote_state.cross-stack-reference-input-${p}-recovery-data`),
        lifecycle: { delete_after: us.postgres.backupRetentionDays },
      },
      {
        destination_vault_arn: `arn:aws:backup:${us.region}:${config.organization.logArchiveAccount.id}:backup-vault:${p}-rds-cross-account`,
        lifecycle: { delete_after: us.postgres.backupRetentionDays },
      },
    ]);
    const selection = Object.values(resourcesOf(json(`${p}-recovery-replication`), "aws_backup_selection"))[0]!;
    // The data stack's instance identifier, read from its state.
    expect(selection["resources"]).toEqual([
      expect.stringMatching(new RegExp(`^arn:aws:rds:${us.region}:${us.account.id}:db:\\$\\{.*${p}-data.*identifier\\}$`)),
    ]);
  });

  test("the vault <env>-rds lets the log-archive account copy recovery points back in, and nothing else (runbooks/region-loss.md)", () => {
    const policies = Object.values(resourcesOf(json(`${p}-recovery-replication`), "aws_backup_vault_policy"));
    expect(policies).toHaveLength(1);
    expect(JSON.parse(String(policies[0]!["policy"]))).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CopyBackFromCrossAccountCopies",
          Effect: "Allow",
          Principal: { AWS: [`arn:aws:iam::${config.organization.logArchiveAccount.id}:root`] },
          Action: "backup:CopyIntoBackupVault",
          Resource: expect.stringMatching(/^\$\{aws_backup_vault\.[^}]+\.arn\}$/),
        },
      ],
    });
  });

  test("copy and replication alarms exist and every one links a runbook that exists", () => {
    const replication = json(`${p}-recovery-replication`);
    const alarms = Object.values(resourcesOf(replication, "aws_cloudwatch_metric_alarm")).map((a) => String(a["alarm_name"]));
    expect(alarms.sort()).toEqual(
      [
        `${p}-backups-replication-failed`,
        `${p}-backups-replication-latency`,
        `${p}-rds-recovery-copy-failed`,
        `${p}-rds-recovery-copy-missing`,
      ].sort(),
    );
    expect(missingRunbooks(replication)).toEqual([]);
    expect(missingRunbooks(json(`${d}-recovery-drill`))).toEqual([]);
  });

  describe("Postgres restored from disasterRecovery.postgresRestore", () => {
    const data = json(`${p}-recovery-data`);
    const [instance] = Object.values(resourcesOf(data, "aws_db_instance"));
    /** The recovery data stack alone, for another restore setting (no network stack: literal ids). */
    const recoveryData = (postgresRestore: (typeof us)["disasterRecovery"]["postgresRestore"]): TfJson => {
      const env = { ...us, disasterRecovery: { ...us.disasterRecovery, postgresRestore } };
      const network = {
        vpcId: "vpc-0recovery",
        dataSubnetIds: ["subnet-a", "subnet-b", "subnet-c"],
        dataClientsSecurityGroupId: "sg-clients",
      };
      const stack = new RecoveryDataStack(Testing.app(), `${p}-recovery-data`, { env, region: backupRegion, network });
      stack.prepareStack();
      return synthJson(stack);
    };

    test("is restored in the backup region to the latest time of the replicated automated backups", () => {
      expect(providerRegion(`${p}-recovery-data`)).toBe(backupRegion);
      expect(instance).toMatchObject({
        identifier: `${p}-postgres-restored`,
        restore_to_point_in_time: { source_db_instance_automated_backups_arn: backupsArn, use_latest_restorable_time: true },
      });
      expect(instance).not.toHaveProperty("snapshot_identifier");
    });

    test("with production settings: Multi-AZ, backups kept as long as the primary's, deletion protection, the recovery CMK", () => {
      expect(instance).toMatchObject({
        multi_az: true,
        backup_retention_period: us.postgres.backupRetentionDays,
        deletion_protection: true,
        publicly_accessible: false,
        manage_master_user_password: true,
        instance_class: us.postgres.instanceClass,
        lifecycle: { prevent_destroy: true },
      });
      const [keyId] = Object.keys(resourcesOf(data, "aws_kms_key"));
      for (const arg of ["master_user_secret_kms_key_id", "performance_insights_kms_key_id"])
        expect(instance![arg]).toBe(`\${aws_kms_key.${keyId!}.arn}`);
    });

    test("in the recovery VPC's data subnets, reachable only from its data-clients security group", () => {
      const groups = resourcesOf(data, "aws_db_subnet_group");
      const mine = Object.entries(groups).find(([id]) => String(instance!["db_subnet_group_name"]).includes(`aws_db_subnet_group.${id}.`));
      expect(mine?.[1]["subnet_ids"]).toEqual(groups[Object.keys(groups).find((id) => id !== mine?.[0])!]!["subnet_ids"]);
      expect(String(mine?.[1]["subnet_ids"])).toContain(`${p}-recovery-network`);
      const ingress = Object.values(resourcesOf(data, "aws_vpc_security_group_ingress_rule"));
      const sgIds = instance!["vpc_security_group_ids"] as string[];
      expect(sgIds).toHaveLength(1);
      const rules = ingress.filter((r) => r["security_group_id"] === sgIds[0]);
      expect(rules.map((r) => [r["from_port"], String(r["referenced_security_group_id"]).includes(`${p}-recovery-network`)])).toEqual([
        [5432, true],
      ]);
    });

    test("from a snapshot or to a given time, as the file says", () => {
      const snapshotArn = backupsArn.replace(/auto-backup:.*$/, "snapshot:awsbackup:job-0a1b2c3d");
      const fromSnapshot = Object.values(
        resourcesOf(recoveryData({ automatedBackupsArn: null, restoreTime: null, snapshotArn }), "aws_db_instance"),
      );
      expect(fromSnapshot.map((i) => [i["snapshot_identifier"], i["restore_to_point_in_time"]])).toEqual([[snapshotArn, undefined]]);
      const at = recoveryData({ automatedBackupsArn: backupsArn, restoreTime: "2026-12-07T04:55:00Z", snapshotArn: null });
      expect(Object.values(resourcesOf(at, "aws_db_instance")).map((i) => i["restore_to_point_in_time"])).toEqual([
        { source_db_instance_automated_backups_arn: backupsArn, restore_time: "2026-12-07T04:55:00Z" },
      ]);
    });

    test("names only arguments and blocks the pinned provider has (restore_to_point_in_time, timeouts)", () => {
      expect(unknownNames(`${p}-recovery-data`, data as Record<string, unknown>)).toEqual([]);
    });

    test("uses an enhanced monitoring role the pilot light already made: none is created at restore time (IAM's control plane is in us-east-1)", () => {
      const roleName = `${p}-postgres-restored-rds-monitoring`;
      const monitoringRoles = (stack: TfJson) =>
        Object.entries(resourcesOf(stack, "aws_iam_role")).filter(([, r]) =>
          r["assume_role_policy"]?.toString().includes("monitoring.rds"),
        );
      const before = monitoringRoles(recoveryData(null));
      expect(before.map(([, r]) => r["name"])).toEqual([roleName]);
      const after = monitoringRoles(data);
      expect(after.map(([id, r]) => [id, r["name"]])).toEqual(before.map(([id, r]) => [id, r["name"]]));
      expect(instance!["monitoring_role_arn"]).toBe(`\${aws_iam_role.${after[0]![0]}.arn}`);
    });

    test("is not there without a source: the pilot light holds no database", () => {
      expect(Object.keys(resourcesOf(recoveryData(null), "aws_db_instance"))).toEqual([]);
    });
  });

  test("pass the policy checks, and every resource type they add is checked or explained", () => {
    // The organization stack too: with the recovery target on it holds the locked vault, its key and the copy-back role.
    const names = ["organization", `${p}-recovery-network`, `${p}-recovery-data`, `${p}-recovery-replication`, `${d}-recovery-drill`];
    const report = policyReport(names.map((n) => stacks.get(n)!));
    expect(violationLines(report)).toEqual([]);
    expect(uncoveredTypes(report)).toEqual([]);
  });

  test("the preflight places them after monitoring and finds nothing missing in them from an empty account", () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "recovery-synth-")), "cdktf.out");
    try {
      const errors: string[] = [];
      const code = synthesize({ out, environmentsDir: fixtureDir, table: false, stdout: () => undefined, stderr: (t) => errors.push(t) });
      expect(errors.join("")).toBe("");
      expect(code).toBe(0);
      const order = applyOrder(readManifest(out), config).stacks.map((st) => st.name);
      const positions = [`${p}-data`, `${p}-monitoring`, `${p}-recovery-network`, `${p}-recovery-data`, `${p}-recovery-replication`].map(
        (n) => order.indexOf(n),
      );
      expect(positions.every((at) => at >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      const result = preflightOutput(out, config);
      expect(result.stacksWalked).toBe(fs.readdirSync(path.join(out, "stacks")).length);
      // Findings of the shipped stacks are test/preflight/shipped.test.ts's business; none may name a recovery stack.
      expect(result.findings.map(formatFinding).filter((f) => f.includes("-recovery-"))).toEqual([]);
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });
});

describe("restore drill stack", () => {
  const drill = json(`${d}-recovery-drill`);
  test("restores the newest RDS snapshot of its vault monthly and deletes it after the validation window", () => {
    const plan = Object.values(resourcesOf(drill, "aws_backup_restore_testing_plan"))[0]!;
    expect(plan["schedule_expression"]).toMatch(/^cron\(\S+ \S+ \? \* \w+#1 \*\)$/);
    expect(plan["recovery_point_selection"]).toMatchObject([{ algorithm: "LATEST_WITHIN_WINDOW", recovery_point_types: ["SNAPSHOT"] }]);
    const selection = Object.values(resourcesOf(drill, "aws_backup_restore_testing_selection"))[0]!;
    expect(selection).toMatchObject({ protected_resource_type: "RDS", validation_window_hours: expect.any(Number) });
  });

  test("a failed or aborted restore job raises the warning alarm", () => {
    const rule = Object.values(resourcesOf(drill, "aws_cloudwatch_event_rule"))[0]!;
    expect(JSON.parse(String(rule["event_pattern"]))).toEqual({
      source: ["aws.backup"],
      "detail-type": ["Restore Job State Change"],
      detail: { status: ["FAILED", "ABORTED"] },
    });
    const alarm = Object.values(resourcesOf(drill, "aws_cloudwatch_metric_alarm"))[0]!;
    expect(alarm).toMatchObject({ metric_name: "TriggeredRules", threshold: 1, comparison_operator: "GreaterThanOrEqualToThreshold" });
    expect(String(alarm["alarm_actions"])).toContain("warning");
  });
});
