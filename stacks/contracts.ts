/**
 * What each layer hands to the layers above it. Values are Terraform tokens: used in another stack,
 * cdktf turns them into an output here and a remote-state lookup there.
 */

/** Published by the network stack. */
export interface NetworkOutputs {
  readonly vpcId: string;
  readonly vpcCidr: string;
  /** One per availability zone, in the environment's zone order. */
  readonly publicSubnetIds: string[];
  /** Nodes and pods. */
  readonly privateSubnetIds: string[];
  /** RDS and MSK: no route to the internet. */
  readonly dataSubnetIds: string[];
  /** EKS control-plane ENIs and other intra-VPC-only interfaces. */
  readonly intraSubnetIds: string[];
  /**
   * Security group of everything allowed to reach the data stores. The cluster stack attaches it to
   * nodes; the data stack allows ingress from it. Living in the network stack breaks the cycle.
   */
  readonly dataClientsSecurityGroupId: string;
  /** NAT gateway ids, for alarms. */
  readonly natGatewayIds: string[];
  /** CloudWatch log group of the VPC flow logs, for metric filters (rejected-traffic alarms). */
  readonly flowLogGroupName: string;
  /** Route tables of the private subnets, one per zone: for peering or VPN routes added later. */
  readonly privateRouteTableIds: string[];
  /**
   * Security group of the CodeBuild GitHub Actions runner (HTTPS out only). The cluster stack lets
   * it reach the private EKS API on 443.
   */
  readonly ciRunnerSecurityGroupId: string;
  /** CodeConnections GitHub connection of the runner; PENDING until its one-time console handshake. */
  readonly githubConnectionArn: string;
  /** GitHub repository (`owner/name`) the runner serves: configuration, passed up with the connection. */
  readonly githubRepository: string;
}

/** Published by the data stack. */
export interface DataOutputs {
  /** CMK of the environment's data at rest. */
  readonly dataKmsKeyArn: string;
  readonly backupsBucketName: string;
  readonly backupsBucketArn: string;
  readonly archiveBucketName: string;
  readonly archiveBucketArn: string;
  /** Bucket of ClickHouse's cold parts (tiered storage); null when `clickhouse.tiering` is off. */
  readonly coldStorageBucket: { readonly name: string; readonly arn: string } | null;
  readonly kafka: {
    readonly clusterArn: string;
    readonly clusterName: string;
    /** SASL/SCRAM bootstrap brokers (TLS), for ClickHouse's Kafka engine and PostHog. */
    readonly bootstrapBrokersSaslScram: string;
    /** Secrets Manager secret holding the ClickHouse consumer's SCRAM credentials. */
    readonly clickhouseScramSecretArn: string;
    /** IAM-authenticated bootstrap brokers (TLS); empty unless the environment enables iam. */
    readonly bootstrapBrokersSaslIam: string;
    /** Secrets Manager secret holding PostHog services' SCRAM credentials. */
    readonly posthogScramSecretArn: string;
  };
  readonly postgres: {
    readonly instanceIdentifier: string;
    readonly address: string;
    readonly port: string;
    readonly databaseName: string;
    /**
     * RDS-managed master user secret (rotated by RDS every 7 days). Only for administration (the
     * platform layer's role-setup job); never handed to the application.
     */
    readonly masterUserSecretArn: string;
    /** DbiResourceId of the instance: the resource part of `rds-db:connect` ARNs. */
    readonly resourceId: string;
    /** The application's login role: IAM database authentication, no password. */
    readonly appUsername: string;
  };
}

/** Published by the cluster stack. */
export interface ClusterOutputs {
  readonly clusterName: string;
  readonly clusterEndpoint: string;
  readonly clusterCertificateAuthorityData: string;
  readonly oidcProviderArn: string;
  /** IAM roles of in-cluster workloads (IRSA), each trusted only by its namespace/service account. */
  readonly workloadRoleArns: {
    readonly clickhouseBackup: string;
    /** null unless `disasterRecovery.restoreDrill`: the drill's read-only role on the backups bucket. */
    readonly clickhouseRestoreDrill: string | null;
    readonly loadBalancerController: string;
    /** null when the environment lists no hosted zones (`dns.hostedZoneIds`): external-dns is not installed. */
    readonly externalDns: string | null;
    readonly clusterAutoscaler: string;
  };
  /** Names of the ClickHouse node groups, one per AZ, in zone order. */
  readonly clickhouseNodeGroupNames: string[];
  readonly clusterArn: string;
  /** Kubernetes minor version of the control plane (`1.34`). */
  readonly kubernetesVersion: string;
  /** Security group EKS attaches to the control plane and every node. */
  readonly clusterSecurityGroupId: string;
  /** CloudWatch log group of the control-plane logs (api, audit, authenticator, ...), for metric filters. */
  readonly controlPlaneLogGroupName: string;
  /** Names of the `system`, `app` and (null when off) `spot` node groups (the ClickHouse ones are above). */
  readonly nodeGroupNames: { readonly system: string; readonly app: string; readonly spot: string | null };
  /** ClickHouse nodes per AZ, in zone order (the replica layout of constructs/eks/clickhouse-layout.ts). */
  readonly clickhouseNodesPerZone: number[];
}
