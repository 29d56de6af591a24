import { Construct } from "constructs";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { CLICKHOUSE_CLUSTER, CLICKHOUSE_SERVICE_HOST, SECRET_NAMES } from "./names";

export interface AppConfigProps {
  /** The application's namespace. */
  readonly namespace: string;
  readonly postgres: {
    readonly address: string;
    readonly port: string;
    readonly databaseName: string;
    /** The application's own role; it logs in with IAM database authentication tokens. */
    readonly username: string;
  };
  /** Region of the database, where the IAM authentication token is signed. */
  readonly region: string;
  /** SASL/SCRAM bootstrap brokers of MSK. */
  readonly kafkaBootstrapBrokers: string;
  /**
   * Codec producers compress batches with (Kafka producer `compression.type`). The brokers store
   * this codec too (MSK configuration), so a producer using it saves the brokers a recompression.
   */
  readonly kafkaCompression: string;
}

/**
 * What the application needs to find its data stores: endpoints in a ConfigMap, credentials in the
 * `posthog-credentials` Secret that External Secrets fills (charts/platform-secrets): its own Kafka
 * SCRAM user and ClickHouse password. PostgreSQL has no password: the app connects as its own role
 * with an IAM authentication token generated per connection (`POSTGRES_AUTH=iam`, signed with the
 * IRSA credentials of its service account). Only names and endpoints pass through Terraform; the
 * app mounts both with `envFrom`.
 */
export class AppConfig extends Construct {
  readonly configMap: ConfigMapV1;

  constructor(scope: Construct, id: string, props: AppConfigProps) {
    super(scope, id);
    this.configMap = new ConfigMapV1(this, "config", {
      metadata: { name: "posthog-endpoints", namespace: props.namespace },
      data: {
        POSTGRES_HOST: props.postgres.address,
        POSTGRES_PORT: props.postgres.port,
        POSTGRES_DB: props.postgres.databaseName,
        POSTGRES_SSLMODE: "require",
        POSTGRES_USER: props.postgres.username,
        POSTGRES_AUTH: "iam",
        AWS_REGION: props.region,
        KAFKA_HOSTS: props.kafkaBootstrapBrokers,
        KAFKA_SECURITY_PROTOCOL: "SASL_SSL",
        KAFKA_SASL_MECHANISM: "SCRAM-SHA-512",
        KAFKA_COMPRESSION_TYPE: props.kafkaCompression,
        CLICKHOUSE_HOST: CLICKHOUSE_SERVICE_HOST,
        CLICKHOUSE_HTTP_PORT: "8123",
        CLICKHOUSE_CLUSTER: CLICKHOUSE_CLUSTER,
        CLICKHOUSE_DATABASE: "posthog",
        /** Where the credentials are: the Secret's name, never its values. */
        CREDENTIALS_SECRET: SECRET_NAMES.app,
      },
    });
  }
}
