/**
 * Kubernetes identities that hold AWS roles (IRSA). Each role's trust policy names exactly one
 * `system:serviceaccount:<namespace>:<name>`; the platform layer must create the service account
 * with these names (and the `eks.amazonaws.com/role-arn` annotation) or the pod gets no credentials.
 *
 * Pods cannot fall back to the node's role: node IMDS answers only one network hop (launch
 * templates set `http_put_response_hop_limit = 1`). Controllers that read their region or VPC from
 * IMDS need them passed explicitly (aws-load-balancer-controller: `--aws-region`, `--aws-vpc-id`).
 */
export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

export const SERVICE_ACCOUNTS = {
  clickhouseBackup: { namespace: "clickhouse", name: "clickhouse-backup" },
  /** The ClickHouse restore drill (disasterRecovery.restoreDrill): reads backups, never writes them. */
  clickhouseRestoreDrill: { namespace: "clickhouse", name: "clickhouse-restore-drill" },
  loadBalancerController: { namespace: "kube-system", name: "aws-load-balancer-controller" },
  externalDns: { namespace: "external-dns", name: "external-dns" },
  clusterAutoscaler: { namespace: "kube-system", name: "cluster-autoscaler" },
  /** Created by the aws-ebs-csi-driver managed add-on. */
  ebsCsiController: { namespace: "kube-system", name: "ebs-csi-controller-sa" },
  /** Created by the vpc-cni managed add-on (the aws-node DaemonSet). */
  vpcCni: { namespace: "kube-system", name: "aws-node" },
} as const satisfies Record<string, ServiceAccountRef>;

export type WorkloadName = keyof typeof SERVICE_ACCOUNTS;

/** The `sub` claim of a service account's projected token. */
export function serviceAccountSubject(sa: ServiceAccountRef): string {
  return `system:serviceaccount:${sa.namespace}:${sa.name}`;
}
