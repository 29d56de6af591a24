import { Token } from "cdktf";
import type { DbInstanceConfig } from "@cdktf/provider-aws/lib/db-instance";
import type { PropsProblems } from "../../kit/validation";
import { definedOnly } from "../../../lib/defined";
import { isUtcTimestamp } from "../../../lib/utc-time";

/**
 * Facts of this file, read 2026-12-07:
 * - the AWS provider's `aws_db_instance` page at v6.25.0, the version the bindings were generated
 *   from (https://registry.terraform.io/providers/hashicorp/aws/6.25.0/docs/resources/db_instance;
 *   source https://github.com/hashicorp/terraform-provider-aws/blob/main/website/docs/r/db_instance.html.markdown);
 * - which of its arguments force a replacement: lib/diff/force-new.generated.json (`aws_db_instance`);
 * - the RDS API's two restore calls, which take no storage KMS key and whose DBName does not apply to
 *   PostgreSQL (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceFromDBSnapshot.html,
 *   https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RestoreDBInstanceToPointInTime.html).
 */

/** A point in time of automated backups, here: the ones RDS replicates into this region. */
export interface PostgresRestoreToPointInTime {
  /** ARN of the automated backups in this region, `arn:<partition>:rds:<region>:<account>:auto-backup:ab-…`. */
  readonly sourceDbInstanceAutomatedBackupsArn: string;
  /**
   * UTC time to restore to, such as `2026-12-07T04:55:00Z`.
   * @default - none: `useLatestRestorableTime` must be true instead
   */
  readonly restoreTime?: string;
  /**
   * Restore to the newest time the backups can (their transaction logs' end).
   * @default false
   */
  readonly useLatestRestorableTime?: boolean;
}

/** Where a restored instance's data comes from: exactly one of the two. */
export interface PostgresRestoreSource {
  /**
   * ARN of an RDS snapshot in this region (a copied snapshot, or an AWS Backup recovery point:
   * `arn:<partition>:rds:<region>:<account>:snapshot:awsbackup:job-…`).
   * @default - none: `restoreToPointInTime` must be set instead
   */
  readonly snapshotIdentifier?: string;
  /** @default - none: `snapshotIdentifier` must be set instead */
  readonly restoreToPointInTime?: PostgresRestoreToPointInTime;
}

/** An RDS ARN of the given resource type (`snapshot`, `auto-backup`) and its region, or null. */
function rdsArnRegion(arn: string, resourceType: "snapshot" | "auto-backup"): string | null {
  const resource = resourceType === "snapshot" ? "snapshot:[A-Za-z][A-Za-z0-9:-]{0,254}" : "auto-backup:ab-[A-Za-z0-9]+";
  const match = new RegExp(`^arn:[a-z-]+:rds:([a-z0-9-]+):\\d{12}:${resource}$`).exec(arn);
  return match?.[1] ?? null;
}

/**
 * Records every problem of a restore source. `explicit` are the props a restore leaves to the
 * source (set only when the caller set them): the restored instance keeps the source's databases
 * (`db_name`; the restore calls' DBName does not apply to PostgreSQL) and master user (`username`:
 * "Required unless a `snapshot_identifier` or `replicate_source_db` is provided"); both are
 * Computed and ForceNew in the provider, so a value other than the source's would plan the
 * restored instance's replacement.
 */
export function checkRestoreSource(
  problems: PropsProblems,
  restore: PostgresRestoreSource,
  region: string,
  explicit: { readonly databaseName: string | undefined; readonly masterUsername: string | undefined },
): void {
  const { snapshotIdentifier: snapshot, restoreToPointInTime: pitr } = restore;
  // The provider: restore_to_point_in_time "ConflictsWith" snapshot_identifier; one source is needed.
  problems.require(
    (snapshot === undefined) !== (pitr === undefined),
    "restoreFrom",
    restore,
    "exactly one of snapshotIdentifier and restoreToPointInTime",
  );
  if (snapshot !== undefined && !Token.isUnresolved(snapshot))
    problems.require(
      rdsArnRegion(snapshot, "snapshot") === region,
      "restoreFrom.snapshotIdentifier",
      snapshot,
      `the ARN of an RDS snapshot in ${region} (arn:<partition>:rds:${region}:<account>:snapshot:<name>)`,
    );
  if (pitr !== undefined) {
    const arn = pitr.sourceDbInstanceAutomatedBackupsArn;
    if (!Token.isUnresolved(arn))
      problems.require(
        rdsArnRegion(arn, "auto-backup") === region,
        "restoreFrom.restoreToPointInTime.sourceDbInstanceAutomatedBackupsArn",
        arn,
        `the ARN of automated backups in ${region} (arn:<partition>:rds:${region}:<account>:auto-backup:ab-<id>)`,
      );
    // restore_time and use_latest_restorable_time conflict with each other; RDS needs one of them.
    const latest = pitr.useLatestRestorableTime === true;
    problems.require(
      (pitr.restoreTime !== undefined) !== latest,
      "restoreFrom.restoreToPointInTime",
      pitr,
      "exactly one of restoreTime and useLatestRestorableTime: true",
    );
    if (pitr.restoreTime !== undefined && !Token.isUnresolved(pitr.restoreTime))
      problems.require(
        isUtcTimestamp(pitr.restoreTime),
        "restoreFrom.restoreToPointInTime.restoreTime",
        pitr.restoreTime,
        "a UTC time such as 2026-12-07T04:55:00Z",
      );
  }
  const keptFromSource = "unset when restoring: the restored instance keeps the source's";
  problems.require(explicit.databaseName === undefined, "databaseName", explicit.databaseName, `${keptFromSource} databases`);
  problems.require(explicit.masterUsername === undefined, "masterUsername", explicit.masterUsername, `${keptFromSource} master user`);
}

/**
 * The `aws_db_instance` arguments of a restore. Left out, because the source decides them: db_name,
 * username, allocated_storage (the source's size, which autoscaling may have grown past the
 * configured one; storage never shrinks) and kms_key_id (neither restore call takes a storage key:
 * the instance is encrypted with the source's key; a different key here is ForceNew and would
 * plan a replacement after every restore). The managed master password stays on: RDS makes a new
 * secret for the restored instance, the source's own secret being in the lost region.
 */
export function restoreArguments(restore: PostgresRestoreSource): Pick<DbInstanceConfig, "snapshotIdentifier" | "restoreToPointInTime"> {
  const pitr = restore.restoreToPointInTime;
  if (pitr === undefined) return definedOnly({ snapshotIdentifier: restore.snapshotIdentifier });
  return {
    restoreToPointInTime: {
      sourceDbInstanceAutomatedBackupsArn: pitr.sourceDbInstanceAutomatedBackupsArn,
      ...(pitr.restoreTime !== undefined ? { restoreTime: pitr.restoreTime } : { useLatestRestorableTime: true }),
    },
  };
}

/**
 * Create timeout of a restored instance. The provider waits 40 minutes by default (the page's
 * Timeouts). A restore takes longer the more data it brings (a point-in-time restore also replays
 * transaction logs), and the provider may modify and reboot the instance afterwards for settings a
 * restore call does not take before it reports the instance created (resourceInstanceCreate in
 * https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/rds/instance.go:
 * "we may need to call ModifyDBInstance afterwards"). Past the timeout Terraform marks the
 * instance tainted while RDS carries on, and the next plan would replace the database it just got.
 */
export const RESTORE_CREATE_TIMEOUT = "4h";
