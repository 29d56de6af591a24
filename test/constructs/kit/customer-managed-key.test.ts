import { Testing, TerraformStack } from "cdktf";
import { cloudWatchLogsStatement, customerManagedKey } from "../../../constructs/kit/customer-managed-key";
import { resourcesOf, type TfJson } from "../../helpers/synth";
import { Partition } from "../../../constructs/core/partition";

function synthKey(props: Partial<Parameters<typeof customerManagedKey>[2]> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  customerManagedKey(stack, "Key", { description: "test key", adminAccountId: "123456789012", ...props });
  const key = Object.values(resourcesOf(JSON.parse(Testing.synth(stack)) as TfJson, "aws_kms_key"))[0]!;
  return { key, policy: JSON.parse(String(key.policy)) as { Statement: { Sid: string; Principal: unknown }[] } };
}

describe("customerManagedKey", () => {
  test("defaults are secure: rotation, enabled, 30-day window, protected from destroy", () => {
    const { key } = synthKey();
    expect(key).toMatchObject({
      enable_key_rotation: true,
      is_enabled: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
  });

  test("the policy delegates to IAM in the admin account only, then the service statements", () => {
    const { policy } = synthKey({
      serviceStatements: [
        { Sid: "LogsUse", Effect: "Allow", Principal: { Service: "logs.us-east-1.amazonaws.com" }, Action: "kms:Decrypt*", Resource: "*" },
      ],
    });
    expect(policy.Statement.map((s) => s.Sid)).toEqual(["AccountAdministersTheKey", "LogsUse"]);
    expect(policy.Statement[0]!.Principal).toEqual({ AWS: "arn:aws:iam::123456789012:root" });
  });

  test("unprotected keys (torn-down environments) get the shortest window and no prevent_destroy", () => {
    const { key } = synthKey({ protect: false });
    expect(key.deletion_window_in_days).toBe(7);
    expect(key).not.toHaveProperty("lifecycle");
  });

  test("CloudWatch Logs may use the key only in its region and for the matching log groups", () => {
    expect(
      cloudWatchLogsStatement(Partition.of(Testing.app()), "Logs", "eu-central-1", "arn:aws:logs:eu-central-1:123456789012:log-group:/x"),
    ).toMatchObject({
      Principal: { Service: "logs.eu-central-1.amazonaws.com" },
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-central-1:123456789012:log-group:/x" } },
    });
  });

  test("in China the CloudWatch Logs principal and the account root carry the partition (amazonaws.com.cn, arn:aws-cn)", () => {
    const app = Testing.app();
    Partition.set(app, "aws-cn");
    expect(cloudWatchLogsStatement(Partition.of(app), "Logs", "cn-north-1", "*").Principal).toEqual({
      Service: "logs.cn-north-1.amazonaws.com.cn",
    });
    const stack = new TerraformStack(app, "test");
    customerManagedKey(stack, "Key", { description: "test key", adminAccountId: "123456789012" });
    const key = Object.values(resourcesOf(JSON.parse(Testing.synth(stack)) as TfJson, "aws_kms_key"))[0]!;
    expect(JSON.parse(String(key.policy)).Statement[0].Principal).toEqual({ AWS: "arn:aws-cn:iam::123456789012:root" });
  });
});
