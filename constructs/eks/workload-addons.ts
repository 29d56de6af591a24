import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { addonVersionsFor } from "./addon-versions";
import { NODE_ROLE_LABEL } from "./scheduling";

export interface WorkloadAddonsProps {
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  /** IRSA role of the EBS CSI controller (kube-system/ebs-csi-controller-sa). */
  readonly ebsCsiRoleArn: string;
  /** Node groups that must exist first: CoreDNS and the EBS CSI controller stay DEGRADED without nodes. */
  readonly dependsOn: readonly ITerraformDependable[];
  /** Value of the `node-role` label the controllers are pinned to. @default "system" */
  readonly systemNodeRole?: string;
}

/**
 * The managed add-ons that schedule Deployments, created after the node groups: CoreDNS and the
 * EBS CSI driver, both pinned to the system nodes. The EBS CSI node DaemonSet tolerates every
 * taint, so volumes attach on the tainted ClickHouse nodes too.
 */
export class WorkloadAddons extends Construct {
  readonly coredns: EksAddon;
  readonly ebsCsiDriver: EksAddon;

  constructor(scope: Construct, id: string, props: WorkloadAddonsProps) {
    super(scope, id);
    const versions = addonVersionsFor(this, props.kubernetesVersion);
    const nodeSelector = { [NODE_ROLE_LABEL]: props.systemNodeRole ?? "system" };
    const common = {
      clusterName: props.clusterName,
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      dependsOn: [...props.dependsOn],
    };
    this.coredns = new EksAddon(this, "coredns", {
      ...common,
      addonName: "coredns",
      addonVersion: versions.coredns,
      configurationValues: JSON.stringify({ nodeSelector }),
    });
    this.ebsCsiDriver = new EksAddon(this, "aws-ebs-csi-driver", {
      ...common,
      addonName: "aws-ebs-csi-driver",
      addonVersion: versions["aws-ebs-csi-driver"],
      serviceAccountRoleArn: props.ebsCsiRoleArn,
      configurationValues: JSON.stringify({ controller: { nodeSelector }, node: { tolerateAllTaints: true } }),
    });
  }
}
