import { DataBucket, type DataBucketProps } from "../../../constructs/data/data-bucket";
import { NET, all, only, synthConstruct } from "./harness";

const base: DataBucketProps = {
  bucketName: "test-clickhouse-backups-200000000001",
  production: false,
  accountId: NET.accountId,
  encryption: { kmsKeyArn: NET.kmsKeyArn },
  accessLogs: { bucketName: "test-s3-access-logs-200000000001", prefix: "backups/" },
};
const logBucket: DataBucketProps = {
  bucketName: "test-s3-access-logs-200000000001",
  production: false,
  accountId: NET.accountId,
  encryption: { s3ManagedKeysBecause: "S3 server access logging needs SSE-S3" },
  isAccessLogTarget: true,
};
const synth = (props: Partial<DataBucketProps> = {}) => synthConstruct((stack) => new DataBucket(stack, "Bucket", { ...base, ...props }));
type Rule = {
  id: string;
  expiration?: { days?: number }[];
  noncurrent_version_expiration?: { noncurrent_days: number }[];
  abort_incomplete_multipart_upload?: { days_after_initiation: number }[];
  transition?: { days: number; storage_class: string }[];
};
const rules = (json: ReturnType<typeof synth>) => only(json, "aws_s3_bucket_lifecycle_configuration").rule as Rule[];
const policy = (json: ReturnType<typeof synth>) =>
  JSON.parse(only(json, "aws_s3_bucket_policy").policy as string) as { Statement: Record<string, unknown>[] };

describe("DataBucket", () => {
  const json = synth();

  test("defaults are secure: CMK with bucket keys, versioning, public access blocked, ACLs off, access logged", () => {
    expect(only(json, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: NET.kmsKeyArn }, bucket_key_enabled: true },
    ]);
    expect(only(json, "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(only(json, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(only(json, "aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    expect(only(json, "aws_s3_bucket_logging")).toMatchObject({
      target_bucket: "test-s3-access-logs-200000000001",
      target_prefix: "backups/",
    });
    expect(only(json, "aws_s3_bucket")).toMatchObject({ force_destroy: false, object_lock_enabled: false });
  });

  test("bucket policy denies every request without TLS", () => {
    expect(policy(json).Statement).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
  });

  test("lifecycle: abort incomplete uploads, expire noncurrent versions; current objects kept by default", () => {
    const r = rules(json);
    expect(r.find((x) => x.id === "abort-incomplete-multipart-uploads")!.abort_incomplete_multipart_upload).toEqual([
      { days_after_initiation: 7 },
    ]);
    expect(r.find((x) => x.id === "expire-noncurrent-versions")!.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
    expect(r.find((x) => x.id === "current-versions")).toBeUndefined();
    const archive = rules(synth({ expirationDays: 400, infrequentAccessAfterDays: 30 })).find((x) => x.id === "current-versions")!;
    expect(archive).toMatchObject({ expiration: [{ days: 400 }], transition: [{ days: 30, storage_class: "STANDARD_IA" }] });
  });

  test("object lock in COMPLIANCE mode with the given days; noncurrent versions outlive the lock", () => {
    const locked = synth({ objectLockDays: 45 });
    expect(only(locked, "aws_s3_bucket").object_lock_enabled).toBe(true);
    expect(only(locked, "aws_s3_bucket_object_lock_configuration").rule).toEqual({ default_retention: { mode: "COMPLIANCE", days: 45 } });
    expect(rules(locked).find((x) => x.id === "expire-noncurrent-versions")!.noncurrent_version_expiration).toEqual([
      { noncurrent_days: 45 },
    ]);
    expect(all(json, "aws_s3_bucket_object_lock_configuration")).toEqual([]);
  });

  test("production: prevent_destroy on the bucket", () => {
    expect(only(synth({ production: true }), "aws_s3_bucket").lifecycle).toEqual({ prevent_destroy: true });
    expect(only(json, "aws_s3_bucket")).not.toHaveProperty("lifecycle");
  });

  test("access-log bucket: SSE-S3 exception, no self-logging, log delivery allowed only from this account", () => {
    const logs = synthConstruct((stack) => new DataBucket(stack, "Logs", logBucket));
    expect(only(logs, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    expect(all(logs, "aws_s3_bucket_logging")).toEqual([]);
    expect(policy(logs).Statement).toContainEqual(
      expect.objectContaining({
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Condition: { StringEquals: { "aws:SourceAccount": NET.accountId } },
      }),
    );
  });

  test.each<[string, Partial<DataBucketProps>, RegExp]>([
    ["bucketName is not a valid bucket name", { bucketName: "Bad_Bucket" }, /bucketName: 3-63 lowercase/],
    ["the SSE-S3 exception has no reason", { encryption: { s3ManagedKeysBecause: " " } }, /encryption: a CMK ARN, or a non-empty reason/],
    ["the CMK ARN is empty", { encryption: { kmsKeyArn: "" } }, /encryption: a CMK ARN/],
    ["a data bucket has no access logging", { accessLogs: undefined }, /accessLogs: a target bucket/],
    ["objectLockDays is negative", { objectLockDays: -1 }, /objectLockDays: 0 \(none\) to 36500 days/],
    ["an access-log bucket uses SSE-KMS", { isAccessLogTarget: true }, /encryption: SSE-S3 for an access-log bucket/],
    ["expirationDays is below 1", { expirationDays: 0 }, /expirationDays: 1 or more days/],
    [
      "objects would expire before their lock ends",
      { objectLockDays: 30, expirationDays: 10 },
      /expirationDays: at least objectLockDays \(30\)/,
    ],
    [
      "infrequentAccessAfterDays is below 30 or after expiry",
      { infrequentAccessAfterDays: 10 },
      /infrequentAccessAfterDays: 30 or more days/,
    ],
    [
      "noncurrentVersionExpirationDays is below 1",
      { noncurrentVersionExpirationDays: 0 },
      /noncurrentVersionExpirationDays: 1 or more days/,
    ],
    [
      "abortIncompleteMultipartUploadDays is below 1",
      { abortIncompleteMultipartUploadDays: 0 },
      /abortIncompleteMultipartUploadDays: 1 or more days/,
    ],
  ])("throws when %s", (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
