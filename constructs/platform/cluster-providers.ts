import { Fn } from "cdktf";
import { Construct } from "constructs";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";

export interface ClusterProvidersProps {
  /** EKS cluster name (from the cluster stack's outputs). */
  readonly clusterName: string;
  /** API server endpoint (from the cluster stack's outputs). */
  readonly clusterEndpoint: string;
  /** Base64 certificate authority data (from the cluster stack's outputs). */
  readonly clusterCertificateAuthorityData: string;
  /** Region of the cluster, for `aws eks get-token`. */
  readonly region: string;
  /**
   * Role `aws eks get-token` assumes, so Kubernetes calls use the same identity as the AWS
   * provider (the deployment role, or the read-only plan role in pull-request plans).
   * @default - the caller's own credentials
   */
  readonly roleArn?: string;
}

/**
 * The kubernetes and helm providers of the in-cluster layer. They read the cluster from the cluster
 * stack's outputs (remote state), never from a cluster created in the same run: wiring a provider to
 * an EKS cluster planned in the same apply is the root of "Kubernetes cluster unreachable" failures
 * (terraform-aws-eks #2675, #3501). Tokens come from `aws eks get-token` at plan/apply time, so no
 * credential is ever stored in state.
 */
export class ClusterProviders extends Construct {
  readonly kubernetes: KubernetesProvider;
  readonly helm: HelmProvider;

  constructor(scope: Construct, id: string, props: ClusterProvidersProps) {
    super(scope, id);
    const args = ["eks", "get-token", "--cluster-name", props.clusterName, "--region", props.region];
    if (props.roleArn !== undefined) args.push("--role-arn", props.roleArn);
    const exec = { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args };
    const host = props.clusterEndpoint;
    const clusterCaCertificate = Fn.base64decode(props.clusterCertificateAuthorityData);

    this.kubernetes = new KubernetesProvider(this, "kubernetes", { host, clusterCaCertificate, exec: [exec] });
    this.helm = new HelmProvider(this, "helm", { kubernetes: { host, clusterCaCertificate, exec } });
  }
}
