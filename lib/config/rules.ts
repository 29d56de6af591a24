import { EKS_VERSIONS, PRODUCTION_MIN_STANDARD_SUPPORT_DAYS, standardSupportDaysLeftOf, versionsWithStandardSupport } from "./eks-versions";
import { clickhouseServerSize, meetsClickhouseMinimum } from "../sizing/clickhouse-pod";
import { findNodeShape, SIZABLE_NODE_TYPES } from "../sizing/node-shape";
import { IPv4CidrRange } from "ip-num";
import { REGION_ZONES } from "./regions";
import { architectureOf } from "../catalog/architecture";
import { brokerTypeSupportsTieredStorage, isExpressBroker, kafkaVersionSupportsTieredStorage } from "../catalog/msk-tiered-storage";
import { checkResidency } from "./residency";
import type { ConfigProblem } from "./problems";
import type { EnvironmentConfig } from "./model";

/**
 * Invariants of a resolved environment that no single field can express. Each returns problems
 * naming the field in the environment file that fixes it. `today` dates the support-window rule.
 */
export function checkEnvironment(env: EnvironmentConfig, today: Date = new Date()): ConfigProblem[] {
  const problems: ConfigProblem[] = [...checkResidency(env)];
  const add = (field: string, message: string, value?: unknown) => problems.push({ file: env.file, field, message, value });
  const prod = env.tier === "production";
  const azs = env.availabilityZones;

  const known = (REGION_ZONES[env.region] ?? []).map((s) => `${env.region}${s}`);
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
    add(
      "postgres.maxAllocatedStorageGiB",
      `at least allocatedStorageGiB (${env.postgres.allocatedStorageGiB})`,
      env.postgres.maxAllocatedStorageGiB,
    );
  }
  if (env.postgres.backupReplicationRegion === env.region) {
    add(
      "postgres.backupReplicationRegion",
      `a region other than the environment's own (${env.region})`,
      env.postgres.backupReplicationRegion,
    );
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
    add(
      "clickhouse.replicas",
      `at most the availability zone count (${azs.length}), so no two replicas of a shard share a zone`,
      env.clickhouse.replicas,
    );
  }
  if (prod && env.clickhouse.replicas < 2)
    add("clickhouse.replicas", "production needs 2 or 3 replicas per shard", env.clickhouse.replicas);
  // Local NVMe needs a local-volume provisioner and a different restore story; not built yet.
  if (env.clickhouse.storage === "instance-store")
    add("clickhouse.storage", 'ebs: "instance-store" is not supported by the in-cluster layer yet', env.clickhouse.storage);
  const shape = findNodeShape(env.clickhouse.instanceType);
  const server = shape ? clickhouseServerSize(shape) : undefined;
  if (!server) add("clickhouse.instanceType", `a type the pods can be sized for: ${SIZABLE_NODE_TYPES}`, env.clickhouse.instanceType);
  else if (!meetsClickhouseMinimum(server)) {
    add(
      "clickhouse.instanceType",
      `a larger type (at least 4 vCPU, 16 GiB): this one leaves ${server.cpu} vCPU / ${server.memoryGiB} GiB for ClickHouse`,
      env.clickhouse.instanceType,
    );
  }
  problems.push(...checkKubernetesVersion(env, today), ...checkDisasterRecovery(env), ...checkCostLevers(env));
  if (new Set(env.dns.hostedZoneIds).size !== env.dns.hostedZoneIds.length)
    add("dns.hostedZoneIds", "each hosted zone once", env.dns.hostedZoneIds);
  for (const [group, ng] of Object.entries(env.kubernetes.nodeGroups)) {
    if (!(ng.minSize <= ng.desiredSize && ng.desiredSize <= ng.maxSize)) {
      add(`kubernetes.nodeGroups.${group}`, "minSize <= desiredSize <= maxSize", {
        minSize: ng.minSize,
        desiredSize: ng.desiredSize,
        maxSize: ng.maxSize,
      });
    }
  }
  return problems;
}

/**
 * Kubernetes versions must be in the EKS calendar (eks-versions.ts); production must launch on one
 * with at least PRODUCTION_MIN_STANDARD_SUPPORT_DAYS of standard support left, or EKS upgrades the
 * control plane under Terraform (docs/reference/deploy-constraints.md row 9).
 */
function checkKubernetesVersion(env: EnvironmentConfig, today: Date): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const known = Object.keys(EKS_VERSIONS).join(", ");
  const versions: [string, string | null][] = [
    ["kubernetes.version", env.kubernetes.version],
    ["kubernetes.nodeVersion", env.kubernetes.nodeVersion],
  ];
  for (const [field, v] of versions) {
    if (v !== null && !EKS_VERSIONS[v])
      problems.push({ file: env.file, field, message: `an EKS version in lib/config/eks-versions.ts: one of ${known}`, value: v });
  }
  // EKS accepts nodes up to three minors behind the control plane, never ahead (version skew policy).
  const { version, nodeVersion } = env.kubernetes;
  const minor = (v: string) => Number(v.split(".")[1]);
  const lag = nodeVersion === null ? 0 : minor(version) - minor(nodeVersion);
  if (lag < 0 || lag > 3) {
    problems.push({
      file: env.file,
      field: "kubernetes.nodeVersion",
      message: `at most three minors behind, and never ahead of, kubernetes.version ${version}`,
      value: nodeVersion,
    });
  }
  const calendarRow = EKS_VERSIONS[env.kubernetes.version];
  const left = calendarRow ? standardSupportDaysLeftOf(calendarRow, today) : undefined;
  if (env.tier === "production" && calendarRow && left !== undefined && left < PRODUCTION_MIN_STANDARD_SUPPORT_DAYS) {
    const allowed = versionsWithStandardSupport(today, PRODUCTION_MIN_STANDARD_SUPPORT_DAYS);
    const day = today.toISOString().slice(0, 10);
    problems.push({
      file: env.file,
      field: "kubernetes.version",
      message:
        `production runs a Kubernetes version with at least ${PRODUCTION_MIN_STANDARD_SUPPORT_DAYS} days of EKS standard support left ` +
        `(${env.kubernetes.version}: ${left} on ${day}, ends ${calendarRow.endOfStandardSupport}); ` +
        `allowed: ${allowed.length > 0 ? allowed.join(", ") : "none in lib/config/eks-versions.ts: add the newest EKS release there"}`,
      value: env.kubernetes.version,
    });
  }
  return problems;
}

/**
 * The recovery target (disasterRecovery) lives in the Postgres backup region: it needs that region,
 * a VPC block of its own, and production (staging has no backup region to recover into).
 */
function checkDisasterRecovery(env: EnvironmentConfig): ConfigProblem[] {
  const dr = env.disasterRecovery;
  const problems: ConfigProblem[] = [...checkPostgresRestore(env)];
  const add = (field: string, message: string, value?: unknown) => problems.push({ file: env.file, field, message, value });
  // The ClickHouse drill restores into a scratch server's own volume; parts on the S3 disk would be
  // copied into the live cold bucket (charts/clickhouse-cluster templates/restore-drill-cronjob.yaml).
  if (dr.restoreDrill && env.clickhouse.tiering.enabled)
    add("disasterRecovery.restoreDrill", "false while clickhouse.tiering.enabled is true (the drill restores local-disk parts only)", true);
  if (!dr.enabled) return problems;
  if (env.tier !== "production")
    add("disasterRecovery.enabled", "false outside production (a recovery target is for production environments)", true);
  if (env.postgres.backupReplicationRegion === null)
    add("postgres.backupReplicationRegion", "a region when disasterRecovery.enabled is true: the recovery target lives there", null);
  if (dr.vpcCidr === null) add("disasterRecovery.vpcCidr", "a private /16 to /20 block when disasterRecovery.enabled is true", null);
  return problems;
}

/**
 * The restore source of the recovery region's Postgres (disasterRecovery.postgresRestore) is
 * restorable there: the recovery target is on, and the ARN names that region, the environment's
 * account and its partition (RDS restores from this account's snapshots and replicated backups in
 * the same region; a cross-account copy is first copied back, runbooks/region-loss.md).
 */
function checkPostgresRestore(env: EnvironmentConfig): ConfigProblem[] {
  const restore = env.disasterRecovery.postgresRestore;
  if (restore === null) return [];
  const field = "disasterRecovery.postgresRestore";
  if (!env.disasterRecovery.enabled)
    return [{ file: env.file, field, message: "null unless disasterRecovery.enabled is true (the instance is in the recovery stacks)" }];
  const region = env.postgres.backupReplicationRegion;
  const [key, arn] =
    restore.automatedBackupsArn !== null ? ["automatedBackupsArn", restore.automatedBackupsArn] : ["snapshotArn", restore.snapshotArn];
  const [, partition, arnRegion, account] = /^arn:([^:]+):rds:([^:]+):([^:]+):/.exec(arn ?? "") ?? [];
  if (arn === null || (partition === env.account.partition && arnRegion === region && account === env.account.id)) return [];
  return [
    {
      file: env.file,
      field: `${field}.${key}`,
      message: `an ARN in the recovery region of this environment's account (arn:${env.account.partition}:rds:${region ?? "<postgres.backupReplicationRegion>"}:${env.account.id}:...)`,
      value: arn,
    },
  ];
}

/** The recovery VPCs overlap neither any environment's VPC nor each other (they are routed together after a failover). */
export function checkRecoveryCidrs(envs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const blocks = envs.map((e) => ({ owner: `${e.file} vpcCidr`, cidr: e.vpcCidr }));
  for (const env of envs) {
    const cidr = env.disasterRecovery.enabled ? env.disasterRecovery.vpcCidr : null;
    if (cidr === null) continue;
    const mine = IPv4CidrRange.fromCidr(cidr);
    const clash = blocks.find((b) => {
      const other = IPv4CidrRange.fromCidr(b.cidr);
      return mine.contains(other) || other.contains(mine);
    });
    if (clash)
      problems.push({
        file: env.file,
        field: "disasterRecovery.vpcCidr",
        message: `a block that does not overlap ${clash.owner} (${clash.cidr})`,
        value: cidr,
      });
    blocks.push({ owner: `${env.file} disasterRecovery.vpcCidr`, cidr });
  }
  return problems;
}

/**
 * The cost levers' settings against what the services accept (issue 16): MSK tiered storage's
 * version and broker rules (lib/catalog/msk-tiered-storage.ts), tiers shorter than retention, one
 * architecture per Spot group.
 */
function checkCostLevers(env: EnvironmentConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (field: string, message: string, value?: unknown) => problems.push({ file: env.file, field, message, value });
  const { kafka, clickhouse } = env;
  // Express brokers have no storage mode: the setting does not apply to them (the data stack skips it).
  if (kafka.tieredStorage.enabled && !isExpressBroker(kafka.instanceType)) {
    if (!kafkaVersionSupportsTieredStorage(kafka.kafkaVersion))
      add(
        "kafka.kafkaVersion",
        "3.6.0 or later (or 2.8.2.tiered) for MSK tiered storage (kafka.tieredStorage.enabled)",
        kafka.kafkaVersion,
      );
    if (!brokerTypeSupportsTieredStorage(kafka.instanceType))
      add(
        "kafka.instanceType",
        "a Standard broker other than kafka.t3.small, such as kafka.m7g.large, for MSK tiered storage (kafka.tieredStorage.enabled)",
        kafka.instanceType,
      );
    if (kafka.tieredStorage.localRetentionHours >= kafka.retentionHours)
      add(
        "kafka.tieredStorage.localRetentionHours",
        `fewer hours than kafka.retentionHours (${kafka.retentionHours}), or kafka.tieredStorage.enabled: false: MSK refuses a local retention equal to or above the total`,
        kafka.tieredStorage.localRetentionHours,
      );
  }
  // Standard-IA bills 30 days per object at least: shorter-lived backups cost more there than in STANDARD.
  if (clickhouse.backup.storageClass === "STANDARD_IA" && clickhouse.backup.retentionDays < 30)
    add(
      "clickhouse.backup.storageClass",
      `STANDARD while clickhouse.backup.retentionDays (${clickhouse.backup.retentionDays}) is under 30: Standard-IA bills 30 days per object at least`,
      clickhouse.backup.storageClass,
    );
  if (clickhouse.tiering.enabled && clickhouse.tiering.hotDays >= clickhouse.retentionDays)
    add(
      "clickhouse.tiering.hotDays",
      `fewer days than clickhouse.retentionDays (${clickhouse.retentionDays}): a part must reach S3 before TTL deletes it`,
      clickhouse.tiering.hotDays,
    );
  const spot = env.kubernetes.nodeGroups.spot;
  if (spot.enabled) {
    const arches = new Set(spot.instanceTypes.map(architectureOf));
    if (arches.size > 1)
      add(
        "kubernetes.nodeGroups.spot.instanceTypes",
        "types of one architecture (one AMI type per node group): all Graviton or all x86",
        spot.instanceTypes,
      );
    if (new Set(spot.instanceTypes).size !== spot.instanceTypes.length)
      add("kubernetes.nodeGroups.spot.instanceTypes", "each type once", spot.instanceTypes);
  }
  return problems;
}

/**
 * Session Manager keeps its preferences in one document per account and region
 * (SSM-SessionManagerRunShell: SESSION_PREFERENCES_DOCUMENT of constructs/observability/session-logging.ts),
 * which every environment's data stack creates. Two environments in one account and region would
 * both create it, and the second apply fails because the document exists.
 */
export function checkSessionPreferences(envs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const owners = new Map<string, EnvironmentConfig>();
  const problems: ConfigProblem[] = [];
  for (const env of envs) {
    const key = `${env.account.id}/${env.region}`;
    const owner = owners.get(key);
    if (!owner) {
      owners.set(key, env);
      continue;
    }
    problems.push({
      file: env.file,
      field: "region",
      message:
        `a region where no other environment of account ${env.account.name} (${env.account.id}) runs, or another account: ` +
        `${owner.file} already writes that account's Session Manager preferences in ${env.region} ` +
        "(document SSM-SessionManagerRunShell, one per account and region)",
      value: env.region,
    });
  }
  return problems;
}
