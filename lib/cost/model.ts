import type { Price } from "./price-table";

/** Infracost's month: 730 hours (docs/reference/public-figures.md §2). */
export const HOURS_PER_MONTH = 730;

/**
 * - priced: price × quantity, counted in the total.
 * - proxy: priced from another region's row × a stated factor because this region's price is NF;
 *   counted, and flagged wherever it is shown.
 * - unpriced: the price (or the resource type) is unknown: NOT counted, always listed.
 * - usage-unset: the price is known but the usage file gives no quantity: not counted, listed.
 */
export type ComponentStatus = "priced" | "proxy" | "unpriced" | "usage-unset";

/** One line of a resource's bill (cf. Infracost's CostComponent). */
export interface CostComponent {
  readonly name: string;
  /** Monthly quantity in `unit` (hours are per month: 730 per running thing). */
  readonly quantity: number | null;
  readonly unit: string;
  /** The price table key this line looks up. */
  readonly priceKey: string | null;
  readonly unitUsd: number | null;
  readonly monthlyUsd: number | null;
  readonly status: ComponentStatus;
  /** Quantity comes from the usage file, not from the configuration. */
  readonly usageBased: boolean;
  readonly price?: Price;
  readonly note?: string;
}

/** A priced resource: its components and, like a node group's launch template, sub-resources. */
export interface ResourceCost {
  /** `<type>.<name>` as in Terraform. */
  readonly address: string;
  readonly type: string;
  readonly components: readonly CostComponent[];
  readonly subresources: readonly ResourceCost[];
  readonly note?: string;
}

/** Something left out of the total: a component, or a whole resource type the estimator does not know. */
export interface UnpricedItem {
  readonly stack: string;
  readonly address: string;
  readonly component: string;
  readonly reason: string;
  /** Set when the only thing missing is a row of the price table: which region lacks which key. */
  readonly missingPrice?: { readonly region: string; readonly key: string };
}

export interface StackCost {
  readonly stack: string;
  readonly region: string;
  readonly resources: readonly ResourceCost[];
  /** Resource types that cost nothing by themselves, with counts. */
  readonly free: Readonly<Record<string, number>>;
  readonly unpriced: readonly UnpricedItem[];
  /** Sum of priced and proxy components. */
  readonly monthlyUsd: number;
  /** Part of monthlyUsd that comes from proxy prices. */
  readonly proxyUsd: number;
}

/** All components of a resource, sub-resources included. */
export function allComponents(r: ResourceCost): CostComponent[] {
  return [...r.components, ...r.subresources.flatMap(allComponents)];
}

export function resourceMonthlyUsd(r: ResourceCost): number {
  return allComponents(r).reduce((sum, c) => sum + (c.monthlyUsd ?? 0), 0);
}
