/**
 * User data for AL2023 EKS nodes (nodeadm). With a managed node group and no custom AMI, EKS
 * merges its own NodeConfig (cluster endpoint, CA, DNS) with the parts given here, so this holds
 * only what differs from the defaults. Format: MIME multipart with an `application/node.eks.aws`
 * part (EKS User Guide, "Customize managed nodes with launch templates"; awslabs/amazon-eks-ami
 * nodeadm docs, `NodeConfig.spec.instance.localStorage`).
 *
 * Instance store (i4i, im4gn, r6id, ...): `localStorage.strategy: RAID0` makes nodeadm stripe every
 * NVMe instance-store disk into one md array at boot, format it XFS, mount it at
 * /mnt/k8s-disks/0 and bind-mount kubelet, containerd and pod-log directories onto it. Everything
 * on it is lost when the instance stops or is replaced: ClickHouse replicas and S3 backups are the
 * durability (runbooks/clickhouse-node-replacement.md).
 */
const BOUNDARY = "//NODEADM//";

export interface NodeUserDataOptions {
  /** Stripe instance-store NVMe disks into RAID0 at /mnt/k8s-disks/0. */
  readonly instanceStoreRaid0: boolean;
}

/** Base64 user data, or undefined when EKS's defaults need nothing added. */
export function nodeUserData(options: NodeUserDataOptions): string | undefined {
  if (!options.instanceStoreRaid0) return undefined;
  const nodeConfig = [
    "---",
    "apiVersion: node.eks.aws/v1alpha1",
    "kind: NodeConfig",
    "spec:",
    "  instance:",
    "    localStorage:",
    "      strategy: RAID0",
  ].join("\n");
  const mime = [
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${BOUNDARY}"`,
    "",
    `--${BOUNDARY}`,
    "Content-Type: application/node.eks.aws",
    "",
    nodeConfig,
    "",
    `--${BOUNDARY}--`,
    "",
  ].join("\n");
  return Buffer.from(mime, "utf8").toString("base64");
}
