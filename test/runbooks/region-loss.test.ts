import * as fs from "node:fs";
import * as path from "node:path";
import { COPY_MAX_QUIET_HOURS, REPLICATION_MAX_LATENCY_SECONDS } from "../../constructs/observability/backup-copy-alarms";
import { RDS_BACKUP_PLAN_SCHEDULE } from "../../constructs/recovery/rds-backup-plan";
import { clickhouseDefaults } from "../../lib/config/sections/clickhouse";
import { repoRoot } from "../../lib/paths";
import { RECOVERY_LAYERS } from "../../lib/app";
import { postgresRestoreInput } from "../../lib/config/sections/disaster-recovery";
import { RESTORE_CREATE_TIMEOUT } from "../../constructs/data/private/postgres-restore";
import { restoredPostgresIdentifier } from "../../stacks/recovery-data-stack";

/**
 * The region-loss runbook states the recovery point the configuration achieves. These are the
 * values it is derived from: changing one without the runbook fails here, naming what to update.
 */
const runbook = fs.readFileSync(path.join(repoRoot(), "runbooks/region-loss.md"), "utf8");
const chartJobDeadlineHours = (): number => {
  const template = fs.readFileSync(path.join(repoRoot(), "charts/clickhouse-cluster/templates/backup-cronjob.yaml"), "utf8");
  return Number(/activeDeadlineSeconds: (\d+)/.exec(template)![1]) / 3600;
};

describe("runbooks/region-loss.md", () => {
  test.each([
    ["the AWS Backup snapshot schedule (RdsBackupPlan)", `\`${RDS_BACKUP_PLAN_SCHEDULE}\``],
    ["the copy heartbeat (BackupCopyAlarms)", `paged at ${COPY_MAX_QUIET_HOURS} h`],
    ["the replication latency alarm (BackupCopyAlarms)", `paged at ${REPLICATION_MAX_LATENCY_SECONDS / 3600} h`],
    ["the production ClickHouse backup schedule", `\`${clickhouseDefaults.production.backup.schedule}\``],
    ["the backup job's deadline (charts/clickhouse-cluster)", `at most ${chartJobDeadlineHours()} h, the job's deadline`],
  ])("states %s", (_what, text) => {
    expect(runbook).toContain(text);
  });

  // Mitigation step 1 is "set the field, apply the stack": the names it gives must be the code's.
  const dataLayer = RECOVERY_LAYERS.find((layer) => layer === "recovery-data")!;
  test.each([
    ["the stack that restores Postgres", `npm run cdktf -- deploy <env>-${dataLayer}`],
    ["the restored instance (RecoveryDataStack)", `\`${restoredPostgresIdentifier("<env>")}\``],
    ["its security group (PostgresInstance names it after the instance)", `\`${restoredPostgresIdentifier("<env>")}-rds\``],
    ["the restore's create timeout (PostgresInstance)", `\`${RESTORE_CREATE_TIMEOUT}\``],
    ["the environment-file field", "`disasterRecovery.postgresRestore`"],
    ...Object.keys(postgresRestoreInput.shape).map((key) => [`the field's key ${key}`, `${key}:`]),
  ])("names %s", (_what, text) => {
    expect(runbook).toContain(text);
  });
});
