import { AuditLogArchive } from "../../../constructs/organization/audit-log-archive";
import {
  CONFIG_DELIVERY_DAYS,
  ConfigDeliveryBucket,
  type ConfigDeliveryBucketProps,
} from "../../../constructs/organization/config-delivery-bucket";
import { resourcesOf } from "../../helpers/synth";
import { scratchStack } from "./stack";

const build = (over: Partial<ConfigDeliveryBucketProps> = {}) => {
  const s = scratchStack();
  const archive = new AuditLogArchive(s.stack, "Archive", {
    provider: s.audit,
    organizationName: "acme",
    logArchiveAccountId: "222222222222",
    auditAccountId: "333333333333",
    managementAccountId: "111111111111",
    organizationId: "o-abc123",
    trailArn: "arn:aws:cloudtrail:us-east-1:111111111111:trail/acme-organization",
    configAccountIds: ["111111111111", "222222222222"],
  });
  new ConfigDeliveryBucket(s.stack, "Delivery", {
    provider: s.audit,
    organizationName: "acme",
    logArchiveAccountId: "222222222222",
    region: "us-east-1",
    configAccountIds: ["222222222222", "111111111111"],
    kmsKeyArn: archive.key.arn,
    accessLogBucketName: archive.accessLogBucket.bucketName,
    archive: archive.bucket,
    ...over,
  });
  return s.synth();
};
type Statement = {
  Sid: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};
const statementsOf = (doc: unknown) => (JSON.parse(doc as string) as { Statement: Statement[] }).Statement;

describe("ConfigDeliveryBucket", () => {
  const json = build();
  const buckets = resourcesOf(json, "aws_s3_bucket");
  const [deliveryId, delivery] = Object.entries(buckets).find(([, b]) => b.bucket === "acme-config-delivery-222222222222")!;
  const [archiveId] = Object.entries(buckets).find(([, b]) => b.bucket === "acme-audit-logs-222222222222")!;
  const ofDelivery = (type: string) =>
    Object.values(resourcesOf(json, type)).find((r) => r.bucket === `\${aws_s3_bucket.${deliveryId}.id}`)!;
  const replication = Object.values(resourcesOf(json, "aws_s3_bucket_replication_configuration"))[0]!;
  const role = Object.values(resourcesOf(json, "aws_iam_role"))[0]!;
  const rolePolicy = statementsOf(Object.values(resourcesOf(json, "aws_iam_role_policy"))[0]!.policy);

  test("defaults are secure: no Object Lock (Config refuses it), versioned, CMK, access logs, public access blocked, protected, short-lived", () => {
    expect(delivery).toMatchObject({ provider: "aws.audit", object_lock_enabled: false, lifecycle: { prevent_destroy: true } });
    expect(ofDelivery("aws_s3_bucket_versioning")).toMatchObject({ versioning_configuration: { status: "Enabled" } });
    expect(ofDelivery("aws_s3_bucket_server_side_encryption_configuration")).toMatchObject({
      rule: [
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: "aws:kms",
            kms_master_key_id: expect.stringMatching(/aws_kms_key\.Archive_Key/),
          },
        },
      ],
    });
    expect(ofDelivery("aws_s3_bucket_logging").target_bucket).toMatch(/aws_s3_bucket\.Archive_AccessLogs/);
    expect(ofDelivery("aws_s3_bucket_public_access_block")).toMatchObject({ block_public_policy: true, restrict_public_buckets: true });
    expect((ofDelivery("aws_s3_bucket_lifecycle_configuration").rule as Record<string, unknown>[])[0]!.expiration).toEqual([
      { days: CONFIG_DELIVERY_DAYS },
    ]);
  });

  test("AWS Config of each listed account may write only under its own config/AWSLogs/<account>/Config/ prefix", () => {
    const policy = statementsOf(ofDelivery("aws_s3_bucket_policy").policy);
    const write = policy.find((s) => s.Sid === "ConfigWrite")!;
    expect(write.Principal).toEqual({ Service: "config.amazonaws.com" });
    expect(write.Resource).toEqual([
      "arn:aws:s3:::acme-config-delivery-222222222222/config/AWSLogs/111111111111/Config/*",
      "arn:aws:s3:::acme-config-delivery-222222222222/config/AWSLogs/222222222222/Config/*",
    ]);
    expect(write.Condition!.StringEquals!["aws:SourceAccount"]).toEqual(["111111111111", "222222222222"]);
    expect(policy.find((s) => s.Sid === "DenyInsecureTransport")).toBeDefined();
  });

  test("replicates config/ into the locked archive with the CMK, after versioning is on at both ends", () => {
    expect(replication.bucket).toBe(`\${aws_s3_bucket.${deliveryId}.id}`);
    expect(replication.rule).toEqual([
      expect.objectContaining({
        status: "Enabled",
        filter: { prefix: "config/" },
        delete_marker_replication: { status: "Disabled" },
        source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
        destination: {
          bucket: `\${aws_s3_bucket.${archiveId}.arn}`,
          encryption_configuration: { replica_kms_key_id: expect.stringMatching(/aws_kms_key\.Archive_Key/) },
        },
      }),
    ]);
    const versioningIds = Object.entries(resourcesOf(json, "aws_s3_bucket_versioning")).filter(([, v]) =>
      [deliveryId, archiveId].some((b) => v.bucket === `\${aws_s3_bucket.${b}.id}`),
    );
    expect(versioningIds).toHaveLength(2);
    for (const [id] of versioningIds) expect(replication.depends_on).toContain(`aws_s3_bucket_versioning.${id}`);
  });

  test("the replication role is S3's, in this account only, and may write replicas only under config/ in the archive", () => {
    expect(statementsOf(role.assume_role_policy)).toEqual([
      expect.objectContaining({
        Principal: { Service: "s3.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
      }),
    ]);
    expect(rolePolicy.find((s) => s.Sid === "WriteReplicas")!.Resource).toMatch(
      /^\$\{aws_s3_bucket\.Archive_Bucket_\w+\.arn\}\/config\/\*$/,
    );
    for (const s of rolePolicy) expect(s.Resource).not.toBe("*");
    for (const s of rolePolicy.filter((x) => [x.Action].flat().some((a) => a.startsWith("kms:"))))
      expect(s.Condition).toEqual({ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } });
  });

  test("reports every bad input at once", () => {
    expect(() => build({ logArchiveAccountId: "archive", configAccountIds: [] })).toThrow(
      'test/Delivery: logArchiveAccountId: 12 digits (got "archive")\ntest/Delivery: configAccountIds: at least one account (got [])',
    );
    expect(() => build({ configAccountIds: ["12"] })).toThrow('test/Delivery: configAccountIds[0]: 12 digits (got "12")');
  });
});
