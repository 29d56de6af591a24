import type { z } from "zod";
import { mergeLayers } from "../merge";
import type { DeepRequired, Tier, TierDefaults } from "../types";
import { alertsDefaults, alertsInput } from "./alerts";
import { bucketsDefaults, bucketsInput } from "./buckets";
import { clickhouseDefaults, clickhouseInput } from "./clickhouse";
import { disasterRecoveryDefaults, disasterRecoveryInput } from "./disaster-recovery";
import { dnsDefaults, dnsInput } from "./dns";
import { kafkaDefaults, kafkaInput } from "./kafka";
import { kubernetesDefaults, kubernetesInput } from "./kubernetes";
import { loadTestDefaults, loadTestInput } from "./load-test";
import { migrationDefaults, migrationInput } from "./migration";
import { networkDefaults, networkInput } from "./network";
import { postgresDefaults, postgresInput } from "./postgres";

/**
 * One section of an environment file, declared once: the schema of what the file may set, the
 * description the JSON schema shows, the defaults per tier, and whether the capacity plan
 * (lib/sizing) sizes it. The environment schema, the resolution order and the model's types are
 * derived from these declarations (issue 18, "configuration sections declared once").
 */
export interface SectionDeclaration<I extends z.ZodType> {
  readonly input: I;
  readonly description: string;
  /** Typed with the resolved input shape: a field without a default is a compile error. */
  readonly defaults: TierDefaults<DeepRequired<z.input<I>>>;
  /** The capacity plan derives values for it from eventsPerMonth (lib/sizing deriveSizing). */
  readonly sized: boolean;
}

const section = <I extends z.ZodType>(
  input: I,
  defaults: TierDefaults<DeepRequired<z.input<I>>>,
  description: string,
  sized: "sized" | "not sized" = "not sized",
): SectionDeclaration<I> => ({ input, defaults, description, sized: sized === "sized" });

/** Every section, in the order the environment file's schema lists them. */
export const SECTIONS = {
  network: section(networkInput, networkDefaults, "VPC: NAT gateways and flow logs (network stack)."),
  kubernetes: section(
    kubernetesInput,
    kubernetesDefaults,
    "EKS version, upgrade policy, API access and the system/app node groups (cluster stack).",
    "sized",
  ),
  clickhouse: section(
    clickhouseInput,
    clickhouseDefaults,
    "ClickHouse shards, replicas, nodes, storage, retention and backups (cluster and platform stacks).",
    "sized",
  ),
  kafka: section(kafkaInput, kafkaDefaults, "MSK brokers, storage, retention, partitions and client authentication (data stack).", "sized"),
  postgres: section(
    postgresInput,
    postgresDefaults,
    "RDS Postgres class, storage, Multi-AZ, backups and read replica (data stack).",
    "sized",
  ),
  migration: section(migrationInput, migrationDefaults, "Heroku-to-RDS migration tooling, on while a migration is under way (data stack)."),
  buckets: section(bucketsInput, bucketsDefaults, "Backup and archive bucket retention and object lock (data stack)."),
  loadTest: section(loadTestInput, loadTestDefaults, "Scheduled ingestion load test (platform stack)."),
  dns: section(
    dnsInput,
    dnsDefaults,
    "Route 53 hosted zones external-dns may change (platform stack); none: external-dns is not installed.",
  ),
  alerts: section(alertsInput, alertsDefaults, "On-call routing per severity and ingestion-lag thresholds (monitoring stack)."),
  disasterRecovery: section(
    disasterRecoveryInput,
    disasterRecoveryDefaults,
    "Recovery target in the Postgres backup region, off by default, and the monthly restore drill (recovery stacks).",
  ),
} as const;

export type SectionName = keyof typeof SECTIONS;

/** The resolved sections of an environment, as the model carries them. */
export type SectionConfigs = { readonly [K in SectionName]: DeepRequired<z.input<(typeof SECTIONS)[K]["input"]>> };

/** The sections' fields of the environment file's schema: each optional, with its description. */
export function sectionFields(): { [K in SectionName]: z.ZodOptional<(typeof SECTIONS)[K]["input"]> } {
  const entries = Object.entries(SECTIONS).map(([name, s]) => [name, s.input.optional().describe(s.description)]);
  return Object.fromEntries(entries) as { [K in SectionName]: z.ZodOptional<(typeof SECTIONS)[K]["input"]> };
}

/**
 * Resolves every section: the file's values over the capacity plan's (for sized sections) over the
 * tier's defaults.
 */
export function resolveSections(
  tier: Tier,
  file: Partial<Record<SectionName, unknown>>,
  sized: Partial<Record<SectionName, unknown>>,
): SectionConfigs {
  const entries = Object.entries(SECTIONS).map(([name, s]) => {
    const key = name as SectionName;
    return [key, mergeLayers(s.defaults[tier], ...(s.sized ? [sized[key]] : []), file[key])];
  });
  return Object.fromEntries(entries) as SectionConfigs;
}

/** Tier defaults that their own section's schema rejects, as `<section>.<tier>: <problem>` lines. */
export function defaultsProblems(sections: Readonly<Record<string, SectionDeclaration<z.ZodType>>> = SECTIONS): string[] {
  return Object.entries(sections).flatMap(([name, s]) =>
    Object.entries(s.defaults).flatMap(([tier, defaults]) => {
      const parsed = s.input.safeParse(defaults);
      return parsed.success ? [] : parsed.error.issues.map((i) => `${name}.${tier}: ${[...i.path].join(".") || "(section)"}: ${i.message}`);
    }),
  );
}
