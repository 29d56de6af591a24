import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { StateBackend, type StateBackendProps } from "../../../constructs/bootstrap/state-backend";
import { resourcesOf, type TfJson } from "../../helpers/synth";

const base: StateBackendProps = {
  accountId: "123456789012",
  bucketName: "org-tfstate-123456789012",
  kmsAliasName: "alias/org-tfstate",
  accessLogBucketName: "org-tfstate-access-logs-123456789012",
};

function synth(props: Partial<StateBackendProps> = {}): TfJson {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new StateBackend(stack, "State", { ...base, ...props });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

describe("StateBackend", () => {
  const json = synth();

  test("defaults are secure: rotating CMK protected from destroy, state kept a year of history", () => {
    expect(Object.values(resourcesOf(json, "aws_kms_key"))).toEqual([
      expect.objectContaining({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } }),
    ]);
    expect(Object.values(resourcesOf(json, "aws_kms_alias"))).toEqual([expect.objectContaining({ name: "alias/org-tfstate" })]);
    const lifecycle = Object.entries(resourcesOf(json, "aws_s3_bucket_lifecycle_configuration")).find(([id]) =>
      id.startsWith("State_Bucket_"),
    )![1];
    expect((lifecycle.rule as Record<string, unknown>[])[0]).toMatchObject({ noncurrent_version_expiration: [{ noncurrent_days: 365 }] });
  });

  test("the access-log bucket accepts S3 server access logs from this account only", () => {
    const policies = Object.values(resourcesOf(json, "aws_s3_bucket_policy")).map(
      (p) => JSON.parse(p.policy as string) as { Statement: Record<string, unknown>[] },
    );
    expect(policies.flatMap((p) => p.Statement)).toContainEqual(
      expect.objectContaining({
        Principal: { Service: "logging.s3.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      }),
    );
  });

  test("throws when the account id is not 12 digits", () => {
    expect(() => synth({ accountId: "1234" })).toThrow('test/State: accountId: 12 digits (got "1234")');
  });
  test("throws when the alias is not alias/<name> or is AWS-reserved", () => {
    expect(() => synth({ kmsAliasName: "org-tfstate" })).toThrow(
      "test/State: kmsAliasName: alias/<name> (letters, digits, '/', '_', '-', not alias/aws/) (got \"org-tfstate\")",
    );
    expect(() => synth({ kmsAliasName: "alias/aws/s3" })).toThrow(/kmsAliasName/);
  });
  test("throws when the access logs would go into the state bucket itself", () => {
    expect(() => synth({ accessLogBucketName: base.bucketName })).toThrow(
      'test/State: accessLogBucketName: another bucket than bucketName ("org-tfstate-123456789012") (got "org-tfstate-123456789012")',
    );
  });

  test("with a provider (another region's state), every resource is made through it; without one, none names a provider", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    const west = new AwsProvider(stack, "west", { region: "us-west-2", alias: "west" });
    new StateBackend(stack, "State", { ...base, provider: west });
    const regional = JSON.parse(Testing.synth(stack)) as TfJson;
    const providers = (j: TfJson) => [
      ...new Set(Object.values(j.resource ?? {}).flatMap((byName) => Object.values(byName).map((r) => r["provider"]))),
    ];
    expect(providers(regional)).toEqual(["aws.west"]);
    expect(providers(json)).toEqual([undefined]);
  });
});
