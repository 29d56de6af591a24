import { block, blocks, num, str } from "../refs";
import type { Pricer } from "./pricer";

/**
 * aws_s3_bucket, from usage (Infracost's names, flattened): Standard storage `storage_gb`; when set,
 * Standard requests `monthly_tier_1_requests` (PUT, COPY, POST, LIST) and `monthly_tier_2_requests`
 * (GET and others), Standard-IA storage `standard_ia_storage_gb` and lifecycle transitions into it
 * `monthly_standard_ia_transition_requests`. Other classes are not modelled.
 */
export const priceS3Bucket: Pricer = (_config, ctx) => {
  const lines = [ctx.component("Standard storage", ctx.usage("storage_gb") ?? null, "GB", "s3.standard.storage", { usageBased: true })];
  const optional: [string, string, string, string, number][] = [
    ["monthly_tier_1_requests", "PUT, COPY, POST, LIST requests", "1k requests", "s3.standard.requests.tier1", 1000],
    ["monthly_tier_2_requests", "GET, SELECT, and all other requests", "1k requests", "s3.standard.requests.tier2", 1000],
    ["standard_ia_storage_gb", "Standard-IA storage", "GB", "s3.standard-ia.storage", 1],
    ["monthly_standard_ia_transition_requests", "Lifecycle transitions to Standard-IA", "1k requests", "s3.standard-ia.transition", 1000],
  ];
  for (const [usage, name, unit, key, per] of optional) {
    const value = ctx.usage(usage);
    if (value !== undefined) lines.push(ctx.component(name, value / per, unit, key, { usageBased: true }));
  }
  return { components: lines, note: "Glacier and Intelligent-Tiering classes are not modelled" };
};

/** aws_cloudwatch_log_group: ingestion, archival and Insights scans, all from usage. */
export const priceLogGroup: Pricer = (_config, ctx) => ({
  components: [
    ctx.component("Data ingested", ctx.usage("monthly_data_ingested_gb") ?? null, "GB", "logs.ingestion", { usageBased: true }),
    ctx.component("Archival storage", ctx.usage("storage_gb") ?? null, "GB", "logs.storage", { usageBased: true }),
    ctx.component("Insights queries data scanned", ctx.usage("monthly_data_scanned_gb") ?? null, "GB", "logs.insights", {
      usageBased: true,
    }),
  ],
});

/** aws_kms_key: one customer managed key per month; requests from usage are not modelled. */
export const priceKmsKey: Pricer = (_config, ctx) => ({ components: [ctx.component("Customer managed key", 1, "months", "kms.key")] });

/** aws_secretsmanager_secret: one secret per month. */
export const priceSecret: Pricer = (_config, ctx) => ({ components: [ctx.component("Secret", 1, "months", "secretsmanager.secret")] });

/**
 * aws_dms_replication_instance: instance hours (price NF: unpriced) and gp2 storage beyond the free
 * allowance: 100 GB for c4/r4/r5, 50 GB for t2/t3 (Infracost `dms_replication_instance.go`); other
 * families have no known allowance and their storage is listed unpriced.
 */
export const priceDmsInstance: Pricer = (config, ctx) => {
  const cls = str(ctx.resolve(config.replication_instance_class));
  const multiAz = config.multi_az === true;
  const storage = num(config.allocated_storage) ?? 50;
  const family = cls?.split(".")[1] ?? "";
  const free = /^(c4|r4|r5)$/.test(family) ? 100 : /^(t2|t3)$/.test(family) ? 50 : undefined;
  const lines = [
    cls
      ? ctx.hourly(`Replication instance (${cls}${multiAz ? ", Multi-AZ" : ""})`, 1, `dms.${cls}`, multiAz ? { priceFactor: 2 } : {})
      : ctx.unpriced("Replication instance", 730, "hours", "class not resolvable"),
  ];
  if (free === undefined) lines.push(ctx.unpriced("Storage (gp2)", storage, "GB", `free allowance for ${family || "this class"} unknown`));
  else if (storage > free)
    lines.push(
      ctx.component(`Storage (gp2, above ${free} GB free)`, storage - free, "GB", `dms.gp2.storage.${multiAz ? "multi-az" : "single-az"}`),
    );
  return { components: lines };
};

/**
 * aws_cloudwatch_metric_alarm: per alarm metric (each metric of a metric-math alarm counts),
 * high resolution below a 60 s period. Anomaly-detection alarms are listed unpriced.
 */
export const priceMetricAlarm: Pricer = (config, ctx) => {
  if (config.threshold_metric_id)
    return { components: [ctx.unpriced("Anomaly detection alarm", null, "alarms", "anomaly detection bands are not modelled")] };
  const queries = blocks(config.metric_query);
  const metrics = queries.length > 0 ? queries.filter((q) => block(q.metric)).length : 1;
  const periods =
    queries.length > 0
      ? queries.map((q) => num(block(q.metric)?.period)).filter((p): p is number => p !== undefined)
      : [num(config.period) ?? 60];
  const high = periods.some((p) => p < 60);
  return {
    components: [
      high
        ? ctx.component("High resolution", metrics, "alarm metrics", "cloudwatch.alarm.high-resolution")
        : ctx.component("Standard resolution", metrics, "alarm metrics", "cloudwatch.alarm.standard"),
    ],
  };
};
