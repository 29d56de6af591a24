import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformRoles, type TerraformRolesProps } from "../../../constructs/bootstrap/terraform-roles";
import { resourcesOf, type TfJson } from "../../helpers/synth";

const base: TerraformRolesProps = {
  accountId: "123456789012",
  githubRepository: "acme/infra",
  deployEnvironments: ["us"],
  roleNames: { deploy: "terraform-deploy", plan: "terraform-plan", state: "terraform-state", stateRead: "terraform-state-read" },
  administratorPermissionSetName: "Admin",
  stateBucketName: "org-tfstate-123456789012",
  stateKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/abc",
};

function synth(props: Partial<TerraformRolesProps> = {}): TfJson {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new TerraformRoles(stack, "Roles", { ...base, ...props });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

describe("TerraformRoles", () => {
  const json = synth();
  const trust = (name: string) =>
    JSON.parse(Object.values(resourcesOf(json, "aws_iam_role")).find((r) => r.name === name)!.assume_role_policy as string) as {
      Statement: Record<string, unknown>[];
    };

  test("defaults are secure: one-hour sessions, OIDC trust pinned to the repository, no wildcard subjects", () => {
    for (const r of Object.values(resourcesOf(json, "aws_iam_role"))) expect(r.max_session_duration).toBe(3600);
    const subjects = ["terraform-deploy", "terraform-plan"].flatMap((n) =>
      trust(n)
        .Statement.filter((s) => s.Action === "sts:AssumeRoleWithWebIdentity")
        .flatMap((s) => (s.Condition as { StringLike: Record<string, string[]> }).StringLike["token.actions.githubusercontent.com:sub"]!),
    );
    expect(subjects.length).toBe(3);
    // The only wildcard: the pull-request number in plan.yml's ref.
    for (const s of subjects) expect(s.replace("refs/pull/*/merge", "refs/pull/N/merge")).toMatch(/^repo:acme\/infra:[^*?]+$/);
  });

  test("the state roles trust no web identity", () => {
    for (const name of ["terraform-state", "terraform-state-read"])
      expect(trust(name).Statement.map((s) => s.Action)).toEqual(["sts:AssumeRole", "sts:AssumeRole"]);
  });

  test("githubPlans false: no workflow may assume the plan role (an account CI plans no stack in)", () => {
    const roles = Object.values(resourcesOf(synth({ githubPlans: false }), "aws_iam_role"));
    const plan = JSON.parse(roles.find((r) => r.name === "terraform-plan")!.assume_role_policy as string) as {
      Statement: Record<string, unknown>[];
    };
    expect(plan.Statement.map((s) => s.Action)).not.toContain("sts:AssumeRoleWithWebIdentity");
    expect(plan.Statement.length).toBeGreaterThan(0);
  });

  test("without deploy environments no workflow may assume the deploy role", () => {
    const roles = Object.values(resourcesOf(synth({ deployEnvironments: [] }), "aws_iam_role"));
    const deploy = JSON.parse(roles.find((r) => r.name === "terraform-deploy")!.assume_role_policy as string) as {
      Statement: Record<string, unknown>[];
    };
    expect(deploy.Statement.map((s) => s.Action)).not.toContain("sts:AssumeRoleWithWebIdentity");
  });

  test("the deploy and state roles trust this account's Identity Center administrators, for manual applies", () => {
    for (const name of ["terraform-deploy", "terraform-state"]) {
      expect(trust(name).Statement).toContainEqual(
        expect.objectContaining({
          Principal: { AWS: "arn:aws:iam::123456789012:root" },
          Condition: {
            ArnLike: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_Admin_*" },
          },
        }),
      );
    }
    expect(JSON.stringify(trust("terraform-plan"))).not.toContain("AWSReservedSSO");
  });

  test("throws when the account id is not 12 digits", () => {
    expect(() => synth({ accountId: "12" })).toThrow('test/Roles: accountId: 12 digits (got "12")');
  });
  test("throws when the repository has a wildcard or no owner", () => {
    expect(() => synth({ githubRepository: "acme/*" })).toThrow(
      'test/Roles: githubRepository: owner/name without wildcards (got "acme/*")',
    );
  });
  test("throws when a deploy environment has a wildcard", () => {
    expect(() => synth({ deployEnvironments: ["prod-*"] })).toThrow(
      'test/Roles: deployEnvironments[0]: a GitHub environment name without wildcards (got "prod-*")',
    );
  });
  test("throws when a plan role ARN is not a role ARN", () => {
    expect(() => synth({ organizationPlanRoleArn: "terraform-plan" })).toThrow(
      'test/Roles: organizationPlanRoleArn: an IAM role ARN (got "terraform-plan")',
    );
    expect(() => synth({ memberPlanRoleArns: ["arn:aws:iam::1:role/x"] })).toThrow(
      'test/Roles: memberPlanRoleArns[0]: an IAM role ARN (got "arn:aws:iam::1:role/x")',
    );
  });
  test("throws when the administrator permission set name is not a permission set name", () => {
    expect(() => synth({ administratorPermissionSetName: "Admin*" })).toThrow(
      'test/Roles: administratorPermissionSetName: a permission set name (letters, digits, +=,.@_-, at most 32) (got "Admin*")',
    );
  });
  test("throws when two roles share a name", () => {
    expect(() => synth({ roleNames: { deploy: "tf", plan: "tf", state: "tf-state", stateRead: "tf-read" } })).toThrow(
      'test/Roles: roleNames: four different names (got {"deploy":"tf","plan":"tf","state":"tf-state","stateRead":"tf-read"})',
    );
  });

  test("regional state buckets get the home bucket's grants and denies; without them each policy names the one bucket and key", () => {
    const statements = (j: TfJson) =>
      Object.values(resourcesOf(j, "aws_iam_role_policy")).flatMap(
        (p) => (JSON.parse(p.policy as string) as { Statement: { Sid?: string; Resource: string | string[] }[] }).Statement,
      );
    const stateSids = ["ListState", "ReadWriteState", "ReadState", "StateKey", "DenyStateWrites"];
    const home = statements(json).filter((st) => stateSids.includes(st.Sid ?? ""));
    expect(home.length).toBe(7);
    for (const st of home) expect(typeof st.Resource).toBe("string");

    const west = { bucketName: "org-tfstate-123456789012-us-west-2", kmsKeyArn: "arn:aws:kms:us-west-2:123456789012:key/def" };
    const regional = statements(synth({ regionalStateBuckets: [west] })).filter((st) => stateSids.includes(st.Sid ?? ""));
    expect(regional.map((st) => st.Sid)).toEqual(home.map((st) => st.Sid));
    for (const [i, st] of regional.entries()) {
      const before = home[i]!.Resource as string;
      const after = before.replace(base.stateBucketName, west.bucketName).replace(base.stateKmsKeyArn, west.kmsKeyArn);
      expect({ sid: st.Sid, resource: st.Resource }).toEqual({ sid: st.Sid, resource: [before, after] });
    }
  });
});
