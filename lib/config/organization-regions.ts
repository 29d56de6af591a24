import type { PlatformConfig } from "./model";

/**
 * Every region the platform uses, derived from the configuration so it is never typed twice: the
 * environments' regions, their Postgres backup-replication regions, the accounts' state regions and
 * the organization's home region. Sorted, so output does not depend on file order.
 */
export function organizationRegions(config: PlatformConfig): string[] {
  const regions = new Set<string>([config.organization.homeRegion]);
  for (const env of config.environments) {
    regions.add(env.region);
    if (env.postgres.backupReplicationRegion) regions.add(env.postgres.backupReplicationRegion);
  }
  for (const account of config.accounts) regions.add(account.homeRegion);
  return [...regions].sort();
}
