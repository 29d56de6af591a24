import { Construct } from "constructs";
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { PropsProblems } from "../kit/validation";

export interface Gp3StorageClassProps {
  /** StorageClass name. @default "gp3-encrypted" */
  readonly name?: string;
  /** Customer-managed KMS key that encrypts every volume. */
  readonly kmsKeyArn: string;
  /** Keep the EBS volume when its claim is deleted (production). */
  readonly retainVolumes: boolean;
  /**
   * Tags the EBS CSI driver puts on every volume it creates (StorageClass parameters
   * `tagSpecification_<n>: "key=value"`, "StorageClass Tagging" in
   * https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/03416f2c/docs/tagging.md, read
   * 2026-12-07): provider default tags never reach volumes Kubernetes creates. Values are Go templates
   * to the driver, so `{{` is refused. @default none
   */
  readonly volumeTags?: Readonly<Record<string, string>>;
}

/**
 * The cluster's default StorageClass: EBS gp3, encrypted with the environment's CMK, bound only
 * when a pod is scheduled (WaitForFirstConsumer: the volume is created in the pod's AZ, avoiding
 * "volume node affinity conflict", Altinity/clickhouse-operator#702), expandable, and Retain in
 * production so deleting a claim never deletes data. EKS 1.30+ no longer marks gp2 as default
 * (EKS docs, "Storage classes"), so this is the only default.
 */
export class Gp3StorageClass extends Construct {
  readonly name: string;
  readonly resource: StorageClassV1;

  constructor(scope: Construct, id: string, props: Gp3StorageClassProps) {
    super(scope, id);
    new PropsProblems(this)
      .require(
        props.kmsKeyArn.trim() !== "",
        "kmsKeyArn",
        props.kmsKeyArn,
        "a KMS key ARN (volumes are never encrypted with the AWS-managed key)",
      )
      .require(
        Object.entries(props.volumeTags ?? {}).every(([k, v]) => !`${k}${v}`.includes("{{") && !k.includes("=")),
        "volumeTags",
        props.volumeTags,
        "keys without '=' and keys and values without '{{' (the driver reads values as templates)",
      )
      .throwIfAny();
    this.name = props.name ?? "gp3-encrypted";
    const tagParameters = Object.fromEntries(
      Object.entries(props.volumeTags ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value], i) => [`tagSpecification_${i + 1}`, `${key}=${value}`]),
    );
    this.resource = new StorageClassV1(this, "storage-class", {
      metadata: { name: this.name, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
      storageProvisioner: "ebs.csi.aws.com",
      volumeBindingMode: "WaitForFirstConsumer",
      reclaimPolicy: props.retainVolumes ? "Retain" : "Delete",
      allowVolumeExpansion: true,
      parameters: { type: "gp3", encrypted: "true", kmsKeyId: props.kmsKeyArn, "csi.storage.k8s.io/fstype": "ext4", ...tagParameters },
    });
  }
}
