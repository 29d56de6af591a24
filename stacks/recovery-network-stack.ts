import type { Construct } from "constructs";
import { RegionalNetwork } from "../constructs/network/regional-network";
import type { EnvironmentConfig } from "../lib/config/model";
import { defaultAvailabilityZones } from "../lib/config/regions";
import { BaseStack } from "./base-stack";

export interface RecoveryNetworkStackProps {
  readonly env: EnvironmentConfig;
  /** The recovery region (the environment's postgres.backupReplicationRegion). */
  readonly region: string;
  /** The recovery VPC's block (disasterRecovery.vpcCidr, validated against every other VPC). */
  readonly vpcCidr: string;
}

/** What the recovery data stack and a restore read from the pilot-light network. */
export interface RecoveryNetworkOutputs {
  readonly vpcId: string;
  readonly dataSubnetIds: string[];
  readonly dataClientsSecurityGroupId: string;
}

/**
 * The pilot-light network of an environment's recovery region: the same four subnet tiers in three
 * zones as the primary VPC, but one NAT gateway and no interface endpoints, which are what a pilot
 * light can do without (a restored RDS instance needs neither; runbooks/region-loss.md adds them
 * when the platform itself is brought up there).
 */
export class RecoveryNetworkStack extends BaseStack {
  readonly outputs: RecoveryNetworkOutputs;

  constructor(scope: Construct, id: string, props: RecoveryNetworkStackProps) {
    const { env } = props;
    super(scope, id, { account: env.account, region: props.region, tags: env.tags });
    const network = new RegionalNetwork(this, "network", {
      name: `${env.name}-recovery`,
      cidr: props.vpcCidr,
      availabilityZones: defaultAvailabilityZones(props.region),
      accountId: env.account.id,
      region: props.region,
      natGateways: "single",
      interfaceEndpoints: [],
      flowLogsRetentionDays: env.network.flowLogsRetentionDays,
      preventDestroy: true,
    });
    this.outputs = {
      vpcId: network.vpc.id,
      dataSubnetIds: network.subnets.data.map((s) => s.id),
      dataClientsSecurityGroupId: network.dataClientsSecurityGroup.id,
    };
  }
}
