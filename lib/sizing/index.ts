import type { EnvironmentInput } from "../config/schema";
import type { Tier } from "../config/types";
import type { Levers } from "./levers";
import { planCapacity, type CapacityPlan } from "./plan";

export { planCapacity } from "./plan";
export type { CapacityInput, CapacityPlan, FullCapacityInput } from "./plan";
export { ALL_LEVERS, LEVER_NAMES, NO_LEVERS, type LeverName, type Levers } from "./levers";

/** Section values derived from expected volume; the environment file overrides any of them. */
export type SizingDefaults = Partial<Pick<EnvironmentInput, "kafka" | "clickhouse" | "kubernetes" | "postgres">>;

/** The parts of an environment file the model reads besides volume and tier. */
export type SizingHints = Partial<Pick<EnvironmentInput, "availabilityZones" | "kafka" | "clickhouse">>;

/**
 * Derives sizing defaults from an environment's expected events per month (lib/sizing/plan.ts has
 * the model, lib/sizing/constants.ts its sourced constants). Pass the environment file as `hints`
 * so retention, replicas and the zone count it sets feed the model; without it the tier defaults
 * and three zones are assumed.
 */
export function deriveSizing(eventsPerMonth: number, tier: Tier, hints: SizingHints = {}, levers: Partial<Levers> = {}): SizingDefaults {
  const plan = planCapacity({
    eventsPerMonth,
    tier,
    levers,
    ...(hints.availabilityZones ? { availabilityZones: hints.availabilityZones.length } : {}),
    ...(hints.kafka?.retentionHours ? { kafkaRetentionHours: hints.kafka.retentionHours } : {}),
    ...(hints.clickhouse?.retentionDays ? { clickhouseRetentionDays: hints.clickhouse.retentionDays } : {}),
    ...(hints.clickhouse?.replicas ? { clickhouseReplicas: hints.clickhouse.replicas } : {}),
  });
  return sectionsOf(plan, hints);
}

/** The plan as partial environment sections (field names of lib/config/sections/*). */
export function sectionsOf(plan: CapacityPlan, hints: SizingHints = {}): SizingDefaults {
  const { kafka, clickhouse, app, postgres } = plan;
  // A volume the file sets above the derived ceiling lifts the ceiling, so the two stay consistent.
  const fileVolume = hints.kafka?.volumeSizeGiB ?? 0;
  return {
    kafka: {
      brokerCount: kafka.brokerCount,
      instanceType: kafka.instanceType,
      volumeSizeGiB: kafka.volumeSizeGiB,
      maxVolumeSizeGiB: Math.max(kafka.maxVolumeSizeGiB, fileVolume),
      partitions: kafka.partitions,
    },
    clickhouse: { shards: clickhouse.shards, instanceType: clickhouse.instanceType, volumeSizeGiB: clickhouse.volumeSizeGiB },
    kubernetes: { nodeGroups: { app: { ...app } } },
    postgres: { instanceClass: postgres.instanceClass },
  };
}
