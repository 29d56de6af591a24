import type { TerraformResourceLifecycle } from "cdktf";

/**
 * Lifecycle of a data store: in production Terraform refuses any plan that would destroy it
 * (prevent_destroy), on top of the service's own deletion protection. Staging stays disposable.
 */
export const dataStoreLifecycle = (production: boolean, extra: TerraformResourceLifecycle = {}): TerraformResourceLifecycle => ({
  ...extra,
  ...(production ? { preventDestroy: true } : {}),
});
