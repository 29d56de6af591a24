import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../lib/config/model";
import { BaseStack } from "./base-stack";
import type { ClusterOutputs, DataOutputs } from "./contracts";

export interface PlatformStackProps {
  readonly env: EnvironmentConfig;
  readonly cluster: ClusterOutputs;
  readonly data: DataOutputs;
}

/**
 * What runs inside the cluster. Its kubernetes and helm providers read the cluster from the
 * cluster stack's state, never from a cluster created in the same run.
 */
export class PlatformStack extends BaseStack {
  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, { account: props.env.account, region: props.env.region, tags: props.env.tags });
  }
}
