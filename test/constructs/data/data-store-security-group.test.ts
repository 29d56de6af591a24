import { DataStoreSecurityGroup, type DataStoreSecurityGroupProps } from "../../../constructs/data/data-store-security-group";
import { NET, all, only, synthConstruct } from "./harness";

const base: DataStoreSecurityGroupProps = {
  name: "test-store",
  description: "test",
  vpcId: NET.vpcId,
  clientSecurityGroupId: NET.clientSecurityGroupId,
  ports: [{ port: 5432, description: "PostgreSQL" }],
};
const synth = (props: Partial<DataStoreSecurityGroupProps> = {}) =>
  synthConstruct((stack) => new DataStoreSecurityGroup(stack, "Sg", { ...base, ...props }));

describe("DataStoreSecurityGroup", () => {
  const json = synth({
    ports: [
      { port: 9096, description: "a" },
      { port: 11001, description: "b" },
    ],
  });

  test("defaults are secure: ingress only from the client security group, on the given ports, and no egress", () => {
    const group = only(json, "aws_security_group");
    expect(group).not.toHaveProperty("ingress");
    expect(group).not.toHaveProperty("egress");
    const rules = all(json, "aws_vpc_security_group_ingress_rule");
    expect(rules.map((r) => [r.from_port, r.to_port]).sort()).toEqual([
      [11001, 11001],
      [9096, 9096],
    ]);
    for (const r of rules) {
      expect(r.referenced_security_group_id).toBe(NET.clientSecurityGroupId);
      expect(r).not.toHaveProperty("cidr_ipv4");
      expect(r).not.toHaveProperty("cidr_ipv6");
    }
    expect(all(json, "aws_vpc_security_group_egress_rule")).toEqual([]);
  });

  test.each<[string, Partial<DataStoreSecurityGroupProps>, string]>([
    ["no port is given", { ports: [] }, "test/Sg: ports: at least one port (got [])"],
    [
      "a port is out of range",
      { ports: [{ port: 70000, description: "x" }] },
      "test/Sg: ports[0].port: a TCP port from 1 to 65535 (got 70000)",
    ],
    [
      "a port repeats",
      {
        ports: [
          { port: 5432, description: "x" },
          { port: 5432, description: "y" },
        ],
      },
      "test/Sg: ports: each port once (got [5432,5432])",
    ],
  ])("throws when %s", (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
