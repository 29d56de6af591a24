import { resourceTypeOf, type ResourceBody } from "../catalog/resource-types";

/**
 * WHAT a destroy or a replacement loses, for the resource types whose loss takes data or a
 * cluster with it: read from the resource catalog (lib/catalog/resource-types.ts), the one place
 * that says which types are stateful. The guard refuses a destroy or replacement of these unless
 * --allow-destroy.
 */
export interface Destructive {
  /** What is lost, for the report ("Loses <this>."). */
  readonly loses: string;
}

/** What losing this resource costs, if it is one the guard protects. */
export function destructiveOf(type: string, body: ResourceBody): Destructive | undefined {
  const entry = resourceTypeOf(type);
  if (!entry?.stateful) return undefined;
  return (entry.appliesTo?.(body) ?? true) ? { loses: entry.loses } : undefined;
}
