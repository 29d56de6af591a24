/**
 * Names shared by the network, cluster and platform layers. The network tags subnets for the
 * cluster before the cluster exists, so the name is derived, not read from the cluster stack.
 */

/** EKS cluster name of an environment. Changing it replaces the cluster: never rename. */
export function clusterNameFor(environment: string): string {
  return `${environment}-eks`;
}

/**
 * Kubernetes group of the plan role's access entry. AmazonEKSViewPolicy cannot read Secrets, where
 * Helm keeps its release state (docs/reference/deploy-constraints.md row 11); the platform stack binds this group
 * to exactly the extra reads a plan's refresh needs (constructs/platform/plan-reader-access.ts).
 */
export const PLAN_READERS_GROUP = "platform-plan-readers";
