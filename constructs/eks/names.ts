/**
 * Names shared by the network, cluster and platform layers. The network tags subnets for the
 * cluster before the cluster exists, so the name is derived, not read from the cluster stack.
 */

/** EKS cluster name of an environment. Changing it replaces the cluster: never rename. */
export function clusterNameFor(environment: string): string {
  return `${environment}-eks`;
}
