import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { BreakGlassAccess, type BreakGlassAccessProps } from "../../../constructs/bootstrap/break-glass";
import { resourcesOf, type TfJson } from "../../helpers/synth";

const MANAGEMENT = "111111111111";
const MEMBER = "222222222222";

function synth(props: Partial<BreakGlassAccessProps> = {}): TfJson {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new BreakGlassAccess(stack, "BreakGlass", { accountId: MEMBER, managementAccountId: MANAGEMENT, ...props });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

describe("BreakGlassAccess", () => {
  test("defaults are secure: one-hour sessions, trust pinned to the management account's user with MFA signed in within the hour", () => {
    const [role] = Object.values(resourcesOf(synth(), "aws_iam_role"));
    expect(role!.max_session_duration).toBe(3600);
    expect(JSON.parse(role!.assume_role_policy as string).Statement).toEqual([
      expect.objectContaining({
        Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` },
        Action: "sts:AssumeRole",
        Condition: {
          ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${MANAGEMENT}:user/break-glass` },
          Bool: { "aws:MultiFactorAuthPresent": "true" },
          NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
        },
      }),
    ]);
  });

  test("the user exists only in the management account, without access keys or login profile", () => {
    expect(Object.keys(synth().resource ?? {}).filter((t) => t.startsWith("aws_iam_user"))).toEqual([]);
    const management = synth({ accountId: MANAGEMENT });
    expect(
      Object.keys(management.resource ?? {})
        .filter((t) => /^aws_iam_(user|access_key)/.test(t))
        .sort(),
    ).toEqual(["aws_iam_user", "aws_iam_user_policy"]);
    const [policy] = Object.values(resourcesOf(management, "aws_iam_user_policy"));
    expect(JSON.parse(policy!.policy as string).Statement).toEqual([
      expect.objectContaining({
        Action: "sts:AssumeRole",
        Resource: "arn:aws:iam::*:role/break-glass",
        Condition: expect.objectContaining({ Bool: { "aws:MultiFactorAuthPresent": "true" } }),
      }),
    ]);
  });

  test("throws naming every bad prop", () => {
    expect(() => synth({ accountId: "12", roleName: "bad name", maxSessionSeconds: 600 })).toThrow(
      'test/BreakGlass: accountId: 12 digits (got "12")\ntest/BreakGlass: roleName: an IAM name (letters, digits, +=,.@_-, at most 64) (got "bad name")\ntest/BreakGlass: maxSessionSeconds: a whole number of seconds from 3600 to 43200 (the range IAM accepts for a role) (got 600)',
    );
  });
});
