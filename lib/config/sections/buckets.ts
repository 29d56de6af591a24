import { z } from "zod";
import type { DeepRequired, TierDefaults } from "../types";
import { count } from "./common";

export const bucketsInput = z.strictObject({
  /** Days raw events are kept in the archive bucket (for replay after an incident). */
  archiveRetentionDays: count(1, 3653).optional(),
  /**
   * Object Lock (COMPLIANCE) retention of the ClickHouse backups bucket, in days. 0 disables object
   * lock, which production refuses. Default: 14 in production, 0 in staging.
   */
  backupsObjectLockDays: count(0, 3653).optional(),
});
export type BucketsConfig = DeepRequired<z.input<typeof bucketsInput>>;

export const bucketsDefaults: TierDefaults<BucketsConfig> = {
  production: { archiveRetentionDays: 400, backupsObjectLockDays: 14 },
  staging: { archiveRetentionDays: 30, backupsObjectLockDays: 0 },
};
