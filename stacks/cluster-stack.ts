import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../lib/config/model";
import { BaseStack } from "./base-stack";
import type { DataStack } from "./data-stack";
import type { NetworkStack } from "./network-stack";

export interface ClusterStackProps {
  readonly env: EnvironmentConfig;
  readonly network: NetworkStack;
  readonly data: DataStack;
}

/** The EKS cluster, its node groups, managed add-ons and workload roles. */
export class ClusterStack extends BaseStack {
  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id, { account: props.env.account, region: props.env.region, tags: props.env.tags });
    this.addDependency(props.network);
    this.addDependency(props.data);
  }
}
