import type { Levers } from "../sizing/levers";
import type { EnvironmentInput } from "./schema";
import { clickhouseDefaults } from "./sections/clickhouse";
import { kafkaDefaults } from "./sections/kafka";
import type { Tier } from "./types";

/**
 * The cost levers (issue 16) the stacks deploy for an environment file, so the capacity plan sizes
 * disks and brokers for what really runs: tiering and compression as the file (over the tier
 * defaults) sets them, the codec the ClickHouse chart makes the server default, Graviton for
 * ClickHouse nodes and brokers (the tier defaults' families; their images are multi-arch), app and
 * system nodes on x86 (their images are not all verified for arm64), and backups in the storage
 * class the file or tier sets.
 */
export function deployedLevers(tier: Tier, input: EnvironmentInput): Levers {
  const clickhouse = clickhouseDefaults[tier];
  const kafka = kafkaDefaults[tier];
  // Express brokers have no storage mode: MSK tiers nothing for them (lib/catalog/msk-tiered-storage.ts).
  const express = (input.kafka?.instanceType ?? kafka.instanceType).startsWith("express.");
  const tiered = {
    enabled: input.kafka?.tieredStorage?.enabled ?? kafka.tieredStorage.enabled,
    localRetentionHours: input.kafka?.tieredStorage?.localRetentionHours ?? kafka.tieredStorage.localRetentionHours,
  };
  return {
    // The server-wide default codec the chart sets (CLICKHOUSE_DEFAULT_CODEC, constructs/platform/
    // clickhouse-values.ts); test/config/deployed-levers.test.ts keeps the two equal.
    clickhouseCodec: "zstd",
    clickhouseTiering: {
      enabled: input.clickhouse?.tiering?.enabled ?? clickhouse.tiering.enabled,
      hotDays: input.clickhouse?.tiering?.hotDays ?? clickhouse.tiering.hotDays,
    },
    kafkaCompression: input.kafka?.compression ?? kafka.compression,
    kafkaTieredStorage: express ? { ...tiered, enabled: false } : tiered,
    graviton: true,
    gravitonAppNodes: false,
    backupStorageClass: input.clickhouse?.backup?.storageClass ?? clickhouse.backup.storageClass,
  };
}
