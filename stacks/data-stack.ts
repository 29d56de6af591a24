import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../lib/config/model";
import { BaseStack } from "./base-stack";
import type { DataOutputs, NetworkOutputs } from "./contracts";
import { pendingOutputs } from "./pending-outputs";

export interface DataStackProps {
  readonly env: EnvironmentConfig;
  readonly network: NetworkOutputs;
}

/**
 * Everything that stores data (RDS, MSK, buckets) in one stack, so no change to a cluster can
 * ever plan a data store's replacement.
 */
export class DataStack extends BaseStack {
  readonly outputs: DataOutputs;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { account: props.env.account, region: props.env.region, tags: props.env.tags });
    this.outputs = pendingOutputs("data", {
      dataKmsKeyArn: "", backupsBucketName: "", backupsBucketArn: "", archiveBucketName: "", archiveBucketArn: "",
      kafka: { clusterArn: "", clusterName: "", bootstrapBrokersSaslScram: "", clickhouseScramSecretArn: "" },
      postgres: { instanceIdentifier: "", address: "", port: "", databaseName: "", masterUserSecretArn: "" },
    });
  }
}
