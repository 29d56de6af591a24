import { PARTITIONS } from "../catalog/partitions";

/**
 * The regions this repository may deploy to, with the availability zones a new account can use
 * by default, from the partition table (lib/catalog/partitions.ts, which cites its sources). A
 * region missing there is rejected by validation.
 */

/** Commercial (`aws` partition) regions and their zone letters. */
export const AWS_REGIONS: Readonly<Record<string, readonly string[]>> = PARTITIONS.aws.regions;

/** Every known region of every partition, with its zone letters. */
export const REGION_ZONES: Readonly<Record<string, readonly string[]>> = Object.assign(
  {},
  ...Object.values(PARTITIONS).map((p) => p.regions),
) as Record<string, readonly string[]>;

/** Names of every known region; which partition may use which is checked against accounts.yaml. */
export const REGION_NAMES = Object.keys(REGION_ZONES) as [string, ...string[]];

/** The first `count` default zones of a region, as full names (`us-east-1a`). */
export function defaultAvailabilityZones(region: string, count = 3): string[] {
  return (REGION_ZONES[region] ?? []).slice(0, count).map((suffix) => `${region}${suffix}`);
}
