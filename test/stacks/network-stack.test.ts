import { buildStacks, resourcesOf, synthJson } from "../helpers/synth";

const stacks = buildStacks();
const json = (name: string) => synthJson(stacks.get(name)!);

describe("NetworkStack", () => {
  const us = json("us-network");

  test("publishes real outputs: one subnet per zone and tier, the data clients group and NAT gateways", () => {
    const outputs = (stacks.get("us-network") as unknown as { outputs: Record<string, unknown> }).outputs;
    expect(JSON.stringify(outputs)).not.toMatch(/pending-/);
    for (const key of ["publicSubnetIds", "privateSubnetIds", "dataSubnetIds", "intraSubnetIds", "natGatewayIds"]) {
      expect(outputs[key]).toHaveLength(3);
    }
  });

  test("subnets derive from the environment's CIDR", () => {
    const cidrs = Object.values(resourcesOf(us, "aws_subnet")).map((s) => s.cidr_block).sort();
    expect(cidrs).toEqual(
      ["10.10.0.0/18", "10.10.64.0/18", "10.10.128.0/18", "10.10.192.0/22", "10.10.196.0/22", "10.10.200.0/22", "10.10.208.0/22", "10.10.212.0/22", "10.10.216.0/22", "10.10.224.0/22", "10.10.228.0/22", "10.10.232.0/22"].sort(),
    );
  });

  test("production has a NAT gateway per zone; staging's file asks for one", () => {
    expect(Object.keys(resourcesOf(us, "aws_nat_gateway"))).toHaveLength(3);
    expect(Object.keys(resourcesOf(json("staging-network"), "aws_nat_gateway"))).toHaveLength(1);
  });

  test("flow log retention comes from the environment's tier", () => {
    const groups = Object.values(resourcesOf(json("staging-network"), "aws_cloudwatch_log_group"));
    expect(groups).toEqual([expect.objectContaining({ name: "/aws/vpc/staging/flow-logs", retention_in_days: 90 })]);
  });
});
