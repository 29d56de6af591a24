import { AuditLogArchive, AUDIT_LOG_LOCK_DAYS, type AuditLogArchiveProps } from "../../../constructs/organization/audit-log-archive";
import { resourcesOf } from "../../helpers/synth";
import { scratchStack } from "./stack";

const trailArn = "arn:aws:cloudtrail:us-east-1:111111111111:trail/acme-organization";
const build = (over: Partial<AuditLogArchiveProps> = {}) => {
  const s = scratchStack();
  new AuditLogArchive(s.stack, "Archive", {
    provider: s.audit,
    organizationName: "acme",
    logArchiveAccountId: "222222222222",
    auditAccountId: "333333333333",
    managementAccountId: "111111111111",
    organizationId: "o-abc123",
    trailArn,
    configAccountIds: ["111111111111", "222222222222"],
    ...over,
  });
  return s.synth();
};
type Statement = Record<string, unknown> & { Sid: string; Condition?: Record<string, Record<string, unknown>> };

describe("AuditLogArchive", () => {
  const json = build();
  const key = Object.values(resourcesOf(json, "aws_kms_key"))[0]!;
  const keyPolicy = (JSON.parse(key.policy as string) as { Statement: Statement[] }).Statement;
  const bucketPolicy = Object.values(resourcesOf(json, "aws_s3_bucket_policy"))
    .map((p) => (JSON.parse(p.policy as string) as { Statement: Statement[] }).Statement)
    .find((st) => st.some((s) => s.Sid === "CloudTrailWrite"))!;

  test("defaults are secure: rotating CMK, Object Lock COMPLIANCE for a year, seven-year retention, all in the given provider", () => {
    expect(key).toMatchObject({ enable_key_rotation: true, provider: "aws.audit", lifecycle: { prevent_destroy: true } });
    expect(Object.values(resourcesOf(json, "aws_s3_bucket_object_lock_configuration"))[0]).toMatchObject({
      rule: { default_retention: { mode: "COMPLIANCE", days: AUDIT_LOG_LOCK_DAYS } },
    });
    for (const b of Object.values(resourcesOf(json, "aws_s3_bucket"))) expect(b.provider).toBe("aws.audit");
    const rules = Object.values(resourcesOf(json, "aws_s3_bucket_lifecycle_configuration")).map(
      (l) => (l.rule as Record<string, unknown>[])[0]!,
    );
    for (const r of rules) expect(r.expiration).toEqual([{ days: 2557 }]);
  });

  test("CloudTrail may encrypt only for this trail; the audit account may decrypt", () => {
    const trail = keyPolicy.find((s) => s.Sid === "OrganizationTrailEncrypts")!;
    expect(trail.Condition).toEqual({
      StringEquals: { "aws:SourceArn": trailArn },
      StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:111111111111:trail/*" },
    });
    expect(keyPolicy.find((s) => s.Sid === "AuditAccountReadsLogs")).toMatchObject({
      Principal: { AWS: "arn:aws:iam::333333333333:root" },
      Action: ["kms:Decrypt", "kms:DescribeKey"],
    });
  });

  test("the trail writes under the management account and the organization id; AWS Config never writes to the locked bucket", () => {
    expect(bucketPolicy.find((s) => s.Sid === "CloudTrailWrite")!.Resource).toEqual([
      "arn:aws:s3:::acme-audit-logs-222222222222/AWSLogs/111111111111/*",
      "arn:aws:s3:::acme-audit-logs-222222222222/AWSLogs/o-abc123/*",
    ]);
    // Config refuses Object Lock buckets; its objects arrive by replication (config-delivery-bucket.test.ts).
    expect(bucketPolicy.filter((s) => JSON.stringify(s.Principal).includes("config.amazonaws.com"))).toEqual([]);
  });

  test("throws when an account id is not 12 digits", () => {
    expect(() => build({ auditAccountId: "audit" })).toThrow('test/Archive: auditAccountId: 12 digits (got "audit")');
  });
  test("throws when no account delivers Config data", () => {
    expect(() => build({ configAccountIds: [] })).toThrow("test/Archive: configAccountIds: at least one account (got [])");
  });
});
