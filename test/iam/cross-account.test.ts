/**
 * The deploy role of one account cannot act in another: it cannot assume another account's roles,
 * and requests on another account's resources (its state bucket and key, its VPCs, clusters and
 * databases) are denied. Accounts come from environments/accounts.yaml, roles from the stacks.
 *
 * One path is intended: the management account's principals may assume
 * `OrganizationAccountAccessRole` in every member (AWS Organizations creates it trusting the
 * management account; AWS Organizations user guide, "Accessing a member account that has a
 * management account access role", read 2026-12-07), which the organization stack applies the
 * per-account baseline through. The model adds that role as Organizations creates it.
 */
import type { AccountConfig } from "../../lib/config/model";
import { roleNamed, shippedIamModel, simulate, stateKeyOf, type IamModel, type ModelRole } from "../helpers/iam-model";

/** The role Organizations creates in each member account, trusting the management account. */
function withAccountAccessRoles(model: IamModel): IamModel {
  const management = model.config.organization.managementAccount.id;
  const name = model.config.organization.accountAccessRoleName;
  const created: ModelRole[] = model.config.accounts
    .filter((a) => a.id !== management)
    .map((a) => ({
      stack: "(AWS Organizations)",
      address: name,
      accountId: a.id,
      name,
      arn: `arn:aws:iam::${a.id}:role/${name}`,
      trust: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${management}:root` }, Action: "sts:AssumeRole" }],
      },
      policies: [],
    }));
  return { ...model, roles: [...model.roles, ...created] };
}

/** Requests the deploy role of `from` makes in `to`; every one must be denied. */
function requestsInto(model: IamModel, to: AccountConfig): { action: string; resource: string }[] {
  const key = stateKeyOf(model, to);
  const region = key.region;
  const roles = model.roles.filter((r) => r.accountId === to.id && r.name !== model.config.organization.accountAccessRoleName);
  return [
    ...roles.map((r) => ({ action: "sts:AssumeRole", resource: r.arn })),
    { action: "s3:GetObject", resource: `arn:aws:s3:::${to.stateBucket}/${to.name}/terraform.tfstate` },
    { action: "s3:PutObject", resource: `arn:aws:s3:::${to.stateBucket}/${to.name}/terraform.tfstate` },
    { action: "kms:Decrypt", resource: key.arn },
    { action: "ec2:CreateVpc", resource: `arn:aws:ec2:${region}:${to.id}:vpc/*` },
    { action: "eks:DeleteCluster", resource: `arn:aws:eks:${region}:${to.id}:cluster/anything` },
    { action: "rds:DeleteDBInstance", resource: `arn:aws:rds:${region}:${to.id}:db:anything` },
  ];
}

/** Requests from each account's deploy role into every other account (or only `only`'s pair) that are allowed. */
async function crossAccountAllowed(model: IamModel, only?: readonly [AccountConfig, AccountConfig]): Promise<string[]> {
  const names = model.config.organization.roleNames;
  const allowed: string[] = [];
  for (const from of only ? [only[0]] : model.config.accounts) {
    const deploy = roleNamed(model, from.id, names.deploy);
    for (const to of only ? [only[1]] : model.config.accounts.filter((a) => a.id !== from.id)) {
      for (const r of requestsInto(model, to)) {
        const decision = await simulate(model, {
          principal: deploy,
          action: r.action,
          resource: r.resource,
          context: { "aws:SecureTransport": "true" },
        });
        if (decision === "Allowed") allowed.push(`${from.name} ${deploy.name} -> ${to.name}: ${r.action} ${r.resource}`);
      }
    }
  }
  return allowed;
}

describe("deploy roles stay in their account, simulated", () => {
  let model: IamModel;
  beforeAll(() => {
    model = withAccountAccessRoles(shippedIamModel());
  }, 120_000);

  test("no deploy role assumes another account's roles or touches its resources", async () => {
    expect(model.config.accounts.length).toBeGreaterThan(2);
    expect(await crossAccountAllowed(model)).toEqual([]);
  }, 60_000);

  test("only the management account reaches members, through OrganizationAccountAccessRole", async () => {
    const management = model.config.organization.managementAccount;
    const names = model.config.organization.roleNames;
    const name = model.config.organization.accountAccessRoleName;
    for (const from of model.config.accounts) {
      for (const to of model.config.accounts.filter((a) => a.id !== from.id && a.id !== management.id)) {
        const decision = await simulate(model, {
          principal: roleNamed(model, from.id, names.deploy),
          action: "sts:AssumeRole",
          resource: `arn:aws:iam::${to.id}:role/${name}`,
        });
        expect(`${from.name} -> ${to.name}: ${decision}`).toBe(
          `${from.name} -> ${to.name}: ${from.id === management.id ? "Allowed" : "ImplicitlyDenied"}`,
        );
      }
    }
  }, 60_000);

  test("a trust that names another account without a principal condition is caught", async () => {
    const [a, b] = model.config.accounts.filter((x) => x.id !== model.config.organization.managementAccount.id);
    const target = roleNamed(model, b!.id, model.config.organization.roleNames.deploy);
    const broken: IamModel = {
      ...model,
      roles: model.roles.map((r) =>
        r !== target
          ? r
          : {
              ...r,
              trust: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${a!.id}:root` }, Action: "sts:AssumeRole" }],
              },
            },
      ),
    };
    expect(await crossAccountAllowed(broken, [a!, b!])).toEqual([
      `${a!.name} ${model.config.organization.roleNames.deploy} -> ${b!.name}: sts:AssumeRole ${target.arn}`,
    ]);
  }, 60_000);
});
