import { PricingContext, type Commitment, type ProxyPricing } from "./context";
import { allComponents, type ResourceCost, type StackCost, type UnpricedItem } from "./model";
import type { PriceBook } from "./price-table";
import { block, str, type TerraformJson } from "./refs";
import { isFree, isUsageBased, PRICERS, USAGE_BASED } from "./registry";
import { Usage } from "./usage";
import { required } from "../defined";

export interface EstimateOptions {
  readonly prices: PriceBook;
  /** @default no usage: usage-based lines are listed as usage-unset */
  readonly usage?: Usage;
  /** Region when the stack has no AWS provider region. @default us-east-1 */
  readonly defaultRegion?: string;
  /** Price NF rows from another region × factor, flagged as proxy. @default none */
  readonly proxy?: ProxyPricing;
  /** Bill EC2 instance hours (not spot) under a Savings Plan of this term. @default on-demand */
  readonly commitment?: Commitment;
}

/** The AWS provider's region for a resource (its `provider` alias, else the default provider). */
function regionOf(json: TerraformJson, providerRef: unknown, fallback: string): string {
  const providers = json.provider?.aws;
  const list = Array.isArray(providers) ? providers : providers ? [providers] : [];
  const alias = typeof providerRef === "string" && providerRef.startsWith("aws.") ? providerRef.slice(4) : undefined;
  const chosen = list.find((p) => (alias ? p.alias === alias : p.alias === undefined)) ?? block(list);
  return str(chosen?.region) ?? fallback;
}

/** Estimates the monthly cost of one synthesized stack (Terraform JSON). */
export function estimateStack(stack: string, json: TerraformJson, options: EstimateOptions): StackCost {
  const usage = options.usage ?? new Usage();
  const stackRegion = regionOf(json, undefined, options.defaultRegion ?? "us-east-1");
  const resources: ResourceCost[] = [];
  const free: Record<string, number> = {};
  const unpriced: UnpricedItem[] = [];

  for (const type of Object.keys(json.resource ?? {}).sort()) {
    const byName = json.resource?.[type] ?? {};
    for (const name of Object.keys(byName).sort()) {
      const address = `${type}.${name}`;
      const config = required(byName[name], `resource ${address}`);

      const pricer = PRICERS[type];
      if (!pricer) {
        if (isFree(type)) free[type] = (free[type] ?? 0) + 1;
        else if (isUsageBased(type))
          unpriced.push({ stack, address, component: "(usage)", reason: `usage-based, not estimated: ${USAGE_BASED[type]}` });
        else unpriced.push({ stack, address, component: "(resource)", reason: `resource type ${type} is not supported by the estimator` });
        continue;
      }
      const ctx = new PricingContext(
        regionOf(json, config.provider, stackRegion),
        options.prices,
        usage.valuesFor(stack, type, name),
        json,
        options.proxy,
        options.commitment,
      );
      const priced = pricer(config, ctx);
      const resource: ResourceCost = {
        address,
        type,
        components: priced.components,
        subresources: priced.subresources ?? [],
        ...(priced.note ? { note: priced.note } : {}),
      };
      if (allComponents(resource).length === 0) {
        free[type] = (free[type] ?? 0) + 1;
        continue;
      }
      resources.push(resource);
      for (const c of allComponents(resource)) {
        if (c.status === "unpriced") {
          const missingPrice = c.priceKey === null ? {} : { missingPrice: { region: ctx.region, key: c.priceKey } };
          unpriced.push({ stack, address, component: c.name, reason: c.note ?? "no price", ...missingPrice });
        }
        if (c.status === "usage-unset")
          unpriced.push({ stack, address, component: c.name, reason: `usage not set (${c.priceKey}): add it to the usage file` });
      }
    }
  }
  const components = resources.flatMap(allComponents);
  return {
    stack,
    region: stackRegion,
    resources,
    free,
    unpriced,
    monthlyUsd: components.reduce((s, c) => s + (c.monthlyUsd ?? 0), 0),
    proxyUsd: components.filter((c) => c.status === "proxy").reduce((s, c) => s + (c.monthlyUsd ?? 0), 0),
  };
}
