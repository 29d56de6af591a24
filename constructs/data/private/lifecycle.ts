import type { TerraformResourceLifecycle } from "cdktf";

/**
 * Lifecycle of a data store: in production Terraform refuses any plan that would destroy it
 * (prevent_destroy), on top of the service's own deletion protection. Staging stays disposable.
 * Undefined when there is nothing to set, so no empty block is synthesized.
 */
export const dataStoreLifecycle = (production: boolean, extra: TerraformResourceLifecycle = {}): TerraformResourceLifecycle | undefined => {
  const lifecycle = { ...extra, ...(production ? { preventDestroy: true } : {}) };
  return Object.keys(lifecycle).length > 0 ? lifecycle : undefined;
};

/** The same lifecycle as a props fragment to spread: no `lifecycle` key at all when there is nothing to set. */
export const dataStoreLifecycleProps = (
  production: boolean,
  extra: TerraformResourceLifecycle = {},
): { lifecycle?: TerraformResourceLifecycle } => {
  const lifecycle = dataStoreLifecycle(production, extra);
  return lifecycle ? { lifecycle } : {};
};
