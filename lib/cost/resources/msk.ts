import { block, num, str } from "../refs";
import type { Pricer } from "./pricer";

/**
 * aws_msk_cluster: broker hours × number_of_broker_nodes, and storage = volume_size × brokers (usage
 * `broker_storage_gb` overrides the per-broker size where autoscaling grew it). Provisioned storage
 * throughput and Express brokers are listed unpriced: no sourced price (docs/reference/public-figures.md §1.2).
 * With `storage_mode = "TIERED"`, the tier's GB (usage `tiered_storage_gb`) at `msk.tiered.storage`.
 */
export const priceMskCluster: Pricer = (config, ctx) => {
  const brokers = num(ctx.resolve(config.number_of_broker_nodes)) ?? 0;
  const group = block(config.broker_node_group_info) ?? {};
  const type = str(ctx.resolve(group.instance_type));
  const ebs = block(block(group.storage_info)?.ebs_storage_info) ?? {};
  const perBroker = ctx.usage("broker_storage_gb") ?? num(ctx.resolve(ebs.volume_size)) ?? num(group.ebs_volume_size);
  const lines = [
    type
      ? ctx.hourly(`Instance (${type})`, brokers, `msk.${type}`)
      : ctx.unpriced("Instance", brokers * 730, "hours", "broker instance type not resolvable"),
  ];
  if (type?.startsWith("express.")) {
    lines.push(ctx.unpriced("Express data in/out", null, "GB", "Express per-GB pricing is NF in docs/reference/public-figures.md"));
  } else if (perBroker !== undefined) {
    lines.push(
      ctx.component(
        "Storage",
        perBroker * brokers,
        "GB",
        "msk.storage",
        ctx.usage("broker_storage_gb") !== undefined ? { usageBased: true } : {},
      ),
    );
  } else {
    lines.push(ctx.unpriced("Storage", null, "GB", "volume_size not set"));
  }
  if (str(config.storage_mode) === "TIERED") {
    lines.push(
      ctx.component("Tiered storage", ctx.usage("tiered_storage_gb") ?? null, "GB", "msk.tiered.storage", {
        usageBased: true,
        note: "segments past local retention, one copy",
      }),
    );
  }
  const throughput = block(block(ebs.provisioned_throughput));
  if (throughput && throughput.enabled === true) {
    lines.push(
      ctx.unpriced(
        "Provisioned storage throughput",
        (num(throughput.volume_throughput) ?? 0) * brokers,
        "MiBps",
        "MSK provisioned throughput price is NF (Infracost does not price it)",
      ),
    );
  }
  return { components: lines };
};
