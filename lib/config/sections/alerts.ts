import { z } from "zod";
import type { DeepRequired, TierDefaults } from "../types";

const subscription = z.strictObject({
  protocol: z.enum(["email", "https"]),
  /** An e-mail address, or an https URL such as a PagerDuty or Opsgenie integration endpoint. */
  endpoint: z.string().min(3),
});

export const alertsInput = z.strictObject({
  /** Who is paged for critical alerts (SNS subscriptions). */
  critical: z.array(subscription).optional(),
  /** Who is told about warnings (SNS subscriptions). */
  warning: z.array(subscription).optional(),
});
export type AlertsConfig = DeepRequired<z.input<typeof alertsInput>>;
export type AlertSubscription = AlertsConfig["critical"][number];

export const alertsDefaults: TierDefaults<AlertsConfig> = {
  production: { critical: [], warning: [] },
  staging: { critical: [], warning: [] },
};
