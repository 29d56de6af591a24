import type { IConstruct } from "constructs";
import { required } from "../../lib/defined";
import { PropsProblems } from "../kit/validation";

/**
 * Pinned versions of the EKS managed add-ons, per Kubernetes minor version.
 *
 * Source of truth: `aws eks describe-addon-versions --kubernetes-version <minor> --addon-name <name>
 * --query 'addons[].addonVersions[].addonVersion'` (the EKS API), and the version tables of the EKS
 * User Guide ("Manage CoreDNS", "Manage kube-proxy", "Amazon VPC CNI versions";
 * github.com/awsdocs/amazon-eks-user-guide, latest/ug/networking/managing-*.adoc). The build
 * machines cannot call the API, so the rows below were taken from published configurations and
 * must be confirmed with the command above before the first apply (runbooks/eks-upgrade.md, step 1):
 * - 1.34: published EKS 1.34 configurations (kube-proxy v1.34.0-eksbuild.2, vpc-cni v1.20.4-eksbuild.2,
 *   coredns v1.12.3-eksbuild.1, eks-pod-identity-agent v1.3.10-eksbuild.2, aws-ebs-csi-driver v1.54.0-eksbuild.1).
 * - 1.35: a public Terraform configuration of an EKS 1.35 cluster (eks_cluster_version "1.35", its
 *   eks_addons map), read 2026-12-02; kube-proxy's minor matches the cluster's (EKS User Guide,
 *   "Manage kube-proxy"). Not confirmed against the EKS API: run
 *   `aws eks describe-addon-versions --kubernetes-version 1.35` before the first apply.
 * - 1.36: a public Terraform configuration of an EKS 1.36 cluster whose add-on map states it holds the
 *   default versions `aws eks describe-addon-versions --kubernetes-version 1.36` reported on
 *   2026-09-03 (read 2026-12-07). Cross-checks: the EKS User Guide's "Manage kube-proxy" table
 *   (docs.aws.amazon.com/ja_jp/eks/latest/userguide/managing-kube-proxy.md, read 2026-12-07) lists
 *   a v1.36.0-eksbuild.N kube-proxy for 1.36 (the add-on's minor matches the cluster's); a second public
 *   1.36 cluster report resolved the same vpc-cni, coredns minor and eks-pod-identity-agent builds.
 *   Not confirmed against the EKS API: run the command above before the first apply.
 * Terraform plan does not check add-on versions; a wrong one fails at apply, before any change.
 *
 * A new Kubernetes version needs its row here first: the cluster construct refuses a version
 * without one, so an upgrade can never leave the add-ons on the previous minor's builds.
 */
export const MANAGED_ADDONS = ["vpc-cni", "kube-proxy", "eks-pod-identity-agent", "coredns", "aws-ebs-csi-driver"] as const;
export type ManagedAddon = (typeof MANAGED_ADDONS)[number];

export const ADDON_VERSIONS: Readonly<Record<string, Readonly<Record<ManagedAddon, string>>>> = {
  "1.34": {
    "vpc-cni": "v1.20.4-eksbuild.2",
    "kube-proxy": "v1.34.0-eksbuild.2",
    "eks-pod-identity-agent": "v1.3.10-eksbuild.2",
    coredns: "v1.12.3-eksbuild.1",
    "aws-ebs-csi-driver": "v1.54.0-eksbuild.1",
  },
  "1.35": {
    "vpc-cni": "v1.21.1-eksbuild.3",
    "kube-proxy": "v1.35.0-eksbuild.2",
    "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
    coredns: "v1.13.2-eksbuild.1",
    "aws-ebs-csi-driver": "v1.57.1-eksbuild.1",
  },
  "1.36": {
    "vpc-cni": "v1.22.4-eksbuild.3",
    "kube-proxy": "v1.36.0-eksbuild.17",
    "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
    coredns: "v1.14.3-eksbuild.14",
    "aws-ebs-csi-driver": "v1.65.0-eksbuild.1",
  },
};

/** The add-on versions of a Kubernetes minor, or an error against `scope` (the construct given the version) naming the fix. */
export function addonVersionsFor(scope: IConstruct, kubernetesVersion: string): Readonly<Record<ManagedAddon, string>> {
  const row = ADDON_VERSIONS[kubernetesVersion];
  new PropsProblems(scope)
    .require(
      row !== undefined,
      "kubernetesVersion",
      kubernetesVersion,
      `a minor with pinned add-on versions (${Object.keys(ADDON_VERSIONS).join(", ")}); for another, add a row to ` +
        `constructs/eks/addon-versions.ts from 'aws eks describe-addon-versions --kubernetes-version ${kubernetesVersion}'`,
    )
    .throwIfAny();
  return required(row, `the add-on versions of ${kubernetesVersion} (checked above)`);
}
