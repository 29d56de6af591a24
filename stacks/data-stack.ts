import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../lib/config/model";
import { BaseStack } from "./base-stack";
import type { NetworkStack } from "./network-stack";

export interface DataStackProps {
  readonly env: EnvironmentConfig;
  readonly network: NetworkStack;
}

/**
 * Everything that stores data (RDS, MSK, buckets) in one stack, so no change to a cluster can
 * ever plan a data store's replacement.
 */
export class DataStack extends BaseStack {
  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { account: props.env.account, region: props.env.region, tags: props.env.tags });
    this.addDependency(props.network);
  }
}
