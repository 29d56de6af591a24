import { AuditAccountServices, type AuditAccountServicesProps } from "../../../constructs/organization/audit-account-services";
import { resourcesOf } from "../../helpers/synth";
import { scratchStack } from "./stack";

const build = (over: Partial<AuditAccountServicesProps> = {}) => {
  const s = scratchStack();
  new AuditAccountServices(s.stack, "Audit", {
    managementProvider: s.management,
    auditProvider: s.audit,
    organizationName: "acme",
    auditAccountId: "333333333333",
    homeRegion: "us-east-1",
    regions: ["us-east-1", "eu-west-1"],
    ...over,
  });
  return s.synth();
};

describe("AuditAccountServices", () => {
  const json = build();

  test("defaults are secure: delegated administrator for Config and Access Analyzer, aggregator over all regions", () => {
    expect(
      Object.values(resourcesOf(json, "aws_organizations_delegated_administrator")).map((d) => [d.account_id, d.service_principal]),
    ).toEqual([
      ["333333333333", "access-analyzer.amazonaws.com"],
      ["333333333333", "config.amazonaws.com"],
    ]);
    expect(Object.values(resourcesOf(json, "aws_config_configuration_aggregator"))).toEqual([
      expect.objectContaining({
        provider: "aws.audit",
        region: "us-east-1",
        organization_aggregation_source: expect.objectContaining({ all_regions: true }),
      }),
    ]);
    const analyzers = Object.values(resourcesOf(json, "aws_accessanalyzer_analyzer"));
    expect(analyzers.map((a) => [a.region, a.type])).toEqual([
      ["eu-west-1", "ORGANIZATION"],
      ["us-east-1", "ORGANIZATION"],
    ]);
  });

  test("the aggregator role is assumable only by AWS Config for the audit account", () => {
    const role = Object.values(resourcesOf(json, "aws_iam_role"))[0]!;
    expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "config.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": "333333333333" } },
      }),
    ]);
  });

  test("throws when the audit account id is not 12 digits", () => {
    expect(() => build({ auditAccountId: "x" })).toThrow('test/Audit: auditAccountId: 12 digits (got "x")');
  });
  test("throws when the home region is not among the regions", () => {
    expect(() => build({ homeRegion: "ap-south-1" })).toThrow(
      'test/Audit: homeRegion: one of regions (us-east-1, eu-west-1) (got "ap-south-1")',
    );
  });
});
