import { PARTITIONS, serviceGap, type PartitionService } from "../catalog/partitions";
import type { ConfigProblem } from "./problems";
import type { AccountConfig, EnvironmentConfig, OrganizationConfig } from "./model";

const allowedRegions = (org: OrganizationConfig) => Object.keys(PARTITIONS[org.partition].regions).join(", ");

/** Why a region must be in the organization's partition: one organization, one partition. */
const inPartition = (org: OrganizationConfig) =>
  `a region of partition ${org.partition} (accounts.yaml organization.partition; its accounts cannot reach another partition): one of ${allowedRegions(org)}`;

/**
 * accounts.yaml against its own partition: the home regions and the Identity Center instance must
 * belong to it (an ARN of another partition names something this organization cannot reach).
 */
export function checkOrganizationPartition(org: OrganizationConfig, accounts: readonly AccountConfig[], file: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const regions: Readonly<Record<string, readonly string[]>> = PARTITIONS[org.partition].regions;
  if (!(org.homeRegion in regions))
    problems.push({ file, field: "organization.homeRegion", message: inPartition(org), value: org.homeRegion });
  for (const a of accounts) {
    if (a.homeRegion !== org.homeRegion && !(a.homeRegion in regions))
      problems.push({ file, field: `accounts.${a.name}.homeRegion`, message: inPartition(org), value: a.homeRegion });
  }
  const arnPartition = org.identityCenter.instanceArn.split(":")[1];
  if (arnPartition !== org.partition)
    problems.push({
      file,
      field: "organization.identityCenter.instanceArn",
      message: `an Identity Center instance of partition ${org.partition} (arn:${org.partition}:sso:::instance/...)`,
      value: org.identityCenter.instanceArn,
    });
  return problems;
}

/**
 * The services an environment uses, by the field that makes it use them: the CI runner's GitHub
 * connection is always there (network stack).
 */
function servicesUsed(_env: EnvironmentConfig): { service: PartitionService; field: string }[] {
  return [{ service: "codeconnections", field: "region" }];
}

/**
 * An environment against its account's partition: its region and backup region must be in the
 * partition, and every service it uses must exist there (lib/catalog/partitions.ts `lacks`).
 */
export function checkEnvironmentPartition(env: EnvironmentConfig, org: OrganizationConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const regions: Readonly<Record<string, readonly string[]>> = PARTITIONS[org.partition].regions;
  const add = (field: string, message: string, value: unknown) => problems.push({ file: env.file, field, message, value });
  if (!(env.region in regions)) {
    add("region", inPartition(org), env.region);
    return problems;
  }
  const backup = env.postgres.backupReplicationRegion;
  if (backup && !(backup in regions)) add("postgres.backupReplicationRegion", inPartition(org), backup);
  for (const { service, field } of servicesUsed(env)) {
    const gap = serviceGap(org.partition, service, env.region);
    if (!gap) continue;
    const where = gap.onlyIn.length > 0 ? `only in ${gap.onlyIn.join(", ")}` : "in none of its regions";
    add(
      field,
      `a region where ${org.partition} offers ${service}, which the environment needs for ${gap.usedFor}: ${org.partition} has it ${where} (lib/catalog/partitions.ts)`,
      env.region,
    );
  }
  return problems;
}
