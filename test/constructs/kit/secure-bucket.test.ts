import { DataBucket } from "../../../constructs/data/data-bucket";
import { SecureBucket, type SecureBucketProps } from "../../../constructs/kit/secure-bucket";
import { all, only, synthConstruct, type TfJson } from "./harness";

const ACCOUNT = "200000000001";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
const base: SecureBucketProps = {
  bucketName: "test-clickhouse-backups-200000000001",
  encryption: { kmsKeyArn: KEY },
  accessLogs: { bucketName: "test-s3-access-logs-200000000001", prefix: "backups/" },
};
const logTarget: SecureBucketProps = {
  bucketName: "test-s3-access-logs-200000000001",
  encryption: { s3ManagedKeysBecause: "S3 server access logging needs SSE-S3" },
  accessLogTarget: { sourceAccountId: ACCOUNT },
};
// `undefined` in an override removes the base value (a bucket without access logs).
type Overrides = { [K in keyof SecureBucketProps]?: SecureBucketProps[K] | undefined };
const synth = (props: Overrides = {}) =>
  synthConstruct((stack) => new SecureBucket(stack, "Bucket", { ...base, ...props } as SecureBucketProps));
type Rule = {
  id: string;
  expiration?: { days?: number }[];
  noncurrent_version_expiration?: { noncurrent_days: number }[];
  abort_incomplete_multipart_upload?: { days_after_initiation: number }[];
  transition?: { days: number; storage_class: string }[];
};
const rules = (json: TfJson) => only(json, "aws_s3_bucket_lifecycle_configuration").rule as Rule[];
const rule = (json: TfJson, id: string) => rules(json).find((r) => r.id === id);
const statements = (json: TfJson) =>
  (JSON.parse(only(json, "aws_s3_bucket_policy").policy as string) as { Statement: Record<string, unknown>[] }).Statement;

describe("SecureBucket", () => {
  const json = synth();

  test("defaults are secure: CMK with bucket keys, versioning, public access blocked, ACLs off, access logged, protected from destroy", () => {
    expect(only(json, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: KEY }, bucket_key_enabled: true },
    ]);
    expect(only(json, "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(only(json, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(only(json, "aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    expect(only(json, "aws_s3_bucket_logging")).toMatchObject({ target_bucket: base.accessLogs!.bucketName, target_prefix: "backups/" });
    expect(only(json, "aws_s3_bucket")).toMatchObject({
      force_destroy: false,
      object_lock_enabled: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(statements(json)[0]).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: expect.any(Array),
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  test("preventDestroy false leaves out the lifecycle block (staging)", () => {
    expect(only(synth({ preventDestroy: false }), "aws_s3_bucket")).not.toHaveProperty("lifecycle");
  });

  test("lifecycle: abort incomplete uploads after 7 days, noncurrent versions after 30; current objects kept by default", () => {
    expect(rule(json, "abort-incomplete-multipart-uploads")!.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
    expect(rule(json, "expire-noncurrent-versions")!.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
    expect(rule(json, "current-versions")).toBeUndefined();
    const archive = rule(synth({ expirationDays: 400, transition: { afterDays: 30, storageClass: "STANDARD_IA" } }), "current-versions");
    expect(archive).toMatchObject({ expiration: [{ days: 400 }], transition: [{ days: 30, storage_class: "STANDARD_IA" }] });
  });

  test("Object Lock in COMPLIANCE mode; noncurrent versions outlive the lock", () => {
    const locked = synth({ objectLockDays: 45 });
    expect(only(locked, "aws_s3_bucket").object_lock_enabled).toBe(true);
    expect(only(locked, "aws_s3_bucket_object_lock_configuration").rule).toEqual({ default_retention: { mode: "COMPLIANCE", days: 45 } });
    expect(rule(locked, "expire-noncurrent-versions")!.noncurrent_version_expiration).toEqual([{ noncurrent_days: 45 }]);
    expect(all(json, "aws_s3_bucket_object_lock_configuration")).toEqual([]);
  });

  test("access-log target: SSE-S3, no self-logging, log delivery allowed only from its account", () => {
    const logs = synthConstruct((stack) => new SecureBucket(stack, "Logs", logTarget));
    expect(only(logs, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    expect(all(logs, "aws_s3_bucket_logging")).toEqual([]);
    expect(statements(logs)[1]).toMatchObject({
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
    });
  });

  test("policyStatements follow the TLS deny", () => {
    const extra = {
      Sid: "ReadByAudit",
      Effect: "Allow" as const,
      Principal: { AWS: "arn:aws:iam::300000000001:root" },
      Action: "s3:GetObject",
    };
    expect(statements(synth({ policyStatements: [extra] }))).toEqual([expect.objectContaining({ Sid: "DenyInsecureTransport" }), extra]);
  });

  // Construct ids are state addresses and creation order is synthesized order: a layout change would replace deployed buckets.
  test.each<[NonNullable<SecureBucketProps["layout"]>, string[]]>([
    [
      "standard",
      ["Resource", "Ownership", "PublicAccessBlock", "Versioning", "Encryption", "Lifecycle", "ObjectLock", "AccessLogging", "Policy"],
    ],
    [
      "bootstrap",
      ["Resource", "PublicAccessBlock", "OwnershipControls", "Versioning", "Encryption", "Logging", "ObjectLock", "Lifecycle", "Policy"],
    ],
  ])("the %s layout keeps its construct ids and order", (layout, ids) => {
    let bucket: SecureBucket | undefined;
    synthConstruct((stack) => {
      bucket = new SecureBucket(stack, "Bucket", { ...base, layout, objectLockDays: 30 });
    });
    expect(bucket!.node.children.map((c) => c.node.id)).toEqual(ids);
  });

  test("the bootstrap layout: one retention rule; lifecycle and Object Lock wait for versioning; its own log-delivery statement", () => {
    const boot = synth({
      layout: "bootstrap",
      objectLockDays: 30,
      transition: { afterDays: 90, storageClass: "GLACIER_IR" },
      expirationDays: 400,
    });
    expect(rules(boot)).toEqual([
      expect.objectContaining({
        id: "retention",
        filter: [{ prefix: "" }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
        transition: [{ days: 90, storage_class: "GLACIER_IR" }],
        expiration: [{ days: 400 }],
      }),
    ]);
    for (const type of ["aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_object_lock_configuration"])
      expect(only(boot, type).depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_versioning\./)]);
    const logs = synthConstruct((stack) => new SecureBucket(stack, "Logs", { ...logTarget, layout: "bootstrap" }));
    expect(statements(logs)[1]).toMatchObject({ Sid: "S3ServerAccessLogDelivery", Resource: `arn:aws:s3:::${logTarget.bucketName}/*` });
  });

  test("DataBucket (deprecated) maps its old props onto the same output", () => {
    const old = synthConstruct(
      (stack) =>
        new DataBucket(stack, "Bucket", {
          ...base,
          production: true,
          accountId: ACCOUNT,
          expirationDays: 400,
          infrequentAccessAfterDays: 30,
        }),
    );
    expect(old).toEqual(synth({ expirationDays: 400, transition: { afterDays: 30, storageClass: "STANDARD_IA" } }));
    const oldLogs = synthConstruct(
      (stack) => new DataBucket(stack, "Logs", { ...logTarget, production: false, accountId: ACCOUNT, isAccessLogTarget: true }),
    );
    expect(oldLogs).toEqual(synthConstruct((stack) => new SecureBucket(stack, "Logs", { ...logTarget, preventDestroy: false })));
  });

  test.each<[string, Overrides, string]>([
    [
      "bucketName is not a valid bucket name",
      { bucketName: "Bad_Bucket" },
      'bucketName: 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit (got "Bad_Bucket")',
    ],
    [
      "the SSE-S3 exception has no reason",
      { encryption: { s3ManagedKeysBecause: " " } },
      "encryption: a CMK ARN, or a non-empty reason for SSE-S3",
    ],
    ["the CMK ARN is empty", { encryption: { kmsKeyArn: "" } }, "encryption: a CMK ARN"],
    [
      "a bucket has no access logging",
      { accessLogs: undefined },
      "accessLogs: a target bucket (only an access-log target may go without) (got nothing)",
    ],
    ["a bucket logs into itself", { accessLogs: { bucketName: base.bucketName, prefix: "x/" } }, "accessLogs.bucketName: another bucket"],
    ["objectLockDays is negative", { objectLockDays: -1 }, "objectLockDays: 0 (none) to 36500 days (got -1)"],
    ["an access-log target uses SSE-KMS", { accessLogTarget: { sourceAccountId: ACCOUNT } }, "encryption: SSE-S3 for an access-log target"],
    [
      "the log source account is not 12 digits",
      { ...logTarget, accessLogTarget: { sourceAccountId: "12" } },
      "accessLogTarget.sourceAccountId: a 12-digit account id",
    ],
    ["expirationDays is below 1", { expirationDays: 0 }, "expirationDays: 1 or more days (got 0)"],
    [
      "objects would expire before their lock ends",
      { objectLockDays: 30, expirationDays: 10 },
      "expirationDays: at least objectLockDays (30)",
    ],
    [
      "a STANDARD_IA transition comes before 30 days",
      { transition: { afterDays: 10, storageClass: "STANDARD_IA" } },
      "transition.afterDays: 30 or more days",
    ],
    [
      "a transition comes after expiry",
      { expirationDays: 60, transition: { afterDays: 90, storageClass: "GLACIER_IR" } },
      "transition.afterDays: 1 or more days (the GLACIER_IR minimum) and fewer than expirationDays (got 90)",
    ],
    [
      "noncurrentVersionExpirationDays is below 1",
      { noncurrentVersionExpirationDays: 0 },
      "noncurrentVersionExpirationDays: 1 or more days",
    ],
    [
      "abortIncompleteMultipartUploadDays is below 1",
      { abortIncompleteMultipartUploadDays: 0 },
      "abortIncompleteMultipartUploadDays: 1 or more days",
    ],
    ["the layout is unknown", { layout: "v0" as SecureBucketProps["layout"] }, "layout: one of standard, bootstrap"],
  ])("throws, naming the construct path, when %s", (_name, props, message) => {
    expect(() => synth(props)).toThrow(`test/Bucket: ${message}`);
  });

  test("reports every problem at once", () => {
    expect(() => synth({ bucketName: "X", accessLogs: undefined })).toThrow(/^test\/Bucket: bucketName: .*\ntest\/Bucket: accessLogs: /);
  });
});
