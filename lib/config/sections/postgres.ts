import { z } from "zod";
import type { DeepRequired, TierDefaults } from "../types";
import { RDS_POSTGRES_CLASSES } from "../../catalog/instance-types";
import { count, inCatalog } from "./common";
import { REGION_NAMES } from "../regions";

export const postgresInput = z.strictObject({
  /** RDS instance class, for example db.r6g.large. */
  instanceClass: inCatalog(
    "RDS for PostgreSQL instance class",
    RDS_POSTGRES_CLASSES,
    /^db\.[a-z0-9]+\.[a-z0-9]+$/,
    "db.r6g.large",
  ).optional(),
  /** PostgreSQL major version. */
  engineVersion: z
    .string()
    .regex(/^\d{2}(\.\d+)?$/, "a PostgreSQL version such as 16 or 16.4")
    .optional(),
  /** gp3 storage at creation, and the ceiling storage autoscaling may grow it to. */
  allocatedStorageGiB: count(20, 65536).optional(),
  maxAllocatedStorageGiB: count(20, 65536).optional(),
  /** Standby in a second AZ. Required in production. Default: true in production, false in staging. */
  multiAz: z.boolean().optional(),
  /** Days of automated backups (point-in-time recovery window). Production needs 14 or more. */
  backupRetentionDays: count(1, 35).optional(),
  /** Region automated backups are copied to, or null for none. Default: set per environment. */
  backupReplicationRegion: z.enum(REGION_NAMES).nullable().optional(),
  /** A read replica for analytics and failover drills. Default: off. */
  readReplica: z.boolean().optional(),
});
export type PostgresConfig = DeepRequired<z.input<typeof postgresInput>>;

export const postgresDefaults: TierDefaults<PostgresConfig> = {
  production: {
    instanceClass: "db.r6g.large",
    engineVersion: "16",
    allocatedStorageGiB: 100,
    maxAllocatedStorageGiB: 1000,
    multiAz: true,
    backupRetentionDays: 14,
    backupReplicationRegion: null,
    readReplica: false,
  },
  staging: {
    instanceClass: "db.t4g.medium",
    engineVersion: "16",
    allocatedStorageGiB: 20,
    maxAllocatedStorageGiB: 100,
    multiAz: false,
    backupRetentionDays: 7,
    backupReplicationRegion: null,
    readReplica: false,
  },
};
