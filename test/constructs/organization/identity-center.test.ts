import {
  IdentityCenterAccess,
  identityCenterRoleNamePattern,
  PERMISSION_SET_NAMES,
  type IdentityCenterAccessProps,
  type PermissionSetName,
} from "../../../constructs/organization/identity-center";
import { PERMISSION_SETS } from "../../../lib/config/schema";
import { resourcesOf } from "../../helpers/synth";
import { scratchStack } from "./stack";

const base: IdentityCenterAccessProps = {
  instanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef",
  groups: { admin: "g-admin", sre: "g-sre", "read-only": "g-ro", billing: "g-billing" },
  assignments: [{ accountName: "prod", accountId: "222222222222", permissionSets: ["sre", "read-only"] }],
};
const build = (over: Partial<IdentityCenterAccessProps> = {}) => {
  const s = scratchStack();
  new IdentityCenterAccess(s.stack, "Sso", { ...base, ...over });
  return s.synth();
};

describe("IdentityCenterAccess", () => {
  const json = build();

  test("defaults are secure: sessions of at most 8 hours, an hour for admin; read-only cannot read secrets", () => {
    const sets = Object.values(resourcesOf(json, "aws_ssoadmin_permission_set"));
    const hours = (d: string) => Number(/^PT(\d+)H$/.exec(d)![1]);
    for (const s of sets) expect(hours(s.session_duration as string)).toBeLessThanOrEqual(8);
    expect(sets.find((s) => s.name === "Admin")!.session_duration).toBe("PT1H");
    const inline = JSON.parse(
      Object.values(resourcesOf(json, "aws_ssoadmin_permission_set_inline_policy"))[0]!.inline_policy as string,
    ) as { Statement: { Effect: string; Action: string[] }[] };
    expect(inline.Statement[0]).toMatchObject({
      Effect: "Deny",
      Action: expect.arrayContaining(["secretsmanager:GetSecretValue", "kms:Decrypt"]),
    });
    expect(inline.Statement[1]).toMatchObject({
      Effect: "Deny",
      Action: expect.arrayContaining(["ssm:GetParameter"]),
      NotResource: "arn:aws:ssm:*::parameter/aws/*",
    });
  });

  test("assigns only the listed permission sets, to their groups", () => {
    expect(
      Object.values(resourcesOf(json, "aws_ssoadmin_account_assignment"))
        .map((a) => `${a.principal_id as string}@${a.target_id as string}`)
        .sort(),
    ).toEqual(["g-ro@222222222222", "g-sre@222222222222"]);
  });

  test("throws when an account id is not 12 digits", () => {
    expect(() => build({ assignments: [{ accountName: "prod", accountId: "2222", permissionSets: ["admin"] }] })).toThrow(
      'test/Sso: assignments.prod.accountId: 12 digits (got "2222")',
    );
  });
  test("throws when a permission set is unknown", () => {
    expect(() =>
      build({ assignments: [{ accountName: "prod", accountId: "222222222222", permissionSets: ["root" as PermissionSetName] }] }),
    ).toThrow('test/Sso: assignments.prod.permissionSets: names among admin, sre, read-only, billing (got ["root"])');
  });
});

describe("identityCenterRoleNamePattern", () => {
  test("matches the role Identity Center creates for a permission set, and only that one", () => {
    const admin = new RegExp(identityCenterRoleNamePattern("admin"));
    expect(admin.test("AWSReservedSSO_Admin_0123456789abcdef")).toBe(true);
    expect(admin.test("AWSReservedSSO_ReadOnly_0123456789abcdef")).toBe(false);
    expect(new RegExp(identityCenterRoleNamePattern("read-only")).test("AWSReservedSSO_ReadOnly_0123456789abcdef")).toBe(true);
  });
});

describe("permission set names", () => {
  // The accounts file's schema and the construct each list the names (configuration sits below the
  // constructs and cannot be imported by them); the stack's types catch one side growing, this the other.
  test("the accounts file accepts exactly the permission sets the construct defines", () => {
    expect([...PERMISSION_SETS].sort()).toEqual([...PERMISSION_SET_NAMES].sort());
  });
});
