import { AWS_REGIONS } from "./regions";
import type { ConfigProblem } from "./problems";
import type { EnvironmentConfig } from "./model";

/**
 * Invariants of a resolved environment that no single field can express. Each returns problems
 * naming the field in the environment file that fixes it.
 */
export function checkEnvironment(env: EnvironmentConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (field: string, message: string, value?: unknown) => problems.push({ file: env.file, field, message, value });
  const prod = env.tier === "production";
  const azs = env.availabilityZones;

  const known = (AWS_REGIONS[env.region] ?? []).map((s) => `${env.region}${s}`);
  for (const [i, az] of azs.entries()) {
    if (!known.includes(az)) add(`availabilityZones.${i}`, `a zone of ${env.region}: one of ${known.join(", ")}`, az);
  }
  if (new Set(azs).size !== azs.length) add("availabilityZones", "each zone once", azs);
  if (prod && azs.length < 3) {
    add("availabilityZones", `production needs at least 3 availability zones (${env.region} offers ${known.length})`, azs);
  }
  if (prod && env.network.natGateways !== "one-per-az") {
    add("network.natGateways", "production needs one-per-az (a single NAT gateway is a staging-only saving)", env.network.natGateways);
  }
  if (prod && !env.postgres.multiAz) add("postgres.multiAz", "production needs true", env.postgres.multiAz);
  if (prod && env.postgres.backupRetentionDays < 14) {
    add("postgres.backupRetentionDays", "production needs 14 to 35 days", env.postgres.backupRetentionDays);
  }
  if (env.postgres.maxAllocatedStorageGiB < env.postgres.allocatedStorageGiB) {
    add("postgres.maxAllocatedStorageGiB", `at least allocatedStorageGiB (${env.postgres.allocatedStorageGiB})`, env.postgres.maxAllocatedStorageGiB);
  }
  if (env.postgres.backupReplicationRegion === env.region) {
    add("postgres.backupReplicationRegion", `a region other than the environment's own (${env.region})`, env.postgres.backupReplicationRegion);
  }
  if (prod && env.buckets.backupsObjectLockDays < 1) {
    add("buckets.backupsObjectLockDays", "production needs object lock: 1 or more days", env.buckets.backupsObjectLockDays);
  }
  if (env.kafka.brokerCount % azs.length !== 0) {
    add("kafka.brokerCount", `a multiple of the availability zone count (${azs.length})`, env.kafka.brokerCount);
  }
  if (env.kafka.maxVolumeSizeGiB < env.kafka.volumeSizeGiB) {
    add("kafka.maxVolumeSizeGiB", `at least volumeSizeGiB (${env.kafka.volumeSizeGiB})`, env.kafka.maxVolumeSizeGiB);
  }
  if (new Set(env.kafka.authentication).size !== env.kafka.authentication.length) {
    add("kafka.authentication", "each method once", env.kafka.authentication);
  }
  if (env.clickhouse.replicas > azs.length) {
    add("clickhouse.replicas", `at most the availability zone count (${azs.length}), so no two replicas of a shard share a zone`, env.clickhouse.replicas);
  }
  if (prod && env.clickhouse.replicas < 2) add("clickhouse.replicas", "production needs 2 or 3 replicas per shard", env.clickhouse.replicas);
  for (const [group, ng] of Object.entries(env.kubernetes.nodeGroups)) {
    if (!(ng.minSize <= ng.desiredSize && ng.desiredSize <= ng.maxSize)) {
      add(`kubernetes.nodeGroups.${group}`, "minSize <= desiredSize <= maxSize", { minSize: ng.minSize, desiredSize: ng.desiredSize, maxSize: ng.maxSize });
    }
  }
  return problems;
}
