/**
 * Pinned versions of the EKS managed add-ons, per Kubernetes minor version.
 *
 * Source of truth: `aws eks describe-addon-versions --kubernetes-version <minor> --addon-name <name>
 * --query 'addons[].addonVersions[].addonVersion'` (the EKS API), and the version tables of the EKS
 * User Guide ("Manage CoreDNS", "Manage kube-proxy", "Amazon VPC CNI versions";
 * github.com/awsdocs/amazon-eks-user-guide, latest/ug/networking/managing-*.adoc). The build
 * machines cannot call the API, so the row below was taken from published EKS 1.34 configurations
 * (kube-proxy v1.34.0-eksbuild.2, vpc-cni v1.20.4-eksbuild.2, coredns v1.12.3-eksbuild.1,
 * eks-pod-identity-agent v1.3.10-eksbuild.2, aws-ebs-csi-driver v1.54.0-eksbuild.1) and must be
 * confirmed with the command above before the first apply (runbooks/eks-upgrade.md, step 1).
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
};

/** The add-on versions of a Kubernetes minor, or an error naming the fix. */
export function addonVersionsFor(kubernetesVersion: string): Readonly<Record<ManagedAddon, string>> {
  const row = ADDON_VERSIONS[kubernetesVersion];
  if (!row) {
    throw new Error(
      `no pinned add-on versions for Kubernetes ${kubernetesVersion} (known: ${Object.keys(ADDON_VERSIONS).join(", ")}): ` +
        `add a row to constructs/eks/addon-versions.ts from 'aws eks describe-addon-versions --kubernetes-version ${kubernetesVersion}'`,
    );
  }
  return row;
}
