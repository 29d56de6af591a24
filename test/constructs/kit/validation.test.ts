import { Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { ServiceLinkedRoles } from "../../../constructs/bootstrap/service-linked-roles";
import { PropsError, PropsProblems } from "../../../constructs/kit/validation";
import { SecurityHubOrganization } from "../../../constructs/organization/security-hub-organization";

const stack = () => new TerraformStack(Testing.app(), "test");

describe("PropsProblems", () => {
  test("one line per problem: <construct path>: <field>: <what is allowed> (got <value>)", () => {
    const scope = new Construct(new Construct(stack(), "Data"), "Bucket");
    const problems = new PropsProblems(scope)
      .require(false, "bucketName", "Bad_Name", "lowercase letters")
      .require(true, "ignored", 1, "never shown")
      .add("objectLockDays", -1, "0 or more days")
      .add("accessLogs", undefined, "a target bucket")
      .add("regions", ["a", "a"], "no repeats");
    expect(problems.ok).toBe(false);
    expect(() => problems.throwIfAny()).toThrow(
      new PropsError([
        'test/Data/Bucket: bucketName: lowercase letters (got "Bad_Name")',
        "test/Data/Bucket: objectLockDays: 0 or more days (got -1)",
        "test/Data/Bucket: accessLogs: a target bucket (got nothing)",
        'test/Data/Bucket: regions: no repeats (got ["a","a"])',
      ]),
    );
  });

  test("throws nothing when every requirement holds", () => {
    const problems = new PropsProblems(stack()).require(true, "a", 1, "anything");
    expect(problems.ok).toBe(true);
    expect(() => problems.throwIfAny()).not.toThrow();
  });

  test("the error carries the problems, message and name", () => {
    const problems = new PropsProblems(stack()).add("a", 1, "two").add("b", 2, "three");
    let error: unknown;
    try {
      problems.throwIfAny();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PropsError);
    expect((error as PropsError).problems).toEqual(["test: a: two (got 1)", "test: b: three (got 2)"]);
    expect((error as PropsError).message).toBe("test: a: two (got 1)\ntest: b: three (got 2)");
    expect((error as PropsError).name).toBe("PropsError");
  });
});

// Constructs whose own test files do not build them with bad props: each names its path.
describe("a bad prop names the construct path", () => {
  test.each<[string, (s: TerraformStack) => void, string]>([
    [
      "ServiceLinkedRoles",
      (s) => new ServiceLinkedRoles(s, "Roles", { services: ["autoscaling", "autoscaling"] }),
      'test/Roles: services[0]: a service principal like autoscaling.amazonaws.com (got "autoscaling")',
    ],
    [
      "SecurityHubOrganization",
      (s) =>
        new SecurityHubOrganization(s, "Hub", {
          managementProvider: new AwsProvider(s, "management", { region: "us-east-1", alias: "management" }),
          auditProvider: new AwsProvider(s, "audit", { region: "us-east-1", alias: "audit" }),
          auditAccountId: "1",
          homeRegion: "eu-west-1",
          regions: ["us-east-1"],
          rootId: "r-abcd",
        }),
      'test/Hub: auditAccountId: 12 digits (got "1")\ntest/Hub: homeRegion: one of regions (us-east-1) (got "eu-west-1")',
    ],
  ])("%s", (_name, build, message) => {
    expect(() => build(stack())).toThrow(message);
  });

  test("ServiceLinkedRoles reports a repeated service", () => {
    expect(
      () => new ServiceLinkedRoles(stack(), "Roles", { services: ["autoscaling.amazonaws.com", "autoscaling.amazonaws.com"] }),
    ).toThrow('test/Roles: services: no repeats (got ["autoscaling.amazonaws.com","autoscaling.amazonaws.com"])');
  });
});
