import type { PricingContext } from "../context";
import type { CostComponent } from "../model";

/** gp3 includes 3,000 IOPS and 125 MB/s; more is billed (IC-ebs_volume, docs/reference/public-figures.md §1.1). */
export const GP3_BASELINE_IOPS = 3000;
export const GP3_BASELINE_MBPS = 125;

export interface VolumeSpec {
  readonly volumeType: string;
  readonly sizeGb: number;
  readonly iops?: number | undefined;
  readonly throughputMBps?: number | undefined;
}

/** Storage, and gp3 IOPS/throughput above the baseline, of `count` identical volumes. */
export function volumeComponents(ctx: PricingContext, spec: VolumeSpec, count: number, label = "Storage"): CostComponent[] {
  const type = spec.volumeType;
  const lines = [ctx.component(`${label} (${type})`, spec.sizeGb * count, "GB", `ebs.${type}.storage`)];
  const iops = spec.iops ?? 0;
  const throughputMBps = spec.throughputMBps ?? 0;
  if (type === "gp3" && iops > GP3_BASELINE_IOPS) {
    lines.push(
      ctx.component(`${label} provisioned IOPS (above ${GP3_BASELINE_IOPS})`, (iops - GP3_BASELINE_IOPS) * count, "IOPS", "ebs.gp3.iops"),
    );
  }
  if (type === "gp3" && throughputMBps > GP3_BASELINE_MBPS) {
    lines.push(
      ctx.component(
        `${label} provisioned throughput (above ${GP3_BASELINE_MBPS} MB/s)`,
        (throughputMBps - GP3_BASELINE_MBPS) * count,

        "MBps",
        "ebs.gp3.throughput",
      ),
    );
  }
  if ((type === "io1" || type === "io2") && spec.iops) {
    lines.push(ctx.component(`${label} provisioned IOPS (${type})`, spec.iops * count, "IOPS", `ebs.${type}.iops`));
  }
  return lines;
}
