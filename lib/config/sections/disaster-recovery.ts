import { z } from "zod";
import { IPv4CidrRange, Validator } from "ip-num";
import type { DeepRequired, TierDefaults } from "../types";
import { isUtcTimestamp } from "../../utc-time";

/** A private IPv4 block of /16 to /20 (the same bounds as the environment's own vpcCidr). */
const recoveryCidr = z.string().superRefine((value, ctx) => {
  const [valid] = Validator.isValidIPv4CidrRange(value);
  if (!valid) return void ctx.addIssue({ code: "custom", message: "an IPv4 CIDR block with no host bits set, such as 10.21.0.0/16" });
  const prefix = Number(value.split("/")[1]);
  if (prefix < 16 || prefix > 20) ctx.addIssue({ code: "custom", message: `a prefix from /16 to /20 (got /${prefix})` });
  const range = IPv4CidrRange.fromCidr(value);
  const inPrivate = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].some((c) => {
    const r = IPv4CidrRange.fromCidr(c);
    return range.inside(r) || range.isEquals(r);
  });
  if (!inPrivate) ctx.addIssue({ code: "custom", message: "a private (RFC 1918) range: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16" });
});

/** An RDS ARN of one resource type; the loader checks its region, account and partition (lib/config/rules.ts). */
const rdsArn = (resource: RegExp, example: string) =>
  z.string().regex(new RegExp(`^arn:[a-z-]+:rds:[a-z0-9-]+:\\d{12}:${resource.source}$`), `an ARN such as ${example}`);

/**
 * Where the recovery region's Postgres comes from: exactly one source. Named after what it does
 * (restore the database into the recovery VPC), not "failover": it moves no traffic and points no
 * application at the instance; the rest of a failover stays in runbooks/region-loss.md.
 */
export const postgresRestoreInput = z
  .strictObject({
    /**
     * ARN of the replicated automated backups in the recovery region (`aws rds
     * describe-db-instance-automated-backups`): point-in-time restore, the smallest data loss.
     */
    automatedBackupsArn: rdsArn(/auto-backup:ab-[A-Za-z0-9]+/, "arn:<partition>:rds:<region>:<account>:auto-backup:ab-<id>")
      .nullable()
      .default(null),
    /**
     * With automatedBackupsArn: `latest` (the newest restorable time) or a UTC time such as
     * 2026-12-07T04:55:00Z. Default: latest.
     */
    restoreTime: z
      .string()
      // The pattern lets editors check the form; the refinement rejects dates that do not exist.
      .regex(/^(latest|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)$/, {
        message: "latest, or a UTC time such as 2026-12-07T04:55:00Z",
        abort: true,
      })
      .refine((time) => time === "latest" || isUtcTimestamp(time), "latest, or a UTC time that exists, such as 2026-12-07T04:55:00Z")
      .nullable()
      .default(null),
    /**
     * ARN of an RDS snapshot in the recovery region: a recovery point of the vault `<env>-recovery-rds`
     * (`arn:aws:rds:<region>:<account>:snapshot:awsbackup:job-…`), when the automated backups are not usable.
     */
    snapshotArn: rdsArn(/snapshot:[A-Za-z][A-Za-z0-9:-]{0,254}/, "arn:<partition>:rds:<region>:<account>:snapshot:<name>")
      .nullable()
      .default(null),
  })
  .superRefine((restore, ctx) => {
    const sources = [restore.automatedBackupsArn, restore.snapshotArn].filter((arn) => arn !== null).length;
    if (sources !== 1) ctx.addIssue({ code: "custom", path: [], message: "exactly one of automatedBackupsArn and snapshotArn" });
    if (restore.restoreTime !== null && restore.automatedBackupsArn === null)
      ctx.addIssue({
        code: "custom",
        path: ["restoreTime"],
        message: "only with automatedBackupsArn (a snapshot restores to the time it was taken)",
        input: restore.restoreTime,
      });
  });

export const disasterRecoveryInput = z.strictObject({
  /**
   * Brings up the recovery target in `postgres.backupReplicationRegion`: a pilot-light VPC, the KMS
   * keys, a replica of the ClickHouse backups bucket and an AWS Backup vault receiving daily RDS
   * snapshot copies (stacks `<env>-recovery-network`, `<env>-recovery-data`,
   * `<env>-recovery-replication`; runbooks/region-loss.md). Production only. Default: false.
   */
  enabled: z.boolean().optional(),
  /** The recovery VPC's block: overlapping neither this nor any other environment's VPC. Required when enabled. */
  vpcCidr: recoveryCidr.nullable().optional(),
  /**
   * Monthly restore drill (AWS Backup restore testing): restores the newest RDS recovery point into a
   * scratch instance, waits for it to be available, deletes it. Default: on in staging, off in production.
   */
  restoreDrill: z.boolean().optional(),
  /**
   * Restores Postgres in the recovery region: the recovery data stack creates the instance
   * `<env>-postgres-restored` (production settings, the recovery CMK, the recovery VPC's data
   * subnets) from this source when applied. Needs `enabled`. Default: null (no instance).
   */
  postgresRestore: postgresRestoreInput.nullable().optional(),
});
export type DisasterRecoveryConfig = DeepRequired<z.input<typeof disasterRecoveryInput>>;

export const disasterRecoveryDefaults: TierDefaults<DisasterRecoveryConfig> = {
  production: { enabled: false, vpcCidr: null, restoreDrill: false, postgresRestore: null },
  staging: { enabled: false, vpcCidr: null, restoreDrill: true, postgresRestore: null },
};
