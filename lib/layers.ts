/**
 * The layers of an environment's stacks (`<env>-<layer>`), in apply order. Pure data, so the CI
 * matrix tool (tools/ci-matrix.ts) names layers without loading the stacks (lib/app.ts builds them).
 */

/** The layers every environment has. */
export const ENVIRONMENT_LAYERS = ["network", "data", "cluster", "platform", "monitoring"] as const;

/**
 * The optional recovery layers, after monitoring (they read the data stack's outputs and the
 * monitoring stack's topics); none exist unless the environment file asks (lib/app.ts recoveryLayers).
 */
export const RECOVERY_LAYERS = ["recovery-network", "recovery-data", "recovery-replication", "recovery-drill"] as const;

/** Every layer CI applies, in order: the environment layers, then the recovery layers. */
export const APPLY_LAYERS = [...ENVIRONMENT_LAYERS, ...RECOVERY_LAYERS] as const;

export type ApplyLayer = (typeof APPLY_LAYERS)[number];

/**
 * The environment and layer a stack belongs to, or undefined (organization, bootstrap stacks). A
 * stack is `<env>-<layer>` with a known layer, matched whole: a prefix test would give `us` the
 * stacks of an environment named `us-west`.
 */
export function stackOwner(stackName: string, environmentNames: readonly string[]): { environment: string; layer: ApplyLayer } | undefined {
  for (const environment of environmentNames) {
    const layer = APPLY_LAYERS.find((l) => stackName === `${environment}-${l}`);
    if (layer !== undefined) return { environment, layer };
  }
  return undefined;
}
