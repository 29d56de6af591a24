import type { PricingContext } from "../context";
import type { CostComponent } from "../model";
import { block, blocks, num, str } from "../refs";
import { volumeComponents } from "./ebs";
import type { Pricer } from "./pricer";

/**
 * The instance-hours line of `count` Linux instances: on-demand, under the context's Savings Plan
 * term, or spot (on-demand × the `purchase.ec2.spot` estimate).
 */
export function instanceComponent(
  ctx: PricingContext,
  instanceType: string | undefined,
  count: number,
  label = "Instance usage",
  spot = false,
): CostComponent {
  if (!instanceType)
    return ctx.unpriced(`${label} (instance type unknown)`, count * 730, "hours", "instance type not resolvable from the configuration");
  if (spot)
    return ctx.hourly(`${label} (Linux/UNIX, spot, ${instanceType})`, count, `ec2.${instanceType}`, { multiplierKey: "purchase.ec2.spot" });
  if (ctx.commitment)
    return ctx.hourly(`${label} (Linux/UNIX, ${ctx.commitment} savings plan, ${instanceType})`, count, `ec2.${instanceType}`, {
      multiplierKey: `purchase.ec2.savings-plan.${ctx.commitment}`,
    });
  return ctx.hourly(`${label} (Linux/UNIX, on-demand, ${instanceType})`, count, `ec2.${instanceType}`);
}

/** aws_instance: instance hours, root and attached EBS volumes (root default 8 GB gp2, like Infracost). */
export const priceInstance: Pricer = (config, ctx) => {
  const type = str(ctx.resolve(config.instance_type));
  const lines: CostComponent[] = [];
  if (block(config.instance_market_options)) lines.push(instanceComponent(ctx, type, 1, "Instance usage", true));
  else if (str(config.tenancy) === "dedicated" || str(config.tenancy) === "host")
    lines.push(ctx.unpriced("Instance usage (dedicated)", 730, "hours", "dedicated tenancy is not priced"));
  else lines.push(instanceComponent(ctx, type, 1));
  // An instance's root and extra EBS blocks share one shape (gp2 and 8 GB when unset, as EC2 does).
  const volume = (b: Record<string, unknown>) => ({
    volumeType: str(b.volume_type) ?? "gp2",
    sizeGb: num(ctx.resolve(b.volume_size)) ?? 8,
    iops: num(b.iops),
    throughputMBps: num(b.throughput),
  });
  lines.push(...volumeComponents(ctx, volume(block(config.root_block_device) ?? {}), 1, "Root volume"));
  for (const [i, ebs] of blocks(config.ebs_block_device).entries())
    lines.push(...volumeComponents(ctx, volume(ebs), 1, `ebs_block_device[${i}]`));
  return { components: lines };
};

/** aws_ebs_volume: storage, gp3 IOPS and throughput above baseline. */
export const priceEbsVolume: Pricer = (config, ctx) => {
  const size = num(ctx.resolve(config.size));
  if (size === undefined)
    return { components: [ctx.unpriced("Storage", null, "GB", "size not set (snapshot-sized volumes are not priced)")] };
  return {
    components: volumeComponents(
      ctx,
      { volumeType: str(config.type) ?? "gp2", sizeGb: size, iops: num(config.iops), throughputMBps: num(config.throughput) },
      1,
    ),
  };
};
