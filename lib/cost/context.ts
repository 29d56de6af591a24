import type { PriceBook } from "./price-table";
import { HOURS_PER_MONTH, type CostComponent } from "./model";
import type { TerraformJson } from "./refs";
import { lookupResource, resolveValue } from "./refs";

/** The price table whose purchase-option ratios (Savings Plans, Spot) apply where a region lists none. */
export const PURCHASE_RATIO_REGION = "us-east-1";

/** Use another region's price, multiplied by `factor`, where this region's price is NF. */
export interface ProxyPricing {
  readonly region: string;
  readonly factor: number;
}

/** A commitment term priced from the `purchase.ec2.savings-plan.<term>` rows. */
export type Commitment = "1y" | "3y";

export interface ComponentOptions {
  readonly usageBased?: boolean;
  readonly note?: string;
  /** Multiplies the table price (Multi-AZ = 2 × Single-AZ). @default 1 */
  readonly priceFactor?: number;
  /**
   * A price-table row whose `usd` multiplies the price (a purchase option: `purchase.ec2.spot`,
   * `purchase.ec2.savings-plan.1y`). A missing multiplier leaves the line unpriced. @default none
   */
  readonly multiplierKey?: string;
}

/** What a resource pricer sees: its region's prices, its usage values and the stack around it. */
export class PricingContext {
  constructor(
    readonly region: string,
    private readonly prices: PriceBook,
    private readonly usageValues: Readonly<Record<string, number>>,
    private readonly json: TerraformJson,
    private readonly proxy?: ProxyPricing,
    /** EC2 instance hours (not spot) are billed under this Savings Plan term. @default on-demand */
    readonly commitment?: Commitment,
  ) {}

  /** A usage quantity from the usage file (per-address values over per-type defaults). */
  usage(name: string): number | undefined {
    return this.usageValues[name];
  }

  /** Resolves `${type.name.attr}` references within the stack; computed attributes stay undefined. */
  resolve(value: unknown): unknown {
    return resolveValue(this.json, value);
  }

  /** The configuration of the resource a reference (`${aws_launch_template.x.id}`) points at. */
  referenced(value: unknown): { type: string; name: string; config: Record<string, unknown> } | undefined {
    return lookupResource(this.json, value);
  }

  /** A line priced per hour for a whole month: `count` things running 730 hours. */
  hourly(name: string, count: number, key: string, options: ComponentOptions = {}): CostComponent {
    return this.component(name, count * HOURS_PER_MONTH, "hours", key, options);
  }

  /** A line of `quantity` units at the price under `key`; quantity null means the usage is not set. */
  component(name: string, quantity: number | null, unit: string, key: string, options: ComponentOptions = {}): CostComponent {
    const base = { name, unit, priceKey: key, usageBased: options.usageBased ?? false, ...(options.note ? { note: options.note } : {}) };
    const own = this.prices.get(this.region, key);
    const proxied = own ? undefined : this.proxy ? this.prices.get(this.proxy.region, key) : undefined;
    const price = own ?? proxied;
    // Purchase options are ratios of the on-demand price ("x on-demand"), not regional prices: a
    // region whose table has none uses the ratio of PURCHASE_RATIO_REGION, and the line says so.
    const ownMultiplier = options.multiplierKey ? this.prices.get(this.region, options.multiplierKey) : undefined;
    const borrowedMultiplier =
      options.multiplierKey && !ownMultiplier ? this.prices.get(PURCHASE_RATIO_REGION, options.multiplierKey) : undefined;
    const multiplier = ownMultiplier ?? borrowedMultiplier;
    if (options.multiplierKey && !multiplier) {
      return {
        ...base,
        quantity,
        unitUsd: null,
        monthlyUsd: null,
        status: "unpriced",
        note: `no '${options.multiplierKey}' rate in ${this.region}`,
      };
    }
    if (!price) {
      return {
        ...base,
        quantity,
        unitUsd: null,
        monthlyUsd: null,
        status: "unpriced",
        note: `no price for '${key}' in ${this.region}${options.note ? `; ${options.note}` : ""}`,
      };
    }
    // `proxied` is only set when there is a proxy, so both hold together.
    const proxy = proxied ? this.proxy : undefined;
    const unitUsd = (proxy ? price.usd * proxy.factor : price.usd) * (options.priceFactor ?? 1) * (multiplier?.usd ?? 1);
    if (quantity === null) return { ...base, quantity, unitUsd, monthlyUsd: null, status: "usage-unset", price };
    const status = proxied ? "proxy" : "priced";
    const rate = multiplier
      ? `× ${multiplier.usd} (${multiplier.key}, grade ${multiplier.grade}${borrowedMultiplier ? `, ratio from ${PURCHASE_RATIO_REGION}` : ""})`
      : undefined;
    const note = [proxy ? `${proxy.region} price × ${proxy.factor} (${this.region} price NF)` : options.note, rate]
      .filter(Boolean)
      .join("; ");
    return { ...base, quantity, unitUsd, monthlyUsd: quantity * unitUsd, status, price, ...(note ? { note } : {}) };
  }

  /** A line the estimator knows exists but cannot price (no sourced price, or a mode it does not model). */
  unpriced(name: string, quantity: number | null, unit: string, reason: string): CostComponent {
    return { name, quantity, unit, priceKey: null, unitUsd: null, monthlyUsd: null, status: "unpriced", usageBased: false, note: reason };
  }
}
