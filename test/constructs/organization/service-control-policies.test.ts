import {
  ServiceControlPolicies,
  serviceControlPolicyDocuments,
  SCP_MAX_CHARACTERS,
  type ServiceControlPoliciesProps,
} from "../../../constructs/organization/service-control-policies";
import { resourcesOf } from "../../helpers/synth";
import { scratchStack } from "./stack";

const options = { allowedRegions: ["us-east-1", "eu-central-1"], baselineRoleName: "OrganizationAccountAccessRole" };
const names = Object.keys(serviceControlPolicyDocuments(options));
const props = (over: Partial<ServiceControlPoliciesProps> = {}): ServiceControlPoliciesProps => ({
  ...options,
  organizationName: "acme",
  targets: Object.fromEntries(names.map((n) => [n, ["r-abcd"]])),
  ...over,
});
const build = (over: Partial<ServiceControlPoliciesProps> = {}) => {
  const s = scratchStack();
  new ServiceControlPolicies(s.stack, "Scps", props(over));
  return s.synth();
};

describe("ServiceControlPolicies", () => {
  test("defaults are secure: every document is a Deny, literal JSON, attached where told", () => {
    const json = build();
    const policies = Object.values(resourcesOf(json, "aws_organizations_policy"));
    expect(policies.map((p) => p.name).sort()).toEqual(names.map((n) => `acme-${n}`).sort());
    for (const p of policies) {
      expect(p.type).toBe("SERVICE_CONTROL_POLICY");
      const doc = JSON.parse(p.content as string) as { Statement: { Effect: string }[] };
      expect(doc.Statement.every((s) => s.Effect === "Deny")).toBe(true);
    }
    expect(Object.values(resourcesOf(json, "aws_organizations_policy_attachment")).map((a) => a.target_id)).toEqual(
      names.map(() => "r-abcd"),
    );
  });

  test("the region list is sorted, so output does not depend on file order", () => {
    const doc = serviceControlPolicyDocuments({ ...options, allowedRegions: ["us-west-2", "eu-west-1"] })["deny-unused-regions"]!;
    expect((doc.Statement[0]!.Condition as { StringNotEquals: Record<string, string[]> }).StringNotEquals["aws:RequestedRegion"]).toEqual([
      "eu-west-1",
      "us-west-2",
    ]);
  });

  test("throws when no region is allowed", () => {
    expect(() => build({ allowedRegions: [] })).toThrow("test/Scps: allowedRegions: at least one region (got [])");
  });
  test("throws when a document exceeds the SCP size limit", () => {
    const regions = Array.from({ length: 400 }, (_, i) => `xx-test-${i}`);
    expect(() => build({ allowedRegions: regions })).toThrow(
      new RegExp(
        `^test/Scps: policy deny-unused-regions: at most ${SCP_MAX_CHARACTERS} characters \\(the AWS Organizations limit\\) \\(got "\\d+ characters"\\)$`,
      ),
    );
  });
  test("throws when a policy has no target", () => {
    expect(() => build({ targets: { ...props().targets, "deny-root-user": [] } })).toThrow(
      "test/Scps: targets.deny-root-user: at least one root or OU id (got [])",
    );
  });
  test("throws when a target names no policy", () => {
    expect(() => build({ targets: { ...props().targets, "deny-everything": ["r-abcd"] } })).toThrow(
      'test/Scps: targets: names of policies: deny-leaving-organization, protect-security-services, deny-unused-regions, deny-root-user, protect-s3-public-access-block (got "deny-everything")',
    );
  });
});
