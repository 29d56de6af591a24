import { IPv4CidrRange } from "ip-num";
import { Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { planSubnets as planSubnetsOf, SUBNET_TIERS } from "../../../constructs/network/subnet-plan";

// Problems name the construct whose props gave the block: here test/Network.
const network = new Construct(new TerraformStack(Testing.app(), "test"), "Network");
const planSubnets = (cidr: string, zones: number) => planSubnetsOf(network, cidr, zones);

const range = (c: string) => IPv4CidrRange.fromCidr(c);

describe("planSubnets", () => {
  test("a /16 over three zones: /18 private subnets, /22 for the other tiers", () => {
    expect(planSubnets("10.20.0.0/16", 3)).toEqual({
      private: ["10.20.0.0/18", "10.20.64.0/18", "10.20.128.0/18"],
      public: ["10.20.192.0/22", "10.20.196.0/22", "10.20.200.0/22"],
      data: ["10.20.208.0/22", "10.20.212.0/22", "10.20.216.0/22"],
      intra: ["10.20.224.0/22", "10.20.228.0/22", "10.20.232.0/22"],
    });
  });

  test.each([
    ["10.0.0.0/16", 1],
    ["10.0.0.0/16", 2],
    ["10.0.0.0/16", 3],
    ["10.0.0.0/16", 4],
    ["10.0.0.0/16", 6],
    ["172.16.0.0/18", 3],
    ["192.168.0.0/20", 3],
    ["10.30.0.0/20", 4],
    ["10.30.0.0/20", 6],
  ])("%s over %i zones: every subnet inside the VPC, none overlapping", (cidr, zones) => {
    const plan = planSubnets(cidr, zones);
    const subnets = SUBNET_TIERS.flatMap((t) => plan[t]);
    expect(subnets).toHaveLength(zones * 4);
    for (const t of SUBNET_TIERS) expect(plan[t]).toHaveLength(zones);
    for (const s of subnets) expect(range(s).inside(range(cidr))).toBe(true);
    for (let i = 0; i < subnets.length; i++) {
      for (let j = i + 1; j < subnets.length; j++) {
        const [a, b] = [range(subnets[i]!), range(subnets[j]!)];
        expect(a.contains(b) || b.contains(a)).toBe(false);
      }
    }
  });

  test("private subnets are the largest tier", () => {
    const plan = planSubnets("10.30.0.0/20", 3);
    const size = (c: string) => 2 ** (32 - Number(c.split("/")[1]));
    expect(size(plan.private[0]!)).toBeGreaterThan(size(plan.public[0]!) * 8);
  });

  test("throws when the block cannot hold four tiers of /28", () => {
    expect(() => planSubnets("10.0.0.0/24", 3)).toThrow(
      /^test\/Network: cidr: a \/22 or larger block: with 3 zones × 4 tiers .* would be \/30 \(AWS's smallest is \/28\) \(got "10.0.0.0\/24"\)$/,
    );
  });

  test("throws when host bits are set, naming the network address", () => {
    expect(() => planSubnets("10.20.1.0/16", 3)).toThrow(
      'test/Network: cidr: a block without host bits set: use 10.20.0.0/16 (got "10.20.1.0/16")',
    );
  });

  test("throws when the CIDR is not one", () => {
    expect(() => planSubnets("10.20.0/16", 3)).toThrow('test/Network: cidr: an IPv4 CIDR block such as 10.20.0.0/16 (got "10.20.0/16")');
  });

  test("throws when the zone count is out of range", () => {
    expect(() => planSubnets("10.0.0.0/16", 0)).toThrow("test/Network: availabilityZones: 1 to 8 zones (got 0)");
    expect(() => planSubnets("10.0.0.0/16", 9)).toThrow("test/Network: availabilityZones: 1 to 8 zones (got 9)");
  });
});
