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

export const SUBNET_TIERS = ["public", "private", "data", "intra"] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** One CIDR per zone, in zone order, for each tier. */
export type SubnetPlan = Readonly<Record<SubnetTier, readonly string[]>>;

/** AWS refuses subnets smaller than /28. */
export const SMALLEST_SUBNET_PREFIX = 28;

const parse = (cidr: string): { base: number; prefix: number } => {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const prefix = match ? Number(match[5]) : NaN;
  if (!match || octets.some((o) => o > 255) || prefix > 32) {
    throw new Error(`vpcCidr must be an IPv4 CIDR block such as 10.20.0.0/16, got '${cidr}'`);
  }
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (base % 2 ** (32 - prefix) !== 0) {
    throw new Error(`vpcCidr '${cidr}' has host bits set: use ${format(base - (base % 2 ** (32 - prefix)), prefix)}`);
  }
  return { base, prefix };
};

const format = (base: number, prefix: number): string =>
  `${[24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join(".")}/${prefix}`;

/** The index-th block of size /newPrefix inside base/prefix. */
const slice = (base: number, newPrefix: number, index: number): number => base + index * 2 ** (32 - newPrefix);

const bitsFor = (n: number): number => Math.ceil(Math.log2(Math.max(n, 1)));

/** Plans the four tiers over `zoneCount` zones. Throws when the block cannot hold them. */
export function planSubnets(vpcCidr: string, zoneCount: number): SubnetPlan {
  if (!Number.isInteger(zoneCount) || zoneCount < 1 || zoneCount > 8) {
    throw new Error(`availabilityZones must hold 1 to 8 zones, got ${zoneCount}`);
  }
  const { base, prefix } = parse(vpcCidr);
  const privatePrefix = prefix + bitsFor(zoneCount + 1);
  const tierPrefix = privatePrefix + 2;
  const zonePrefix = tierPrefix + bitsFor(zoneCount);
  if (zonePrefix > SMALLEST_SUBNET_PREFIX) {
    throw new Error(
      `vpcCidr ${vpcCidr} is too small for ${zoneCount} zones × 4 tiers: the public, data and intra subnets would be /${zonePrefix} ` +
        `(AWS's smallest is /${SMALLEST_SUBNET_PREFIX}); use a /${prefix - (zonePrefix - SMALLEST_SUBNET_PREFIX)} or larger block`,
    );
  }
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
