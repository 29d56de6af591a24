import type { EnvironmentInput } from "../config/schema";
import type { Tier } from "../config/types";

/** Section values derived from expected volume; the environment file overrides any of them. */
export type SizingDefaults = Partial<Pick<EnvironmentInput, "kafka" | "clickhouse" | "kubernetes" | "postgres">>;

/**
 * Derives sizing defaults from an environment's expected events per month.
 * The tier defaults already describe the launch volume (5 billion events per month); this hook is
 * where the capacity model plugs in.
 */
export function deriveSizing(_eventsPerMonth: number, _tier: Tier): SizingDefaults {
  return {};
}
