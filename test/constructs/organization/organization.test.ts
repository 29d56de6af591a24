import { AwsOrganization, SERVICE_ACCESS_PRINCIPALS, type AwsOrganizationProps } from "../../../constructs/organization/organization";
import { resourcesOf } from "../../helpers/synth";
import { scratchStack } from "./stack";

const account = (name: string, id: string, organizationalUnit: string) => ({ name, id, email: `${name}@example.com`, organizationalUnit });
const base: AwsOrganizationProps = {
  accounts: [
    account("management", "111111111111", "root"),
    account("prod", "222222222222", "production"),
    account("logs", "333333333333", "security"),
  ],
  organizationalUnits: ["security", "production"],
  managementAccountId: "111111111111",
  accountAccessRoleName: "OrganizationAccountAccessRole",
};
const build = (over: Partial<AwsOrganizationProps> = {}) => {
  const s = scratchStack();
  new AwsOrganization(s.stack, "Org", { ...base, ...over });
  return s.synth();
};

describe("AwsOrganization", () => {
  test("defaults are secure: all features, SCPs, nothing closable or destroyable", () => {
    const json = build();
    expect(Object.values(resourcesOf(json, "aws_organizations_organization"))).toEqual([
      expect.objectContaining({
        feature_set: "ALL",
        enabled_policy_types: ["AISERVICES_OPT_OUT_POLICY", "SERVICE_CONTROL_POLICY"],
        aws_service_access_principals: [...SERVICE_ACCESS_PRINCIPALS],
        lifecycle: { prevent_destroy: true },
      }),
    ]);
    for (const ou of Object.values(resourcesOf(json, "aws_organizations_organizational_unit")))
      expect(ou.lifecycle).toEqual({ prevent_destroy: true });
    const accounts = Object.values(resourcesOf(json, "aws_organizations_account"));
    expect(accounts.map((a) => a.name).sort()).toEqual(["logs", "prod"]);
    for (const a of accounts)
      expect(a).toMatchObject({
        close_on_deletion: false,
        role_name: "OrganizationAccountAccessRole",
        lifecycle: { prevent_destroy: true, ignore_changes: ["role_name", "iam_user_access_to_billing"] },
      });
  });

  test("throws when the management account is not among the accounts", () => {
    expect(() => build({ managementAccountId: "999999999999" })).toThrow(
      'test/Org: managementAccountId: one of the accounts (111111111111, 222222222222, 333333333333) (got "999999999999")\ntest/Org: accounts.management.organizationalUnit: one of the organizational units (security, production): only the management account stays at the root (got "root")',
    );
  });
  test("throws when a member account sits at the root", () => {
    expect(() => build({ accounts: [...base.accounts, account("stray", "444444444444", "root")] })).toThrow(
      'test/Org: accounts.stray.organizationalUnit: one of the organizational units (security, production): only the management account stays at the root (got "root")',
    );
  });
});
