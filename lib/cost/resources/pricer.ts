import type { PricingContext } from "../context";
import type { CostComponent, ResourceCost } from "../model";

/** What a pricer returns for one resource. */
export interface PricedResource {
  readonly components: readonly CostComponent[];
  readonly subresources?: readonly ResourceCost[];
  readonly note?: string;
}

/** Prices one resource from its synthesized configuration. */
export type Pricer = (config: Record<string, unknown>, ctx: PricingContext) => PricedResource;
