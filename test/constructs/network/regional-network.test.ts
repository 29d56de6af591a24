import { RegionalNetwork, DEFAULT_INTERFACE_ENDPOINTS, type RegionalNetworkProps } from "../../../constructs/network/regional-network";
import { ACCOUNT, all, one, synth, testStack, ZONES } from "./harness";

const props = (over: Partial<RegionalNetworkProps> = {}): RegionalNetworkProps => ({
  name: "test",
  cidr: "10.40.0.0/16",
  availabilityZones: ZONES,
  accountId: ACCOUNT,
  region: "us-east-1",
  ...over,
});

const build = (over: Partial<RegionalNetworkProps> = {}) => {
  const stack = testStack();
  const network = new RegionalNetwork(stack, "network", props(over));
  return { network, json: synth(stack) };
};

describe("RegionalNetwork", () => {
  describe("defaults are secure", () => {
    const { json } = build();

    test("no subnet assigns public IPs on launch, public tier included", () => {
      const subnets = all(json, "aws_subnet");
      expect(subnets).toHaveLength(12);
      for (const s of subnets) expect(s.map_public_ip_on_launch).toBe(false);
    });

    test("no security group rule accepts ingress from outside the VPC", () => {
      for (const rule of all(json, "aws_vpc_security_group_ingress_rule")) expect(rule.cidr_ipv4).toBe("10.40.0.0/16");
      for (const sg of all(json, "aws_security_group")) expect(sg.ingress ?? []).toEqual([]);
      expect(all(json, "aws_security_group_rule")).toEqual([]);
    });

    test("the default security group is emptied", () => {
      expect(all(json, "aws_default_security_group")).toEqual([expect.objectContaining({ ingress: [], egress: [] })]);
    });

    test("flow logs record all traffic to a KMS-encrypted log group with retention", () => {
      const flowLog = one(json, "aws_flow_log", "FlowLog");
      expect(flowLog).toMatchObject({
        traffic_type: "ALL",
        log_destination_type: "cloud-watch-logs",
        vpc_id: expect.stringContaining("aws_vpc.network"),
      });
      const group = one(json, "aws_cloudwatch_log_group", "FlowLogs");
      expect(group).toMatchObject({
        name: "/aws/vpc/test/flow-logs",
        retention_in_days: 365,
        kms_key_id: expect.stringContaining("aws_kms_key."),
      });
      const key = one(json, "aws_kms_key", "FlowLogs");
      expect(key).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    });

    test("the flow-log role can be assumed only by flow logs of this account", () => {
      const trust = JSON.parse(String(one(json, "aws_iam_role", "FlowLogsRole").assume_role_policy));
      expect(trust.Statement).toEqual([
        expect.objectContaining({
          Principal: { Service: "vpc-flow-logs.amazonaws.com" },
          Condition: expect.objectContaining({ StringEquals: { "aws:SourceAccount": ACCOUNT } }),
        }),
      ]);
    });

    test("the data and intra tiers have no route out of the VPC", () => {
      const routes = all(json, "aws_route");
      for (const r of routes) expect(String(r.route_table_id)).not.toMatch(/DataRouteTable|IntraRouteTable/);
    });

    test("private subnets leave through their own zone's NAT gateway", () => {
      expect(all(json, "aws_nat_gateway")).toHaveLength(3);
      for (const az of ZONES) {
        const route = one(json, "aws_route", `private-routes_${az}-default`);
        expect(route.nat_gateway_id).toContain(`nat_${az}_`);
      }
    });

    test("an S3 gateway endpoint and the interface endpoints a private cluster needs", () => {
      const endpoints = all(json, "aws_vpc_endpoint");
      expect(endpoints.filter((e) => e.vpc_endpoint_type === "Gateway").map((e) => e.service_name)).toEqual(["com.amazonaws.us-east-1.s3"]);
      const iface = endpoints.filter((e) => e.vpc_endpoint_type === "Interface");
      expect(iface.map((e) => e.service_name).sort()).toEqual(
        DEFAULT_INTERFACE_ENDPOINTS.map((s) => `com.amazonaws.us-east-1.${s}`).sort(),
      );
      for (const e of iface) expect(e).toMatchObject({ private_dns_enabled: true });
      for (const s of ["ecr.api", "ecr.dkr", "sts", "ec2", "logs", "ssm", "kms"]) expect(DEFAULT_INTERFACE_ENDPOINTS).toContain(s);
    });

    test("the data-clients group may only talk to the data subnets", () => {
      const egress = all(json, "aws_vpc_security_group_egress_rule");
      expect(egress.map((e) => e.cidr_ipv4).sort()).toEqual(["10.40.208.0/22", "10.40.212.0/22", "10.40.216.0/22"]);
    });
  });

  test("subnets carry the tags EKS and the load balancer controller discover them by", () => {
    const { json } = build({ clusterNames: ["test-eks"] });
    const tags = (id: string) => one(json, "aws_subnet", id).tags as Record<string, string>;
    expect(tags("public-subnets_us-east-1a")).toMatchObject({ "kubernetes.io/role/elb": "1", "kubernetes.io/cluster/test-eks": "shared" });
    expect(tags("private-subnets_us-east-1a")).toMatchObject({
      "kubernetes.io/role/internal-elb": "1",
      "kubernetes.io/cluster/test-eks": "shared",
    });
    expect(Object.keys(tags("data-subnets_us-east-1a")).filter((k) => k.startsWith("kubernetes.io"))).toEqual([]);
  });

  test("natGateways single: one NAT gateway in the first zone serves every private route table", () => {
    const { json } = build({ natGateways: "single" });
    expect(all(json, "aws_nat_gateway")).toHaveLength(1);
    for (const az of ZONES) expect(one(json, "aws_route", `private-routes_${az}-default`).nat_gateway_id).toContain("nat_us-east-1a_");
  });

  test("publishes one subnet per zone and tier, in zone order", () => {
    const { network } = build();
    for (const tier of ["public", "private", "data", "intra"] as const) expect(network.subnets[tier]).toHaveLength(3);
    expect(network.plan.private[0]).toBe("10.40.0.0/18");
  });

  test("preventDestroy false leaves the flow-log key deletable (staging)", () => {
    const { json } = build({ preventDestroy: false });
    const key = one(json, "aws_kms_key", "FlowLogs");
    expect(key).not.toHaveProperty("lifecycle");
    expect(key).toMatchObject({ deletion_window_in_days: 7 });
  });

  describe("throws when", () => {
    test("a zone is outside the region", () => {
      expect(() => build({ availabilityZones: ["us-east-1a", "eu-west-1b"] })).toThrow(
        'test/network: availabilityZones[1]: a zone of region us-east-1, such as us-east-1a (got "eu-west-1b")',
      );
    });
    test("a zone is listed twice", () => {
      expect(() => build({ availabilityZones: ["us-east-1a", "us-east-1a"] })).toThrow(
        'test/network: availabilityZones: each zone once (got ["us-east-1a","us-east-1a"])',
      );
    });
    test("the block is outside /16 to /20", () => {
      expect(() => build({ cidr: "10.0.0.0/12" })).toThrow('test/network: cidr: a /16 to /20 block (got "10.0.0.0/12")');
    });
    test("s3 is asked for as an interface endpoint", () => {
      expect(() => build({ interfaceEndpoints: ["s3"] })).toThrow(
        "test/network: interfaceEndpoints: services other than 's3' (the S3 gateway endpoint is always created and costs nothing) (got \"s3\")",
      );
    });
    test("flow-log retention is not a CloudWatch value", () => {
      expect(() => build({ flowLogsRetentionDays: 100 })).toThrow(
        "test/network/FlowLogs: retentionDays: a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653) (got 100)",
      );
    });
    test("several things are wrong: every problem is reported at once", () => {
      expect(() => build({ cidr: "10.0.0.0/12", interfaceEndpoints: ["s3", "s3"] })).toThrow(
        'test/network: interfaceEndpoints: each service once (got ["s3","s3"])\ntest/network: interfaceEndpoints: services other than \'s3\' (the S3 gateway endpoint is always created and costs nothing) (got "s3")\ntest/network: cidr: a /16 to /20 block (got "10.0.0.0/12")',
      );
    });
  });
});
