import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../lib/config/model";
import { BaseStack } from "./base-stack";
import type { NetworkOutputs } from "./contracts";
import { pendingOutputs } from "./pending-outputs";

export interface NetworkStackProps {
  readonly env: EnvironmentConfig;
}

/** The environment's VPC: subnet tiers per AZ, NAT, endpoints and flow logs. */
export class NetworkStack extends BaseStack {
  readonly outputs: NetworkOutputs;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, { account: props.env.account, region: props.env.region, tags: props.env.tags });
    const azs = props.env.availabilityZones.map(() => "");
    this.outputs = pendingOutputs("network", {
      vpcId: "", vpcCidr: "", publicSubnetIds: azs, privateSubnetIds: azs, dataSubnetIds: azs, intraSubnetIds: azs,
      dataClientsSecurityGroupId: "", natGatewayIds: azs,
    });
  }
}
