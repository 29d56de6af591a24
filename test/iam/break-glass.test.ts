/**
 * Break-glass works when IAM Identity Center is down: a path into every account that involves no
 * Identity Center principal. The break-glass roles are found by their trust (the one role per
 * account whose trust requires MFA), the user by the roles' aws:PrincipalArn condition; nothing is
 * looked up by name. With recent MFA the user assumes the role in every account and can then
 * administer it (within the SCPs); without MFA, with MFA older than the session limit, from a
 * GitHub OIDC token, or as any other principal (deploy roles, Identity Center administrators) the
 * assumption is denied.
 */
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_URL } from "../../constructs/bootstrap/terraform-roles";
import { organizationRegions } from "../../lib/config/organization-regions";
import { roleNamed, shippedIamModel, simulate, type IamModel, type ModelPrincipal, type ModelRole } from "../helpers/iam-model";

const ISSUER = GITHUB_OIDC_URL.replace(/^https:\/\//, "");
const RECENT_MFA = { "aws:MultiFactorAuthPresent": "true", "aws:MultiFactorAuthAge": "300" };

/** Roles whose trust demands MFA: the break-glass roles. */
const breakGlassRoles = (model: IamModel): ModelRole[] =>
  model.roles.filter((r) => JSON.stringify(r.trust).includes("aws:MultiFactorAuthPresent"));

/** The users the break-glass roles' trusts name. */
function breakGlassUsers(model: IamModel): ModelPrincipal[] {
  const named = new Set(
    breakGlassRoles(model).flatMap((r) => JSON.stringify(r.trust).match(/arn:aws:iam::\d{12}:user\/[\w+=,.@/-]+/g) ?? []),
  );
  return model.users.filter((u) => named.has(u.arn));
}

async function breakGlassProblems(model: IamModel): Promise<string[]> {
  const problems: string[] = [];
  const management = model.config.organization.managementAccount.id;
  const roles = breakGlassRoles(model);
  const users = breakGlassUsers(model);
  if (users.length !== 1) problems.push(`the break-glass roles trust ${users.length} users of the model, expected exactly one`);
  for (const account of model.config.accounts)
    if (roles.filter((r) => r.accountId === account.id).length !== 1)
      problems.push(`${account.name}: ${roles.filter((r) => r.accountId === account.id).length} break-glass roles, expected one`);
  const region = organizationRegions(model.config)[0]!;
  const expect = async (label: string, request: Parameters<typeof simulate>[1], allowed: boolean) => {
    const decision = await simulate(model, { region, ...request });
    if ((decision === "Allowed") !== allowed) problems.push(`${label}: ${decision}, expected ${allowed ? "Allowed" : "denied"}`);
  };
  for (const user of users) {
    if (user.accountId !== management) problems.push(`${user.arn} is not in the management account`);
    if (user.arn.includes("aws-reserved/sso.amazonaws.com")) problems.push(`${user.arn} belongs to Identity Center`);
    for (const role of roles) {
      await expect(
        `${user.name} -> ${role.arn} with recent MFA`,
        { principal: user, action: "sts:AssumeRole", resource: role.arn, context: RECENT_MFA },
        true,
      );
      await expect(
        `${user.name} -> ${role.arn} without MFA`,
        { principal: user, action: "sts:AssumeRole", resource: role.arn, context: { "aws:MultiFactorAuthPresent": "false" } },
        false,
      );
      await expect(
        `${user.name} -> ${role.arn} with MFA two hours old`,
        {
          principal: user,
          action: "sts:AssumeRole",
          resource: role.arn,
          context: { "aws:MultiFactorAuthPresent": "true", "aws:MultiFactorAuthAge": "7200" },
        },
        false,
      );
    }
    // The user itself can do nothing else.
    await expect(
      `${user.name} iam:CreateRole`,
      { principal: user, action: "iam:CreateRole", resource: `arn:aws:iam::${management}:role/anything`, context: RECENT_MFA },
      false,
    );
  }
  for (const role of roles) {
    // Once assumed: an administrator of the account, within the SCPs.
    const session = { principal: role, context: RECENT_MFA };
    await expect(
      `${role.arn} iam:CreateRole`,
      { ...session, action: "iam:CreateRole", resource: `arn:aws:iam::${role.accountId}:role/anything` },
      true,
    );
    await expect(
      `${role.arn} ec2:CreateVpc in ${region}`,
      { ...session, action: "ec2:CreateVpc", resource: `arn:aws:ec2:${region}:${role.accountId}:vpc/*` },
      true,
    );
    // Nobody else: GitHub tokens (even a main-branch environment job), the account's own roles, administrators.
    const claims = {
      [`${ISSUER}:sub`]: `repo:${model.config.organization.githubRepository}:environment:any:job_workflow_ref:${model.config.organization.githubRepository}/.github/workflows/any.yml@refs/heads/main`,
      [`${ISSUER}:aud`]: GITHUB_OIDC_AUDIENCE,
    };
    await expect(
      `GitHub OIDC -> ${role.arn}`,
      {
        principal: `arn:aws:iam::${role.accountId}:oidc-provider/${ISSUER}`,
        action: "sts:AssumeRoleWithWebIdentity",
        resource: role.arn,
        context: claims,
      },
      false,
    );
    const others = [
      roleNamed(model, role.accountId, model.config.organization.roleNames.deploy),
      roleNamed(model, management, model.config.organization.roleNames.deploy),
      `arn:aws:iam::${role.accountId}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef`,
      `arn:aws:iam::${management}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef`,
    ];
    for (const other of others) {
      const arn = typeof other === "string" ? other : other.arn;
      await expect(
        `${arn} -> ${role.arn} with MFA`,
        {
          principal: other,
          action: "sts:AssumeRole",
          resource: role.arn,
          context: RECENT_MFA,
          identityPolicies: [
            { name: "admin", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } },
          ],
        },
        false,
      );
    }
  }
  return problems;
}

describe("break-glass without Identity Center, simulated", () => {
  let model: IamModel;
  beforeAll(() => {
    model = shippedIamModel();
  }, 120_000);

  test("one MFA-bound break-glass role per account, assumable only by the management account's break-glass user", async () => {
    expect(breakGlassRoles(model).length).toBe(model.config.accounts.length);
    expect(await breakGlassProblems(model)).toEqual([]);
  }, 60_000);

  test("break-glass without the MFA conditions (trust and user policy), or open to the account's roles, is caught", async () => {
    const [role] = breakGlassRoles(model);
    const [user] = breakGlassUsers(model);
    const trust = role!.trust.Statement as Record<string, unknown>[];
    const withoutConditions = (statements: Record<string, unknown>[]) => statements.map(({ Condition: _dropped, ...rest }) => rest);
    const withTrust = (statements: Record<string, unknown>[], userWithoutMfa = false): IamModel => ({
      ...model,
      roles: model.roles.map((r) => (r === role ? { ...r, trust: { Version: "2012-10-17", Statement: statements } } : r)),
      users: model.users.map((u) =>
        u === user && userWithoutMfa
          ? {
              ...u,
              policies: u.policies.map((p) => ({
                ...p,
                policy: { ...p.policy, Statement: withoutConditions(p.policy.Statement as Record<string, unknown>[]) },
              })),
            }
          : u,
      ),
    });
    const noMfa = trust.map((s) => ({ ...s, Condition: { ArnEquals: (s["Condition"] as Record<string, unknown>)["ArnEquals"] } }));
    // Keeps a dummy MFA mention so the role is still found as a break-glass role.
    const mention = {
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: "sts:TagSession",
      Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } },
    };
    expect(await breakGlassProblems(withTrust([...noMfa, mention], true))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`-> ${role!.arn.replace(/[/.]/g, "\\$&")} without MFA: Allowed, expected denied`)),
      ]),
    );
    const openToAccount = [
      ...trust,
      { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${role!.accountId}:root` }, Action: "sts:AssumeRole" },
    ];
    expect(await breakGlassProblems(withTrust(openToAccount))).toEqual(
      expect.arrayContaining([expect.stringMatching(/terraform-deploy -> .* with MFA: Allowed, expected denied/)]),
    );
  }, 60_000);
});
