import { AiServicesOptOut } from "../../../constructs/organization/ai-services-opt-out";
import { resourcesOf } from "../../helpers/synth";
import { scratchStack } from "./stack";

const build = (targetIds: string[]) => {
  const s = scratchStack();
  new AiServicesOptOut(s.stack, "OptOut", { organizationName: "acme", targetIds });
  return s.synth();
};

describe("AiServicesOptOut", () => {
  test("defaults are secure: every AI service opted out, attached to the given targets", () => {
    const json = build(["r-abcd"]);
    const [policy] = Object.values(resourcesOf(json, "aws_organizations_policy"));
    expect(policy).toMatchObject({ name: "acme-ai-services-opt-out", type: "AISERVICES_OPT_OUT_POLICY" });
    expect(JSON.parse(policy!.content as string).services.default.opt_out_policy).toEqual({ "@@assign": "optOut" });
    expect(Object.values(resourcesOf(json, "aws_organizations_policy_attachment")).map((a) => a.target_id)).toEqual(["r-abcd"]);
  });

  test("throws when there is nothing to attach to", () => {
    expect(() => build([])).toThrow("test/OptOut: targetIds: at least one root or OU id (got [])");
  });
});
