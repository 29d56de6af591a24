import type { Construct } from "constructs";
import { GithubRunnerNetwork } from "../constructs/ci/runner-network";
import { clusterNameFor } from "../constructs/eks/names";
import { RegionalNetwork } from "../constructs/network/regional-network";
import type { EnvironmentConfig } from "../lib/config/model";
import { BaseStack } from "./base-stack";
import type { NetworkOutputs } from "./contracts";

export interface NetworkStackProps {
  readonly env: EnvironmentConfig;
  /** GitHub repository (`owner/name`, organization `githubRepository`) whose jobs the CI runner takes. */
  readonly githubRepository: string;
}

/**
 * The environment's VPC: subnet tiers per AZ, NAT, endpoints and flow logs; and the CI runner's
 * GitHub connection and security group (the runner itself is in the cluster stack, applied after
 * the connection's one-time handshake: runbooks/new-region.md).
 */
export class NetworkStack extends BaseStack {
  readonly outputs: NetworkOutputs;
  readonly network: RegionalNetwork;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    const env = props.env;
    super(scope, id, { account: env.account, region: env.region, tags: env.tags });
    this.network = new RegionalNetwork(this, "network", {
      name: env.name,
      cidr: env.vpcCidr,
      availabilityZones: env.availabilityZones,
      accountId: env.account.id,
      region: env.region,
      natGateways: env.network.natGateways,
      flowLogsRetentionDays: env.network.flowLogsRetentionDays,
      clusterNames: [clusterNameFor(env.name)],
      preventDestroy: env.tier === "production",
    });
    const n = this.network;
    const ci = new GithubRunnerNetwork(this, "ci-runner", { environment: env.name, vpcId: n.vpc.id });
    this.outputs = {
      vpcId: n.vpc.id,
      vpcCidr: n.vpc.cidrBlock,
      publicSubnetIds: n.subnets.public.map((s) => s.id),
      privateSubnetIds: n.subnets.private.map((s) => s.id),
      dataSubnetIds: n.subnets.data.map((s) => s.id),
      intraSubnetIds: n.subnets.intra.map((s) => s.id),
      dataClientsSecurityGroupId: n.dataClientsSecurityGroup.id,
      natGatewayIds: n.natGateways.map((g) => g.id),
      flowLogGroupName: n.flowLogs.logGroup.name,
      privateRouteTableIds: n.privateRouteTables.map((rt) => rt.id),
      ciRunnerSecurityGroupId: ci.securityGroup.id,
      githubConnectionArn: ci.connection.arn,
      githubRepository: props.githubRepository,
    };
  }
}
