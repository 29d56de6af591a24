import { num, str } from "../refs";
import type { Pricer } from "./pricer";

/** aws_nat_gateway: hours, and data processed (usage `monthly_data_processed_gb`). */
export const priceNatGateway: Pricer = (_config, ctx) => ({
  components: [
    ctx.hourly("NAT gateway", 1, "nat.hour"),
    ctx.component("Data processed", ctx.usage("monthly_data_processed_gb") ?? null, "GB", "nat.data", { usageBased: true }),
  ],
});

/**
 * aws_vpc_endpoint: Interface endpoints cost an hour per subnet (one ENI per AZ) plus data
 * processed (usage `monthly_data_processed_gb`); Gateway endpoints (S3, DynamoDB) are free.
 */
export const priceVpcEndpoint: Pricer = (config, ctx) => {
  const type = str(config.vpc_endpoint_type) ?? "Gateway";
  if (type === "Gateway") return { components: [], note: "gateway endpoints are free" };
  if (type !== "Interface")
    return { components: [ctx.unpriced(`Endpoint (${type})`, 730, "hours", `${type} endpoints are not in the price table`)] };
  const subnets = Array.isArray(config.subnet_ids) ? config.subnet_ids.length : (num(ctx.usage("subnets")) ?? 1);
  return {
    components: [
      ctx.hourly(`Endpoint (Interface, ${subnets} AZ)`, subnets, "vpce.interface.hour"),
      ctx.component("Data processed", ctx.usage("monthly_data_processed_gb") ?? null, "GB", "vpce.interface.data", { usageBased: true }),
    ],
  };
};

/** aws_eip: AWS bills every public IPv4 address by the hour; that price is NF in docs/reference/public-figures.md. */
export const priceEip: Pricer = (_config, ctx) => ({
  components: [ctx.unpriced("Public IPv4 address", 730, "hours", "public IPv4 hourly price NF in docs/reference/public-figures.md")],
});

/**
 * aws_data_transfer: a usage-only pseudo resource (as in Infracost's usage file) for traffic no
 * resource declares. `monthly_intra_region_gb` (usage, else the pseudo resource's own field) crosses zones and is billed $0.01/GB on each side
 * (AWS EC2 pricing, "Data transfer within the same AWS Region"; docs/reference/public-figures.md §1.3).
 */
export const priceDataTransfer: Pricer = (config, ctx) => ({
  components: [
    ctx.component(
      "Cross-AZ transfer (billed out and in)",
      ctx.usage("monthly_intra_region_gb") ?? num(config.monthly_intra_region_gb) ?? null,
      "GB",
      "transfer.cross-az",
      { usageBased: true, priceFactor: 2 },
    ),
  ],
});
