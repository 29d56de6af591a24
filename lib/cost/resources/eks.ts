import type { CostComponent, ResourceCost } from "../model";
import { block, blocks, num, str } from "../refs";
import { instanceComponent } from "./compute";
import { volumeComponents } from "./ebs";
import type { Pricer } from "./pricer";

/**
 * Minor versions Infracost prices at the extended-support rate (1.23-1.29, `eks_cluster.go`,
 * docs/reference/public-figures.md §2). With upgrade_policy STANDARD, EKS upgrades the cluster at the end of standard
 * support instead, so the standard rate applies.
 */
const LAST_EXTENDED_MINOR = 29;

/** aws_eks_cluster: the control plane hour, at the extended-support rate where it applies. */
export const priceEksCluster: Pricer = (config, ctx) => {
  const version = str(config.version);
  const minor = version ? Number(version.split(".")[1]) : NaN;
  const policy = str(block(config.upgrade_policy)?.support_type) ?? "EXTENDED";
  const extended = policy === "EXTENDED" && Number.isFinite(minor) && minor <= LAST_EXTENDED_MINOR;
  return {
    components: [
      extended
        ? ctx.hourly(`EKS cluster (extended support, ${version})`, 1, "eks.cluster.extended")
        : ctx.hourly("EKS cluster", 1, "eks.cluster.standard"),
    ],
  };
};

/**
 * aws_eks_node_group: instances (usage `instances`, else scaling_config.desired_size) of the launch
 * template's instance type, else instance_types[0], else t3.medium (the EKS default). With a launch
 * template the instance and its block devices are a sub-resource (as in Infracost); without one the
 * root disk is gp2 at disk_size (default 20 GB). SPOT capacity is priced at the spot estimate
 * (`purchase.ec2.spot`, a share of on-demand), flagged in the line's note.
 */
export const priceEksNodeGroup: Pricer = (config, ctx) => {
  const count = ctx.usage("instances") ?? num(ctx.resolve(block(config.scaling_config)?.desired_size)) ?? 1;
  const spot = str(config.capacity_type) === "SPOT";
  const lt = block(config.launch_template);
  const template = lt ? (ctx.referenced(lt.id) ?? ctx.referenced(lt.name)) : undefined;
  const listed = Array.isArray(config.instance_types) ? str(ctx.resolve(config.instance_types[0])) : undefined;
  const instanceLine = (type: string | undefined): CostComponent => instanceComponent(ctx, type, count, "Instance usage", spot);

  if (lt && !template) {
    return {
      components: [
        instanceLine(listed),
        ctx.unpriced("Launch template", null, "", "launch template not found in this stack: its instance type and volumes are unknown"),
      ],
    };
  }
  if (template) {
    const type = str(ctx.resolve(template.config.instance_type)) ?? listed ?? "t3.medium";
    const lines: CostComponent[] = [instanceLine(type)];
    for (const [i, mapping] of blocks(template.config.block_device_mappings).entries()) {
      const ebs = block(mapping.ebs);
      if (!ebs) continue;
      const sizeGb = num(ctx.resolve(ebs.volume_size));
      if (sizeGb === undefined) {
        lines.push(ctx.unpriced(`block_device_mappings[${i}] storage`, null, "GB", "volume_size not set (AMI snapshot size)"));
        continue;
      }
      lines.push(
        ...volumeComponents(
          ctx,
          { volumeType: str(ebs.volume_type) ?? "gp2", sizeGb, iops: num(ebs.iops), throughputMBps: num(ebs.throughput) },
          count,
          `block_device_mappings[${i}]`,
        ),
      );
    }
    const sub: ResourceCost = {
      address: `aws_launch_template.${template.name}`,
      type: "aws_launch_template",
      components: lines,
      subresources: [],
    };
    return { components: [], subresources: [sub] };
  }
  return {
    components: [
      instanceLine(listed ?? "t3.medium"),
      ...volumeComponents(ctx, { volumeType: "gp2", sizeGb: num(config.disk_size) ?? 20 }, count),
    ],
  };
};
