/**
 * Derives every subnet CIDR of a VPC from its block and zone count, so no environment file
 * hand-types a subnet.
 *
 * Layout: the VPC is cut into 2^k equal slices, the smallest power of two with room for one slice
 * per zone plus one. Slice i is the private (node and pod) subnet of zone i: with the VPC CNI every
 * pod takes a VPC address, so nodes get the bulk. The last slice is cut into four tier blocks
 * (public, data, intra, spare for a later tier), each cut into one subnet per zone.
 *
 *   10.10.0.0/16, 3 zones: private /18 × 3 (16,379 usable each), public/data/intra /22 × 3 (1,019 each)
 *   10.30.0.0/20, 3 zones: private /22 × 3, public/data/intra /26 × 3 (59 usable each)
 */
import type { IConstruct } from "constructs";
import { PropsProblems } from "../kit/validation";
import { required } from "../../lib/defined";

export const SUBNET_TIERS = ["public", "private", "data", "intra"] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** One CIDR per zone, in zone order, for each tier. */
export type SubnetPlan = Readonly<Record<SubnetTier, readonly string[]>>;

/** AWS refuses subnets smaller than /28. */
export const SMALLEST_SUBNET_PREFIX = 28;

/** The block's first address and prefix length, or undefined when `cidr` is not an IPv4 CIDR block. */
const parse = (cidr: string): { base: number; prefix: number } | undefined => {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  return { base: octets.reduce((acc, o) => acc * 256 + o, 0), prefix };
};

const format = (base: number, prefix: number): string =>
  `${[24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join(".")}/${prefix}`;

/** The index-th block of size /newPrefix inside base/prefix. */
const slice = (base: number, newPrefix: number, index: number): number => base + index * 2 ** (32 - newPrefix);

const bitsFor = (n: number): number => Math.ceil(Math.log2(Math.max(n, 1)));

/**
 * Plans the four tiers over `zoneCount` zones. `scope` is the construct whose props these are: a
 * block that cannot hold the tiers is reported against it as `cidr` or `availabilityZones`.
 */
export function planSubnets(scope: IConstruct, vpcCidr: string, zoneCount: number): SubnetPlan {
  const problems = new PropsProblems(scope);
  problems.require(Number.isInteger(zoneCount) && zoneCount >= 1 && zoneCount <= 8, "availabilityZones", zoneCount, "1 to 8 zones");
  const block = parse(vpcCidr);
  if (!block) problems.add("cidr", vpcCidr, "an IPv4 CIDR block such as 10.20.0.0/16");
  problems.throwIfAny();
  const { base, prefix } = required(block, "the parsed block (checked above)");
  const size = 2 ** (32 - prefix);
  problems.require(base % size === 0, "cidr", vpcCidr, `a block without host bits set: use ${format(base - (base % size), prefix)}`);
  const privatePrefix = prefix + bitsFor(zoneCount + 1);
  const tierPrefix = privatePrefix + 2;
  const zonePrefix = tierPrefix + bitsFor(zoneCount);
  problems.require(
    zonePrefix <= SMALLEST_SUBNET_PREFIX,
    "cidr",
    vpcCidr,
    `a /${prefix - (zonePrefix - SMALLEST_SUBNET_PREFIX)} or larger block: with ${zoneCount} zones × 4 tiers the public, data and intra ` +
      `subnets would be /${zonePrefix} (AWS's smallest is /${SMALLEST_SUBNET_PREFIX})`,
  );
  problems.throwIfAny();
  const zones = [...Array(zoneCount).keys()];
  const small = slice(base, privatePrefix, 2 ** (privatePrefix - prefix) - 1);
  const tier = (t: number) => zones.map((z) => format(slice(slice(small, tierPrefix, t), zonePrefix, z), zonePrefix));
  return {
    private: zones.map((z) => format(slice(base, privatePrefix, z), privatePrefix)),
    public: tier(0),
    data: tier(1),
    intra: tier(2),
  };
}
