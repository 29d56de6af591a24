import type { Construct } from "constructs";
import type { AlarmTopics } from "../constructs/observability/alarm-topics";
import { EventRuleAlarm } from "../constructs/observability/event-rule-alarm";
import { RdsBackupPlan } from "../constructs/recovery/rds-backup-plan";
import { RestoreDrill } from "../constructs/recovery/restore-drill";
import type { EnvironmentConfig } from "../lib/config/model";
import { BaseStack } from "./base-stack";
import type { DataOutputs } from "./contracts";
import { dbInstanceArn } from "./recovery-replication-stack";

export interface RecoveryDrillStackProps {
  readonly env: EnvironmentConfig;
  readonly data: DataOutputs;
  /** The monitoring stack's topics: a failed drill notifies the warning topic. */
  readonly topics: AlarmTopics;
}

/**
 * The monthly restore drill (runbooks/restore-drill.md): a daily AWS Backup snapshot of the
 * environment's RDS instance, restored once a month into a scratch instance by AWS Backup restore
 * testing, and an alarm on any failed or aborted restore job ("Restore Job State Change",
 * `detail.status`; AWS Backup Developer Guide, "Monitoring AWS Backup events using Amazon
 * EventBridge", read 2026-12-07).
 */
export class RecoveryDrillStack extends BaseStack {
  constructor(scope: Construct, id: string, props: RecoveryDrillStackProps) {
    const { env, data } = props;
    super(scope, id, { account: env.account, region: env.region, tags: env.tags });
    const instanceArn = dbInstanceArn(env, data.postgres.instanceIdentifier);
    const backups = new RdsBackupPlan(this, "RdsBackups", {
      namePrefix: `${env.name}-drill`,
      instanceArn,
      vaultKmsKeyArn: data.dataKmsKeyArn,
      retentionDays: env.postgres.backupRetentionDays,
    });
    new RestoreDrill(this, "RestoreDrill", {
      namePrefix: env.name,
      vaultArn: backups.vault.arn,
      instanceArn,
      restoreRoleArn: backups.role.arn,
    });
    new EventRuleAlarm(this, "DrillFailed", {
      name: `${env.name}-restore-drill-failed`,
      eventPattern: { source: ["aws.backup"], "detail-type": ["Restore Job State Change"], detail: { status: ["FAILED", "ABORTED"] } },
      mode: { kind: "failure" },
      runbook: "restore-drill",
      summary: `An AWS Backup restore job (the monthly restore drill of ${env.name}) failed or was aborted.`,
      severity: "warning",
      topics: props.topics,
    });
  }
}
