import { z } from "zod";
import type { DeepRequired, TierDefaults } from "../types";
import { LOG_RETENTION_DAYS } from "../../../constructs/kit/log-retention";

export const networkInput = z.strictObject({
  /**
   * `one-per-az` keeps egress up when a zone fails; `single` saves two NAT gateways and is only
   * accepted for staging. Default: one-per-az.
   */
  natGateways: z.enum(["one-per-az", "single"]).optional(),
  /**
   * Days VPC flow logs are kept in CloudWatch Logs, one of the values CloudWatch accepts (1, 3, 5, 7,
   * 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, ...). Default: 365 in production, 90 in staging.
   */
  flowLogsRetentionDays: z.literal(LOG_RETENTION_DAYS).optional(),
});
export type NetworkConfig = DeepRequired<z.input<typeof networkInput>>;

export const networkDefaults: TierDefaults<NetworkConfig> = {
  production: { natGateways: "one-per-az", flowLogsRetentionDays: 365 },
  staging: { natGateways: "one-per-az", flowLogsRetentionDays: 90 },
};
