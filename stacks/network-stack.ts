import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../lib/config/model";
import { BaseStack } from "./base-stack";

export interface NetworkStackProps {
  readonly env: EnvironmentConfig;
}

/** The environment's VPC: subnet tiers per AZ, NAT, endpoints and flow logs. */
export class NetworkStack extends BaseStack {
  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, { account: props.env.account, region: props.env.region, tags: props.env.tags });
  }
}
