import { AccountBaseline, type AccountBaselineProps } from "../../../constructs/organization/account-baseline";
import { resourcesOf } from "../../helpers/synth";
import { scratchStack } from "./stack";

const build = (over: Partial<AccountBaselineProps> = {}) => {
  const s = scratchStack();
  new AccountBaseline(s.stack, "Baseline", {
    provider: s.audit,
    accountId: "333333333333",
    regions: ["us-east-1", "eu-west-1"],
    globalResourcesRegion: "us-east-1",
    configBucketName: "acme-audit-logs-111111111111",
    configKmsKeyArn: "arn:aws:kms:us-east-1:111111111111:key/abc",
    ...over,
  });
  return s.synth();
};

describe("AccountBaseline", () => {
  const json = build();

  test("defaults are secure: account public access block, Config everywhere, EBS encryption by default", () => {
    expect(Object.values(resourcesOf(json, "aws_s3_account_public_access_block"))).toEqual([
      expect.objectContaining({
        account_id: "333333333333",
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      }),
    ]);
    const recorders = Object.values(resourcesOf(json, "aws_config_configuration_recorder"));
    expect(recorders.map((r) => r.region).sort()).toEqual(["eu-west-1", "us-east-1"]);
    for (const r of recorders) expect(r).toMatchObject({ provider: "aws.audit", recording_mode: { recording_frequency: "CONTINUOUS" } });
    for (const c of Object.values(resourcesOf(json, "aws_config_delivery_channel"))) {
      expect(c).toMatchObject({
        s3_bucket_name: "acme-audit-logs-111111111111",
        s3_kms_key_arn: "arn:aws:kms:us-east-1:111111111111:key/abc",
        s3_key_prefix: "config",
      });
    }
    expect(Object.values(resourcesOf(json, "aws_config_configuration_recorder_status")).map((s) => s.is_enabled)).toEqual([true, true]);
    expect(Object.values(resourcesOf(json, "aws_ebs_encryption_by_default")).map((e) => e.enabled)).toEqual([true, true]);
    expect(Object.values(resourcesOf(json, "aws_iam_account_password_policy"))).toEqual([
      expect.objectContaining({ minimum_password_length: 14, password_reuse_prevention: 24, max_password_age: 90, require_symbols: true }),
    ]);
  });

  test("global resources are recorded in one region only", () => {
    const global = Object.values(resourcesOf(json, "aws_config_configuration_recorder")).filter(
      (r) => (r.recording_group as { include_global_resource_types: boolean }).include_global_resource_types,
    );
    expect(global.map((r) => r.region)).toEqual(["us-east-1"]);
  });

  test("throws when the account id is not 12 digits", () => {
    expect(() => build({ accountId: "3" })).toThrow('test/Baseline: accountId: 12 digits (got "3")');
  });
  test("throws when no region is given", () => {
    expect(() => build({ regions: [], globalResourcesRegion: "us-east-1" })).toThrow(
      'test/Baseline: regions: at least one region (got [])\ntest/Baseline: globalResourcesRegion: one of regions () (got "us-east-1")',
    );
  });
  test("throws when a region repeats", () => {
    expect(() => build({ regions: ["us-east-1", "us-east-1"] })).toThrow(
      'test/Baseline: regions: no repeats (got ["us-east-1","us-east-1"])',
    );
  });
  test("throws when the global-resources region is not recorded", () => {
    expect(() => build({ globalResourcesRegion: "ap-south-1" })).toThrow(
      'test/Baseline: globalResourcesRegion: one of regions (us-east-1, eu-west-1) (got "ap-south-1")',
    );
  });
});
