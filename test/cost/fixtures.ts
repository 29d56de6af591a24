import { estimateStack, PriceBook, Usage } from "../../lib/cost";
import type { StackCost } from "../../lib/cost/model";
import { allComponents } from "../../lib/cost/model";
import type { TerraformJson } from "../../lib/cost/refs";
import type { UsageInput } from "../../lib/cost/usage";

export const prices = PriceBook.load();

/** A stack of the given resources in a region, priced with the shipped price table. */
export function price(
  resource: NonNullable<TerraformJson["resource"]>,
  region = "us-east-1",
  usage: UsageInput = {},
  extra: Partial<Parameters<typeof estimateStack>[2]> = {},
): StackCost {
  return estimateStack("fixture", { provider: { aws: [{ region }] }, resource }, { prices, usage: new Usage(usage), ...extra });
}

/** The components of one resource, by name → monthly USD (null when not priced). */
export function linesOf(cost: StackCost, address: string): Record<string, number | null> {
  const r = cost.resources.find((x) => x.address === address);
  if (!r) throw new Error(`${address} not priced; resources: ${cost.resources.map((x) => x.address).join(", ")}`);
  return Object.fromEntries(allComponents(r).map((c) => [c.name, c.monthlyUsd === null ? null : Math.round(c.monthlyUsd * 100) / 100]));
}

/** `${type.name.attr}` without tripping the no-template-curly-in-string lint rule. */
export const ref = (path: string) => `\${${path}}`;
