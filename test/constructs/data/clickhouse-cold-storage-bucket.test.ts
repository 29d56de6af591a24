import {
  ClickHouseColdStorageBucket,
  type ClickHouseColdStorageBucketProps,
} from "../../../constructs/data/clickhouse-cold-storage-bucket";
import { NET, only, synthConstruct } from "./harness";

const base: ClickHouseColdStorageBucketProps = {
  bucketName: "test-clickhouse-cold-200000000001",
  production: true,
  kmsKeyArn: NET.kmsKeyArn,
  accessLogsBucketName: "test-s3-access-logs-200000000001",
};
const synth = (props: Partial<ClickHouseColdStorageBucketProps> = {}) =>
  synthConstruct((stack) => new ClickHouseColdStorageBucket(stack, "Cold", { ...base, ...props }));
type Rule = {
  id: string;
  expiration?: { days?: number }[];
  transition?: unknown[];
  noncurrent_version_expiration?: { noncurrent_days: number }[];
};

describe("ClickHouseColdStorageBucket", () => {
  const json = synth();

  test("defaults are secure: CMK with a bucket key, public access blocked, TLS only, logged, destroy-protected in production", () => {
    expect(only(json, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: NET.kmsKeyArn }, bucket_key_enabled: true },
    ]);
    expect(only(json, "aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
    expect(only(json, "aws_s3_bucket_policy").policy).toMatch(/aws:SecureTransport/);
    expect(only(json, "aws_s3_bucket_logging")).toMatchObject({
      target_bucket: base.accessLogsBucketName,
      target_prefix: "clickhouse-cold/",
    });
    expect(only(json, "aws_s3_bucket").lifecycle).toMatchObject({ prevent_destroy: true });
    expect(synth({ production: false }).resource?.["aws_s3_bucket"]).toBeDefined();
  });

  test("S3 never expires or moves a current object under ClickHouse: ClickHouse owns the objects' lifetime", () => {
    const rules = only(json, "aws_s3_bucket_lifecycle_configuration").rule as Rule[];
    for (const r of rules) {
      expect(r.transition ?? []).toEqual([]);
      for (const e of r.expiration ?? []) expect(e.days).toBeUndefined();
    }
  });

  test("old versions go after a day by default: they cannot restore a part without its metadata", () => {
    const rules = only(json, "aws_s3_bucket_lifecycle_configuration").rule as Rule[];
    expect(rules.flatMap((r) => r.noncurrent_version_expiration ?? [])).toEqual([{ noncurrent_days: 1 }]);
    const longer = only(synth({ noncurrentVersionExpirationDays: 7 }), "aws_s3_bucket_lifecycle_configuration").rule as Rule[];
    expect(longer.flatMap((r) => r.noncurrent_version_expiration ?? [])).toEqual([{ noncurrent_days: 7 }]);
  });
});
