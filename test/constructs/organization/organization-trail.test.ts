import { OrganizationTrail, organizationTrailArn, type OrganizationTrailProps } from "../../../constructs/organization/organization-trail";
import { resourcesOf } from "../../helpers/synth";
import { scratchStack } from "./stack";

const build = (over: Partial<OrganizationTrailProps> = {}) => {
  const s = scratchStack();
  new OrganizationTrail(s.stack, "Trail", {
    trailName: "acme-organization",
    managementAccountId: "111111111111",
    region: "us-east-1",
    bucketName: "acme-audit-logs-222222222222",
    kmsKeyArn: "arn:aws:kms:us-east-1:222222222222:key/abc",
    ...over,
  });
  return s.synth();
};

describe("OrganizationTrail", () => {
  const json = build();

  test("defaults are secure: organization-wide, every region, validated, encrypted, logging, copied to CloudWatch Logs", () => {
    expect(Object.values(resourcesOf(json, "aws_cloudtrail"))).toEqual([
      expect.objectContaining({
        name: "acme-organization",
        is_organization_trail: true,
        is_multi_region_trail: true,
        include_global_service_events: true,
        enable_log_file_validation: true,
        enable_logging: true,
        kms_key_id: "arn:aws:kms:us-east-1:222222222222:key/abc",
        event_selector: [{ read_write_type: "All", include_management_events: true }],
      }),
    ]);
    expect(Object.values(resourcesOf(json, "aws_cloudwatch_log_group"))[0]).toMatchObject({
      name: "/aws/cloudtrail/acme-organization",
      retention_in_days: 365,
    });
  });

  test("the CloudWatch Logs role trusts CloudTrail for this trail only and writes only to its group", () => {
    const role = Object.values(resourcesOf(json, "aws_iam_role"))[0]!;
    expect(JSON.parse(role.assume_role_policy as string).Statement[0].Condition).toEqual({
      StringEquals: { "aws:SourceArn": organizationTrailArn("us-east-1", "111111111111", "acme-organization", "aws") },
    });
    const policy = JSON.parse(Object.values(resourcesOf(json, "aws_iam_role_policy"))[0]!.policy as string);
    expect(policy.Statement[0].Resource).toMatch(/^\$\{aws_cloudwatch_log_group\.\w+\.arn\}:log-stream:\*$/);
  });

  test("records S3 data events of the named buckets only", () => {
    const trail = Object.values(resourcesOf(build({ dataEventBucketNames: ["state-b", "audit-a"] }), "aws_cloudtrail"))[0]!;
    expect(trail.event_selector).toEqual([
      {
        read_write_type: "All",
        include_management_events: true,
        data_resource: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::audit-a/", "arn:aws:s3:::state-b/"] }],
      },
    ]);
  });

  test("throws when more buckets are named than a trail's event selectors take", () => {
    expect(() => build({ dataEventBucketNames: Array.from({ length: 251 }, (_, i) => `b-${i}`) })).toThrow(
      'test/Trail: dataEventBucketNames: at most 250 buckets (got "251 buckets")',
    );
  });

  test("throws when the trail name is not a valid CloudTrail name", () => {
    expect(() => build({ trailName: "a b" })).toThrow(
      "test/Trail: trailName: 3-128 letters, digits, '.', '_' or '-', starting with a letter or digit (got \"a b\")",
    );
  });
});
