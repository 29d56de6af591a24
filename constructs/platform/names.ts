import { CLICKHOUSE_TAINT, CLICKHOUSE_TOLERATION } from "../eks/scheduling";
import { SERVICE_ACCOUNTS } from "../eks/service-accounts";

/**
 * Names the in-cluster layer shares with its charts and tests. Namespaces and service-account names
 * are part of IRSA trust policies (the cluster stack trusts `system:serviceaccount:<ns>:<name>`), so
 * renaming one breaks the AWS role binding: never rename without changing the cluster stack too.
 */

/** Namespaces this layer creates and guards (default-deny, quotas, pod security). */
export const NAMESPACES = {
  clickhouse: "clickhouse",
  app: "posthog",
  observability: "observability",
  loadTest: "load-test",
} as const;

/** Namespaces of add-ons whose charts manage their own pods (no default-deny from this layer). */
export const ADDON_NAMESPACES = {
  certManager: "cert-manager",
  externalDns: "external-dns",
  externalSecrets: "external-secrets",
  k6Operator: "k6-operator",
  kubeSystem: "kube-system",
} as const;

/**
 * Service accounts bound to IAM roles (IRSA). The cluster stack's roles trust exactly the ones in
 * constructs/eks/service-accounts.ts; External Secrets' role is the platform layer's own.
 */
export const WORKLOAD_SERVICE_ACCOUNTS = {
  clickhouseBackup: SERVICE_ACCOUNTS.clickhouseBackup,
  loadBalancerController: SERVICE_ACCOUNTS.loadBalancerController,
  externalDns: SERVICE_ACCOUNTS.externalDns,
  clusterAutoscaler: SERVICE_ACCOUNTS.clusterAutoscaler,
  externalSecrets: { namespace: ADDON_NAMESPACES.externalSecrets, name: "external-secrets" },
} as const;

/** Name of the ClickHouseInstallation and its cluster (`<chi>` in service names). */
export const CLICKHOUSE_INSTALLATION = "events";
export const CLICKHOUSE_CLUSTER = "events";
/**
 * `app.kubernetes.io/name` of the ClickHouse restore drill's pod (charts/clickhouse-cluster
 * templates/restore-drill-cronjob.yaml): its own network allows select it, not the ClickHouse pods'.
 */
export const RESTORE_DRILL_APP = "clickhouse-restore-drill";
/** In-cluster DNS name of the ClickHouse service the operator creates for the installation. */
export const CLICKHOUSE_SERVICE_HOST = `clickhouse-${CLICKHOUSE_INSTALLATION}.${NAMESPACES.clickhouse}.svc.cluster.local`;

/** Kubernetes secrets External Secrets writes (values never pass through Terraform). */
export const SECRET_NAMES = {
  /** clickhouse namespace: generated ClickHouse user passwords (keys: admin, posthog, backup). */
  clickhouseUsers: "clickhouse-users",
  /** clickhouse namespace: the ClickHouse consumer's MSK SCRAM username/password. */
  clickhouseKafka: "clickhouse-kafka-scram",
  /** app namespace: Postgres, Kafka and ClickHouse credentials of the application. */
  app: "posthog-credentials",
} as const;

/** Name of the ClusterSecretStore reading AWS Secrets Manager. */
export const SECRET_STORE = "aws-secrets-manager";

/** Node label and toleration of the dedicated ClickHouse node groups (set by the cluster stack). */
export const CLICKHOUSE_NODE_LABEL = { key: CLICKHOUSE_TAINT.key, value: CLICKHOUSE_TAINT.value } as const;
export { CLICKHOUSE_TOLERATION };
