import type { CostComponent } from "../model";
import { num, str } from "../refs";
import type { Pricer } from "./pricer";

/** Engines the price table keys by (`rds.<engine>.<class>`); Aurora and licensed engines are not priced. */
const ENGINES: Readonly<Record<string, string>> = { postgres: "postgres", mysql: "mysql" };

/**
 * gp3 baseline included in the storage price: 3,000 IOPS below 400 GiB, 12,000 from 400 GiB
 * (Infracost `db_instance.go`, docs/reference/public-figures.md §1.2).
 */
export function rdsGp3BaselineIops(allocatedGb: number): number {
  return allocatedGb >= 400 ? 12000 : 3000;
}

/** PostgreSQL majors in paid RDS Extended Support by 2026 (13 from 2026-03-01: docs/reference/public-figures.md §2). */
const LAST_EXTENDED_POSTGRES_MAJOR = 13;

/**
 * aws_db_instance: instance hours (Multi-AZ = 2 × Single-AZ, docs/reference/public-figures.md §1.2), storage, gp3 IOPS
 * above the baseline, backup storage beyond the free allowance (usage
 * `additional_backup_storage_gb`), and unpriced lines for what has no sourced price.
 */
export const priceDbInstance: Pricer = (config, ctx) => {
  const engineName = str(config.engine) ?? (config.replicate_source_db ? "postgres" : undefined);
  const engine = engineName ? ENGINES[engineName] : undefined;
  const instanceClass = str(ctx.resolve(config.instance_class));
  const multiAz = config.multi_az === true;
  const az = multiAz ? "multi-az" : "single-az";
  const azLabel = multiAz ? "Multi-AZ" : "Single-AZ";
  const lines: CostComponent[] = [];

  if (!engine || !instanceClass) {
    lines.push(
      ctx.unpriced(
        `Database instance (${engineName ?? "engine?"}, ${instanceClass ?? "class?"})`,
        730,
        "hours",
        "engine or class not priced (PostgreSQL and MySQL only)",
      ),
    );
  } else {
    lines.push(
      ctx.hourly(
        `Database instance (on-demand, ${azLabel}, ${instanceClass})`,
        1,
        `rds.${engine}.${instanceClass}`,
        multiAz ? { priceFactor: 2, note: "Multi-AZ = 2 × Single-AZ" } : {},
      ),
    );
  }

  const storageType = str(config.storage_type) ?? (num(config.iops) ? "io1" : "gp2");
  const allocated = num(ctx.resolve(config.allocated_storage));
  if (allocated !== undefined) {
    lines.push(ctx.component(`Storage (${storageType})`, allocated, "GB", `rds.${storageType}.storage.${az}`));
    const iops = num(config.iops);
    if (storageType === "gp3" && iops !== undefined && iops > rdsGp3BaselineIops(allocated)) {
      const baseline = rdsGp3BaselineIops(allocated);
      lines.push(
        ctx.component(`Provisioned gp3 IOPS (above ${baseline.toLocaleString("en-US")})`, iops - baseline, "IOPS", `rds.gp3.iops.${az}`),
      );
    } else if ((storageType === "io1" || storageType === "io2") && iops !== undefined) {
      lines.push(ctx.component(`Provisioned IOPS (${storageType})`, iops, "IOPS", `rds.${storageType}.iops.${az}`));
    }
    const throughput = num(config.storage_throughput);
    if (storageType === "gp3" && throughput !== undefined) {
      lines.push(
        ctx.unpriced(
          "Provisioned gp3 throughput",
          throughput,

          "MiBps",
          "RDS gp3 throughput price is NF (Infracost does not model it)",
        ),
      );
    }
  } else if (!config.replicate_source_db) {
    lines.push(ctx.unpriced("Storage", null, "GB", "allocated_storage not set"));
  }

  const backup = ctx.usage("additional_backup_storage_gb");
  lines.push(
    ctx.component("Additional backup storage", backup ?? null, "GB", "rds.backup.storage", {
      usageBased: true,
      note: "free up to the provisioned storage",
    }),
  );

  if (config.performance_insights_enabled === true && (num(config.performance_insights_retention_period) ?? 7) > 7) {
    lines.push(
      ctx.unpriced("Performance Insights long-term retention", null, "vCPU-month", "price NF in docs/reference/public-figures.md"),
    );
  }
  const major = Number((str(config.engine_version) ?? "").split(".")[0]);
  if (engine === "postgres" && Number.isFinite(major) && major > 0 && major <= LAST_EXTENDED_POSTGRES_MAJOR) {
    lines.push(
      ctx.unpriced(
        `Extended support (PostgreSQL ${major})`,
        null,
        "vCPU-hours",
        "RDS Extended Support price NF in docs/reference/public-figures.md",
      ),
    );
  }
  return { components: lines };
};
