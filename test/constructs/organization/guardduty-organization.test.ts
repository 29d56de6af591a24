import { GuardDutyOrganization, GUARDDUTY_FEATURES } from "../../../constructs/organization/guardduty-organization";
import { resourcesOf } from "../../helpers/synth";
import { scratchStack } from "./stack";

const build = (auditAccountId = "333333333333") => {
  const s = scratchStack();
  new GuardDutyOrganization(s.stack, "GuardDuty", {
    region: "eu-central-1",
    managementProvider: s.management,
    auditProvider: s.audit,
    auditAccountId,
  });
  return s.synth();
};

describe("GuardDutyOrganization", () => {
  const json = build();

  test("defaults are secure: detector on in the audit account, every member auto-enabled with every feature", () => {
    expect(Object.values(resourcesOf(json, "aws_guardduty_detector"))).toEqual([
      expect.objectContaining({ enable: true, provider: "aws.audit", region: "eu-central-1" }),
    ]);
    expect(Object.values(resourcesOf(json, "aws_guardduty_organization_admin_account"))).toEqual([
      expect.objectContaining({
        admin_account_id: "333333333333",
        region: "eu-central-1",
        depends_on: [expect.stringMatching(/aws_guardduty_detector/)],
      }),
    ]);
    expect(Object.values(resourcesOf(json, "aws_guardduty_organization_configuration"))[0]).toMatchObject({
      auto_enable_organization_members: "ALL",
      provider: "aws.audit",
    });
    const orgFeatures = Object.values(resourcesOf(json, "aws_guardduty_organization_configuration_feature"));
    expect(orgFeatures.map((f) => f.name).sort()).toEqual(GUARDDUTY_FEATURES.map((f) => f.name).sort());
    for (const f of orgFeatures) expect(f.auto_enable).toBe("ALL");
    const detectorFeatures = Object.values(resourcesOf(json, "aws_guardduty_detector_feature"));
    for (const f of detectorFeatures) expect(f.status).toBe("ENABLED");
    expect(detectorFeatures.find((f) => f.name === "RUNTIME_MONITORING")!.additional_configuration).toEqual([
      { name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" },
    ]);
  });

  test("the features cover EKS audit logs, runtime monitoring, RDS login events and S3 data events", () => {
    expect(GUARDDUTY_FEATURES.map((f) => f.name)).toEqual(
      expect.arrayContaining(["EKS_AUDIT_LOGS", "RUNTIME_MONITORING", "RDS_LOGIN_EVENTS", "S3_DATA_EVENTS"]),
    );
  });

  test("throws when the audit account id is not 12 digits", () => {
    expect(() => build("audit")).toThrow('test/GuardDuty: auditAccountId: 12 digits (got "audit")');
  });
});
