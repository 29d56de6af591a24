/**
 * Realistic stand-ins for Terraform references (`${type.name.attribute}`) in synthesized values,
 * so a chart renders with what it gets at apply time: ARNs with their colons, a broker list with
 * its commas. Keyed by resource type and attribute; an unknown reference is an error, so a new
 * kind of value gets a sample here instead of slipping through as a literal `${...}`.
 */
const ACCOUNT = "123456789012";
const REGION = "us-east-1";

const SAMPLES: Readonly<Record<string, string>> = {
  "aws_s3_bucket.bucket": `analytics-clickhouse-backups-${ACCOUNT}`,
  "aws_s3_bucket.arn": `arn:aws:s3:::analytics-clickhouse-backups-${ACCOUNT}`,
  "aws_kms_key.arn": `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  "aws_kms_key.key_id": "1234abcd-12ab-34cd-56ef-1234567890ab",
  "aws_secretsmanager_secret.arn": `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:AmazonMSK_analytics_clickhouse-AbCdEf`,
  "aws_secretsmanager_secret.name": "analytics/clickhouse/posthog-password",
  "aws_secretsmanager_secret.id": `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:analytics/clickhouse/posthog-password-AbCdEf`,
  "aws_msk_cluster.bootstrap_brokers_sasl_scram": [1, 2, 3]
    .map((n) => `b-${n}.analytics.abc123.c2.kafka.${REGION}.amazonaws.com:9096`)
    .join(","),
  "aws_msk_cluster.bootstrap_brokers_tls": [1, 2, 3].map((n) => `b-${n}.analytics.abc123.c2.kafka.${REGION}.amazonaws.com:9094`).join(","),
  "aws_db_instance.address": `analytics-postgres.abcdefghijkl.${REGION}.rds.amazonaws.com`,
  "aws_db_instance.endpoint": `analytics-postgres.abcdefghijkl.${REGION}.rds.amazonaws.com:5432`,
  "aws_db_instance.master_user_secret.secret_arn": `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:rds!db-0123abcd-4567-89ef-0123-456789abcdef-AbCdEf`,
  "aws_iam_role.arn": `arn:aws:iam::${ACCOUNT}:role/analytics-external-secrets-admin-reader`,
  "aws_iam_role.name": "analytics-external-secrets-admin-reader",
  // The one local a chart receives: MSK broker DNS names (constructs/platform/msk-broker-hosts.ts).
  local: [1, 2, 3].map((n) => `b-${n}.analytics.abc123.c2.kafka.${REGION}.amazonaws.com`).join(","),
};

/** `aws_db_instance.Postgres_1.master_user_secret[0].secret_arn` -> `aws_db_instance.master_user_secret.secret_arn` */
function sampleKey(reference: string): string {
  const [type, , ...attribute] = reference.replace(/\[\d+\]/g, "").split(".");
  return [type, ...attribute].join(".");
}

/** Replaces every `${...}` reference in a values text by its sample; throws on an unknown one. */
export function withSampleValues(text: string, samples: Readonly<Record<string, string>> = SAMPLES): string {
  return text.replace(/\$\{([^}]+)\}/g, (whole, reference: string) => {
    const key = sampleKey(reference.trim());
    const sample = samples[key];
    if (sample === undefined) {
      throw new Error(`no sample value for Terraform reference ${whole} (key "${key}"): add one to test/helpers/tf-samples.ts`);
    }
    return sample;
  });
}
