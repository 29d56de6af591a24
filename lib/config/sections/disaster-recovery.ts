import { z } from "zod";
import { IPv4CidrRange, Validator } from "ip-num";
import type { DeepRequired, TierDefaults } from "../types";

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
});
export type DisasterRecoveryConfig = DeepRequired<z.input<typeof disasterRecoveryInput>>;

export const disasterRecoveryDefaults: TierDefaults<DisasterRecoveryConfig> = {
  production: { enabled: false, vpcCidr: null, restoreDrill: false },
  staging: { enabled: false, vpcCidr: null, restoreDrill: true },
};
