/**
 * Memory of RDS instance classes, GiB, from the instance class tables in the RDS User Guide
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html).
 * Sizes follow the EC2 pattern per family: memory-optimised r* 8 GiB per vCPU, general m* 4,
 * burstable t* fixed per size.
 */
const SIZE_VCPUS: Readonly<Record<string, number>> = {
  large: 2,
  xlarge: 4,
  "2xlarge": 8,
  "4xlarge": 16,
  "8xlarge": 32,
  "12xlarge": 48,
  "16xlarge": 64,
  "24xlarge": 96,
};
const BURSTABLE_GIB: Readonly<Record<string, number>> = { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, "2xlarge": 32 };

/** Memory of a db.* class in GiB, or undefined for a class this table does not know. */
export function rdsInstanceMemoryGiB(instanceClass: string): number | undefined {
  const m = /^db\.([a-z])(\d+)[a-z]*\.(\w+)$/.exec(instanceClass);
  if (!m) return undefined;
  const [, family, , size] = m as unknown as [string, string, string, string];
  if (family === "t") return BURSTABLE_GIB[size];
  const vcpus = SIZE_VCPUS[size];
  if (vcpus === undefined) return undefined;
  if (family === "r" || family === "x") return vcpus * (family === "x" ? 16 : 8);
  if (family === "m") return vcpus * 4;
  return undefined;
}

/** Burstable db.t* classes: 2 vCPUs up to large, then as the other families (same instance class tables). */
const BURSTABLE_VCPUS: Readonly<Record<string, number>> = { micro: 2, small: 2, medium: 2, large: 2, xlarge: 4, "2xlarge": 8 };

/** vCPUs of a db.* class, or undefined for a class these tables do not know. */
export function rdsInstanceVcpus(instanceClass: string): number | undefined {
  const m = /^db\.([a-z])(\d+)[a-z]*\.(\w+)$/.exec(instanceClass);
  if (!m) return undefined;
  const [, family, , size] = m as unknown as [string, string, string, string];
  if (family === "t") return BURSTABLE_VCPUS[size];
  return family === "r" || family === "x" || family === "m" ? SIZE_VCPUS[size] : undefined;
}

/**
 * RDS for PostgreSQL's default max_connections: LEAST(DBInstanceClassMemory / 9531392, 5000)
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections).
 * DBInstanceClassMemory is somewhat below the nominal memory; the nominal value is close enough
 * for an alarm threshold.
 */
export function postgresDefaultMaxConnections(memoryGiB: number): number {
  return Math.min(Math.floor((memoryGiB * 1024 ** 3) / 9531392), 5000);
}
