import { Construct } from "constructs";
import { BackupRestoreTestingPlan } from "@cdktf/provider-aws/lib/backup-restore-testing-plan";
import { BackupRestoreTestingSelection } from "@cdktf/provider-aws/lib/backup-restore-testing-selection";
import { PropsProblems } from "../kit/validation";

export interface RestoreDrillProps {
  /** Prefix of names, for example `staging`. */
  readonly namePrefix: string;
  /** The vault whose newest recovery point is restored. */
  readonly vaultArn: string;
  /** The protected RDS instance. */
  readonly instanceArn: string;
  /** Role AWS Backup restores with (the plan's service role). */
  readonly restoreRoleArn: string;
  /**
   * When the drill runs (AWS Backup cron, UTC). @default "cron(0 6 ? * MON#1 *)" (first Monday of the month, 06:00)
   */
  readonly schedule?: string;
  /**
   * Hours the restored scratch instance is kept for checks before AWS Backup deletes it. @default 4
   */
  readonly validationWindowHours?: number;
}

/** Restore testing plan names: letters, digits and underscores, at most 50 (AWS Backup API Reference, RestoreTestingPlanForCreate, read 2026-12-07). */
export const restoreTestingName = (prefix: string, what: string): string => `${prefix}_${what}`.replace(/-/g, "_");

/**
 * The monthly Postgres restore drill, run unattended by AWS Backup restore testing: it restores the
 * newest RDS recovery point of the vault into a scratch instance, keeps it for the validation window
 * (checks of runbooks/restore-drill.md run against it), then deletes it. Least privilege: nothing of
 * ours runs; the drill uses AWS Backup's restore role.
 */
export class RestoreDrill extends Construct {
  readonly plan: BackupRestoreTestingPlan;

  constructor(scope: Construct, id: string, props: RestoreDrillProps) {
    super(scope, id);
    const schedule = props.schedule ?? "cron(0 6 ? * MON#1 *)";
    const hours = props.validationWindowHours ?? 4;
    const planName = restoreTestingName(props.namePrefix, "restore_drill");
    new PropsProblems(this)
      .require(
        /^[a-zA-Z0-9_]{1,50}$/.test(planName),
        "namePrefix",
        props.namePrefix,
        `a prefix giving a plan name of at most 50 letters, digits or _ (gives "${planName}")`,
      )
      .require(/^cron\((\S+ ){5}\S+\)$/.test(schedule), "schedule", schedule, "an AWS cron expression with six fields")
      .require(Number.isInteger(hours) && hours >= 1 && hours <= 168, "validationWindowHours", hours, "1 to 168")
      .throwIfAny();

    this.plan = new BackupRestoreTestingPlan(this, "Resource", {
      name: planName,
      scheduleExpression: schedule,
      startWindowHours: 2,
      recoveryPointSelection: [
        {
          algorithm: "LATEST_WITHIN_WINDOW",
          includeVaults: [props.vaultArn],
          recoveryPointTypes: ["SNAPSHOT"],
          selectionWindowDays: 7,
        },
      ],
    });
    new BackupRestoreTestingSelection(this, "Postgres", {
      name: restoreTestingName(props.namePrefix, "postgres"),
      restoreTestingPlanName: this.plan.name,
      protectedResourceType: "RDS",
      protectedResourceArns: [props.instanceArn],
      iamRoleArn: props.restoreRoleArn,
      validationWindowHours: hours,
    });
  }
}
