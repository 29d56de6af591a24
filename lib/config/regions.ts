/**
 * AWS commercial regions this repository may deploy to, with the availability zones a new
 * account can use by default.
 *
 * Source: AWS documentation, "Regions and Availability Zones" (docs.aws.amazon.com/global-infrastructure)
 * and `aws ec2 describe-availability-zones` output as published there; us-west-1 offers new
 * accounts only two zones (b and c). A region missing here is rejected by validation: add it with
 * its zones after checking them in the account that will use it.
 */
export const AWS_REGIONS: Readonly<Record<string, readonly string[]>> = {
  "us-east-1": ["a", "b", "c", "d", "e", "f"],
  "us-east-2": ["a", "b", "c"],
  "us-west-1": ["b", "c"],
  "us-west-2": ["a", "b", "c", "d"],
  "ca-central-1": ["a", "b", "d"],
  "ca-west-1": ["a", "b", "c"],
  "mx-central-1": ["a", "b", "c"],
  "sa-east-1": ["a", "b", "c"],
  "eu-central-1": ["a", "b", "c"],
  "eu-central-2": ["a", "b", "c"],
  "eu-west-1": ["a", "b", "c"],
  "eu-west-2": ["a", "b", "c"],
  "eu-west-3": ["a", "b", "c"],
  "eu-north-1": ["a", "b", "c"],
  "eu-south-1": ["a", "b", "c"],
  "eu-south-2": ["a", "b", "c"],
  "il-central-1": ["a", "b", "c"],
  "me-central-1": ["a", "b", "c"],
  "me-south-1": ["a", "b", "c"],
  "af-south-1": ["a", "b", "c"],
  "ap-east-1": ["a", "b", "c"],
  "ap-south-1": ["a", "b", "c"],
  "ap-south-2": ["a", "b", "c"],
  "ap-northeast-1": ["a", "c", "d"],
  "ap-northeast-2": ["a", "b", "c", "d"],
  "ap-northeast-3": ["a", "b", "c"],
  "ap-southeast-1": ["a", "b", "c"],
  "ap-southeast-2": ["a", "b", "c"],
  "ap-southeast-3": ["a", "b", "c"],
  "ap-southeast-4": ["a", "b", "c"],
  "ap-southeast-5": ["a", "b", "c"],
  "ap-southeast-7": ["a", "b", "c"],
};

export const REGION_NAMES = Object.keys(AWS_REGIONS) as [string, ...string[]];

/** The first `count` default zones of a region, as full names (`us-east-1a`). */
export function defaultAvailabilityZones(region: string, count = 3): string[] {
  return (AWS_REGIONS[region] ?? []).slice(0, count).map((suffix) => `${region}${suffix}`);
}
