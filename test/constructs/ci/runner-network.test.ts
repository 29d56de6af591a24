import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GithubRunnerNetwork } from "../../../constructs/ci/runner-network";
import { ciRunnerProjectName } from "../../../constructs/ci/names";
import { resourcesOf, type TfJson } from "../../helpers/synth";

const build = (environment = "eu"): TfJson => {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-central-1" });
  new GithubRunnerNetwork(stack, "ci", { environment, vpcId: "vpc-1" });
  return JSON.parse(Testing.synth(stack)) as TfJson;
};

describe("GithubRunnerNetwork", () => {
  const json = build();

  test("a CodeConnections connection to GitHub, named after the environment", () => {
    expect(Object.values(resourcesOf(json, "aws_codeconnections_connection"))).toEqual([
      expect.objectContaining({ name: "eu-github", provider_type: "GitHub" }),
    ]);
  });

  test("the runner security group has no ingress and only HTTPS egress", () => {
    const [group] = Object.values(resourcesOf(json, "aws_security_group"));
    expect(group).toMatchObject({ name: ciRunnerProjectName("eu"), vpc_id: "vpc-1" });
    expect(group!.ingress).toBeUndefined();
    expect(group!.egress).toBeUndefined();
    expect(resourcesOf(json, "aws_vpc_security_group_ingress_rule")).toEqual({});
    expect(Object.values(resourcesOf(json, "aws_vpc_security_group_egress_rule"))).toEqual([
      expect.objectContaining({ ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" }),
    ]);
  });

  test("throws when the environment name makes a connection name over 32 characters", () => {
    expect(() => build("a-very-long-environment-name-xyz")).toThrow(
      "test/ci: environment: a name that makes the connection name (\"a-very-long-environment-name-xyz-github\") 1-32 letters, digits, '-' or '_' (got \"a-very-long-environment-name-xyz\")",
    );
  });
});
