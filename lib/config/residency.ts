import type { ConfigProblem } from "./problems";
import type { EnvironmentConfig } from "./model";

/**
 * Data-residency zones: the regions whose data centres are in one jurisdiction. Region locations
 * are from AWS's list of Regions ("Regions and Availability Zones", AWS documentation, read
 * 2026-12-07); membership of the European Union from europa.eu ("EU countries"). Switzerland
 * (eu-central-2, Zurich) and the United Kingdom (eu-west-2, London) are not in the EU and have
 * their own zones. GovCloud (US) regions are in the United States; China's in mainland China.
 */
export const RESIDENCY_ZONES = {
  eu: ["eu-central-1", "eu-west-1", "eu-west-3", "eu-north-1", "eu-south-1", "eu-south-2"],
  uk: ["eu-west-2"],
  ch: ["eu-central-2"],
  us: ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "us-gov-east-1", "us-gov-west-1"],
  ca: ["ca-central-1", "ca-west-1"],
  au: ["ap-southeast-2", "ap-southeast-4"],
  jp: ["ap-northeast-1", "ap-northeast-3"],
  in: ["ap-south-1", "ap-south-2"],
  sg: ["ap-southeast-1"],
  kr: ["ap-northeast-2"],
  br: ["sa-east-1"],
  cn: ["cn-north-1", "cn-northwest-1"],
} as const satisfies Record<string, readonly string[]>;

export type ResidencyZone = keyof typeof RESIDENCY_ZONES;
export const RESIDENCY_ZONE_NAMES = Object.keys(RESIDENCY_ZONES) as [ResidencyZone, ...ResidencyZone[]];

/**
 * Where an environment keeps data, by the field of the environment file that decides it: the
 * environment's region (every data store), the Postgres backup copies, and the account's Terraform
 * state (which holds resource attributes, secrets' metadata included). Organization-wide audit logs
 * (CloudTrail, Config) are not customer data and live in the organization's home region.
 */
export function dataRegions(env: EnvironmentConfig): { field: string; region: string; why: string }[] {
  return [
    { field: "region", region: env.region, why: "every data store of the environment lives there" },
    ...(env.postgres.backupReplicationRegion
      ? [
          {
            field: "postgres.backupReplicationRegion",
            region: env.postgres.backupReplicationRegion,
            why: "Postgres backups are copied there",
          },
        ]
      : []),
    {
      field: "account",
      region: env.account.homeRegion,
      why: `the Terraform state of account ${env.account.name} lives in its homeRegion (accounts.yaml) and holds the environment's resource attributes`,
    },
  ];
}

/** Every place the environment keeps data must be inside its residency zone, when it declares one. */
export function checkResidency(env: EnvironmentConfig): ConfigProblem[] {
  if (!env.residency) return [];
  const allowed: readonly string[] = RESIDENCY_ZONES[env.residency];
  return dataRegions(env)
    .filter((d) => !allowed.includes(d.region))
    .map((d) => ({
      file: env.file,
      field: d.field,
      message: `a region inside residency "${env.residency}" (${allowed.join(", ")}): ${d.why}`,
      value: d.region,
    }));
}
