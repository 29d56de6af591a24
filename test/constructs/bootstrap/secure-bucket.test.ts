import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecureBucket, type SecureBucketProps } from "../../../constructs/bootstrap/secure-bucket";
import { resourcesOf, type TfJson } from "../../helpers/synth";

const base: SecureBucketProps = {
  bucketName: "audit-logs-123456789012",
  kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/abc",
  accessLogBucketName: "access-logs-123456789012",
};

function synth(props: Partial<SecureBucketProps> = {}): TfJson {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new SecureBucket(stack, "Bucket", { ...base, ...props });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}
const only = (json: TfJson, type: string) => Object.values(resourcesOf(json, type))[0]!;

describe("SecureBucket", () => {
  const json = synth();

  test("defaults are secure: private, versioned, CMK-encrypted, access-logged, TLS-only, protected from destroy", () => {
    expect(only(json, "aws_s3_bucket")).toMatchObject({
      bucket: base.bucketName,
      force_destroy: false,
      object_lock_enabled: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(only(json, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(only(json, "aws_s3_bucket_ownership_controls")).toMatchObject({ rule: { object_ownership: "BucketOwnerEnforced" } });
    expect(only(json, "aws_s3_bucket_versioning")).toMatchObject({ versioning_configuration: { status: "Enabled" } });
    expect(only(json, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: base.kmsKeyArn },
        bucket_key_enabled: true,
      },
    ]);
    expect(only(json, "aws_s3_bucket_logging")).toMatchObject({ target_bucket: base.accessLogBucketName });
    const policy = JSON.parse(only(json, "aws_s3_bucket_policy").policy as string) as { Statement: Record<string, unknown>[] };
    expect(policy.Statement[0]).toMatchObject({
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    const rule = (only(json, "aws_s3_bucket_lifecycle_configuration").rule as Record<string, unknown>[])[0]!;
    expect(rule).toMatchObject({
      status: "Enabled",
      noncurrent_version_expiration: [{ noncurrent_days: 90 }],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
    });
    expect(resourcesOf(json, "aws_s3_bucket_object_lock_configuration")).toEqual({});
  });

  test("Object Lock in COMPLIANCE mode when objectLockDays is set", () => {
    const locked = synth({ objectLockDays: 365, expireAfterDays: 2557 });
    expect(only(locked, "aws_s3_bucket")).toMatchObject({ object_lock_enabled: true });
    expect(only(locked, "aws_s3_bucket_object_lock_configuration")).toMatchObject({
      rule: { default_retention: { mode: "COMPLIANCE", days: 365 } },
    });
  });

  test("kmsKeyArn null selects SSE-S3 for access-log targets", () => {
    const logs = synth({ kmsKeyArn: null, accessLogBucketName: undefined });
    expect(only(logs, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
    expect(resourcesOf(logs, "aws_s3_bucket_logging")).toEqual({});
  });

  test("throws when the bucket name is not a valid S3 name", () => {
    expect(() => synth({ bucketName: "Audit_Logs" })).toThrow(/bucketName must be 3-63 lowercase .* got "Audit_Logs"/);
  });
  test("throws when a KMS-encrypted bucket has no access logging", () => {
    expect(() => synth({ accessLogBucketName: undefined })).toThrow(/accessLogBucketName is required for a KMS-encrypted bucket/);
  });
  test("throws when a day count is not a whole number >= 1", () => {
    expect(() => synth({ noncurrentVersionDays: 0 })).toThrow(/noncurrentVersionDays must be a whole number of days >= 1, got 0/);
  });
  test("throws when objects would expire before their lock ends", () => {
    expect(() => synth({ objectLockDays: 365, expireAfterDays: 90 })).toThrow(
      /expireAfterDays \(90\) must be at least objectLockDays \(365\)/,
    );
  });
  test("throws when objects would expire before their transition", () => {
    expect(() => synth({ transitionToGlacierIrDays: 90, expireAfterDays: 30 })).toThrow(
      /expireAfterDays \(30\) must be greater than transitionToGlacierIrDays \(90\)/,
    );
  });
  test("reports every problem at once", () => {
    expect(() => synth({ bucketName: "X", accessLogBucketName: undefined })).toThrow(/bucketName[\s\S]*accessLogBucketName/);
  });
});
