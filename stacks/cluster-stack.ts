import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../lib/config/model";
import { BaseStack } from "./base-stack";
import type { ClusterOutputs, DataOutputs, NetworkOutputs } from "./contracts";
import { pendingOutputs } from "./pending-outputs";

export interface ClusterStackProps {
  readonly env: EnvironmentConfig;
  readonly network: NetworkOutputs;
  readonly data: DataOutputs;
}

/** The EKS cluster, its node groups, managed add-ons and workload roles. */
export class ClusterStack extends BaseStack {
  readonly outputs: ClusterOutputs;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id, { account: props.env.account, region: props.env.region, tags: props.env.tags });
    this.outputs = pendingOutputs("cluster", {
      clusterName: "", clusterEndpoint: "", clusterCertificateAuthorityData: "", oidcProviderArn: "",
      workloadRoleArns: { clickhouseBackup: "", loadBalancerController: "", externalDns: "", clusterAutoscaler: "" },
      clickhouseNodeGroupNames: props.env.availabilityZones.map(() => ""),
    });
  }
}
