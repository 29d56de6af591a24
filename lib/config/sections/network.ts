import { z } from "zod";
import type { DeepRequired, TierDefaults } from "../types";
import { count } from "./common";

export const networkInput = z.strictObject({
  /**
   * `one-per-az` keeps egress up when a zone fails; `single` saves two NAT gateways and is only
   * accepted for staging. Default: one-per-az.
   */
  natGateways: z.enum(["one-per-az", "single"]).optional(),
  /** Days VPC flow logs are kept in CloudWatch Logs. Default: 365 in production, 90 in staging. */
  flowLogsRetentionDays: count(1, 3653).optional(),
});
export type NetworkConfig = DeepRequired<z.input<typeof networkInput>>;

export const networkDefaults: TierDefaults<NetworkConfig> = {
  production: { natGateways: "one-per-az", flowLogsRetentionDays: 365 },
  staging: { natGateways: "one-per-az", flowLogsRetentionDays: 90 },
};
