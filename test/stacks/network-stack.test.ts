import { loadPlatformConfig } from "../../lib/config/load";
import { evaluateStack } from "../../lib/policy/stack-report";
import { networkAndCluster } from "../constructs/eks/layer-harness";
import { environmentsFixture, shippedFile } from "../helpers/fixtures";
import { resourcesOf } from "../helpers/synth";

const us = networkAndCluster("us");
const staging = networkAndCluster("staging");
const list = (json: typeof us.networkJson, type: string) => Object.values(resourcesOf(json, type));

describe("NetworkStack", () => {
  test("holds the CI runner's GitHub connection and security group, not the CodeBuild project (that needs the handshake first)", () => {
    for (const { networkJson, clusterJson } of [us, staging]) {
      expect(list(networkJson, "aws_codeconnections_connection")).toHaveLength(1);
      expect(list(networkJson, "aws_codebuild_project")).toEqual([]);
      expect(list(clusterJson, "aws_codebuild_project")).toHaveLength(1);
      expect(list(clusterJson, "aws_codebuild_webhook")).toHaveLength(1);
    }
  });

  test("publishes real outputs: one subnet per zone and tier, the data clients group and NAT gateways", () => {
    const outputs = us.network.outputs as unknown as Record<string, unknown>;
    expect(JSON.stringify(outputs)).not.toMatch(/pending-/);
    for (const key of ["publicSubnetIds", "privateSubnetIds", "dataSubnetIds", "intraSubnetIds", "natGatewayIds"]) {
      expect(outputs[key]).toHaveLength(3);
    }
  });

  test("subnets derive from the environment's CIDR", () => {
    const cidrs = list(us.networkJson, "aws_subnet")
      .map((s) => s.cidr_block)
      .sort();
    expect(cidrs).toEqual(
      [
        "10.10.0.0/18",
        "10.10.64.0/18",
        "10.10.128.0/18",
        "10.10.192.0/22",
        "10.10.196.0/22",
        "10.10.200.0/22",
        "10.10.208.0/22",
        "10.10.212.0/22",
        "10.10.216.0/22",
        "10.10.224.0/22",
        "10.10.228.0/22",
        "10.10.232.0/22",
      ].sort(),
    );
    expect(list(us.networkJson, "aws_vpc")).toEqual([expect.objectContaining({ cidr_block: "10.10.0.0/16", enable_dns_hostnames: true })]);
  });

  test("production has a NAT gateway per zone; staging's file asks for one", () => {
    expect(list(us.networkJson, "aws_nat_gateway")).toHaveLength(3);
    expect(list(staging.networkJson, "aws_nat_gateway")).toHaveLength(1);
  });

  test("flow log retention comes from the environment's tier; the key is kept in production only", () => {
    expect(list(staging.networkJson, "aws_cloudwatch_log_group")).toEqual([
      expect.objectContaining({ name: "/aws/vpc/staging/flow-logs", retention_in_days: 90 }),
    ]);
    expect(list(us.networkJson, "aws_cloudwatch_log_group")).toEqual([expect.objectContaining({ retention_in_days: 365 })]);
    expect(list(us.networkJson, "aws_kms_key")[0]!.lifecycle).toEqual({ prevent_destroy: true });
    expect(list(staging.networkJson, "aws_kms_key")[0]!.lifecycle).toBeUndefined();
  });

  test("subnets are tagged for the environment's EKS cluster", () => {
    const tagged = list(us.networkJson, "aws_subnet").filter(
      (s) => (s.tags as Record<string, string>)["kubernetes.io/cluster/us-eks"] === "shared",
    );
    expect(tagged).toHaveLength(6); // public and private
  });

  test("a flow-log retention CloudWatch would refuse is rejected when the files load, naming the field", () => {
    const dir = environmentsFixture({
      "staging.yaml": shippedFile("staging.yaml").replace("natGateways: single", "natGateways: single\n  flowLogsRetentionDays: 100"),
    });
    expect(() => loadPlatformConfig(dir)).toThrow(/staging.yaml: network.flowLogsRetentionDays: one of 1, 3, 5, 7, 14, 30, 60, 90, 120/);
  });

  test.each(["us", "eu", "staging"])("%s: every policy rule passes (lib/policy, docs/reference/scanner-behaviour.md)", (name) => {
    const stack = networkAndCluster(name).network;
    expect(
      evaluateStack(stack)
        .filter((f) => f.status === "fail")
        .map((f) => `${f.ruleId} ${f.path}: ${f.problems.join("; ")}`),
    ).toEqual([]);
  });
});
