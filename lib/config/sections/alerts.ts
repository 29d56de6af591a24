import { z } from "zod";
import type { DeepRequired, TierDefaults } from "../types";

/** One SNS subscription: who hears an alert. Shared by environment alerts and the organization's security alerts. */
export const alertSubscription = z
  .strictObject({
    protocol: z.enum(["email", "https"]),
    /** An e-mail address, or an https URL such as a PagerDuty or Opsgenie integration endpoint. */
    endpoint: z.string().min(3),
  })
  .superRefine((s, ctx) => {
    const ok = s.protocol === "email" ? z.email().safeParse(s.endpoint).success : /^https:\/\/[^\s/]+\.[^\s]+$/.test(s.endpoint);
    const wanted = s.protocol === "email" ? "an e-mail address" : "an https:// URL";
    if (!ok) ctx.addIssue({ code: "custom", path: ["endpoint"], message: `${wanted} for protocol ${s.protocol}`, input: s.endpoint });
  });

export const alertsInput = z.strictObject({
  /** Who is paged for critical alerts (SNS subscriptions). Default: nobody (set it per environment). */
  critical: z.array(alertSubscription).optional(),
  /** Who is told about warnings (SNS subscriptions). Default: nobody (set it per environment). */
  warning: z.array(alertSubscription).optional(),
  /** How ingestion lag is watched: the ClickHouse Kafka-engine consumer group and its topics. */
  ingestion: z
    .strictObject({
      /**
       * Consumer group of ClickHouse's Kafka tables (their kafka_group_name). Default: group1, the
       * name PostHog's ClickHouse schema gives its Kafka tables.
       */
      consumerGroup: z
        .string()
        .regex(/^[\x21-\x39\x3b-\x7e]+$/, "ASCII without spaces or ':' (CloudWatch drops lag metrics otherwise)")
        .optional(),
      /** Topics the group reads. Default: [clickhouse_events_json]. */
      topics: z
        .array(z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, "a Kafka topic name"))
        .min(1)
        .optional(),
      /** Seconds of lag that warn. Default: 300. */
      lagWarningSeconds: z.number().int().min(30).max(86400).optional(),
      /** Seconds of lag that page. Default: 900. */
      lagCriticalSeconds: z.number().int().min(60).max(86400).optional(),
    })
    .optional(),
});
export type AlertsConfig = DeepRequired<z.input<typeof alertsInput>>;
export type AlertSubscription = AlertsConfig["critical"][number];

const ingestion = { consumerGroup: "group1", topics: ["clickhouse_events_json"], lagWarningSeconds: 300, lagCriticalSeconds: 900 };

export const alertsDefaults: TierDefaults<AlertsConfig> = {
  production: { critical: [], warning: [], ingestion },
  staging: { critical: [], warning: [], ingestion: { ...ingestion, lagWarningSeconds: 900, lagCriticalSeconds: 3600 } },
};
