import type { Construct } from "constructs";
import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import type { EnvironmentConfig } from "../lib/config/model";
import { chartsDir } from "../lib/paths";
import { CLICKHOUSE_BACKUP_SIDECAR, clickhouseServerSize } from "../lib/sizing/clickhouse-pod";
import { nodeShape } from "../lib/sizing/node-shape";
import { AddonRelease } from "../constructs/platform/addon-release";
import { AppConfig } from "../constructs/platform/app-config";
import { AppIdentity } from "../constructs/platform/app-identity";
import { clickhouseClusterValues, restoreDrillRequests, type ClickHouseChartInputs } from "../constructs/platform/clickhouse-values";
import { clusterAutoscalerImageTag } from "../constructs/platform/cluster-autoscaler-image";
import { ClusterProviders } from "../constructs/platform/cluster-providers";
import { ExternalSecretsAccess } from "../constructs/platform/external-secrets-access";
import { Gp3StorageClass } from "../constructs/platform/gp3-storage-class";
import { GrafanaCloudWatchAccess } from "../constructs/platform/grafana-cloudwatch-access";
import { MskBrokerHosts } from "../constructs/platform/msk-broker-hosts";
import { loadTestEventsPerSecond } from "../lib/sizing/load-test-rate";
import { LocalChartRelease } from "../constructs/platform/local-chart-release";
import { ADDON_NAMESPACES, NAMESPACES, SECRET_NAMES, SECRET_STORE, WORKLOAD_SERVICE_ACCOUNTS } from "../constructs/platform/names";
import { PlatformNamespaces } from "../constructs/platform/platform-namespaces";
import { helmReleaseNamespaces, PlanReaderAccess } from "../constructs/platform/plan-reader-access";
import { PLAN_READERS_GROUP } from "../constructs/eks/names";
import { BaseStack } from "./base-stack";
import type { ClusterOutputs, DataOutputs } from "./contracts";

export interface PlatformStackProps {
  readonly env: EnvironmentConfig;
  readonly cluster: ClusterOutputs;
  readonly data: DataOutputs;
}

const IRSA_ANNOTATION = "eks.amazonaws.com/role-arn";
/** Service account the application's pods run as (holds its IAM database login). */
const APP_SERVICE_ACCOUNT = "posthog";

/**
 * What runs inside the cluster. Its kubernetes and helm providers read the cluster from the
 * cluster stack's state, never from a cluster created in the same run.
 */
export class PlatformStack extends BaseStack {
  /** ClickHouse chart release, exposed for tests. */
  readonly clickhouse: LocalChartRelease;
  readonly platformSecrets: LocalChartRelease;
  readonly loadTest: LocalChartRelease;
  readonly addons: Readonly<Record<string, AddonRelease>>;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, { account: props.env.account, region: props.env.region, tags: props.env.tags });
    const { env, cluster, data } = props;
    const production = env.tier === "production";

    // Same identity for Kubernetes as for AWS: the BaseStack's role_arn variable.
    new ClusterProviders(this, "cluster-providers", {
      clusterName: cluster.clusterName,
      clusterEndpoint: cluster.clusterEndpoint,
      clusterCertificateAuthorityData: cluster.clusterCertificateAuthorityData,
      region: env.region,
      roleArn: this.roleArn.stringValue,
    });

    const storageClass = new Gp3StorageClass(this, "gp3-storage-class", {
      kmsKeyArn: data.dataKmsKeyArn,
      retainVolumes: production,
      volumeTags: env.tags,
    });
    const chInputs = clickhouseChartInputs(env, {
      storageClass: storageClass.name,
      backupsBucketName: data.backupsBucketName,
      dataKmsKeyArn: data.dataKmsKeyArn,
      tiering: data.coldStorageBucket ? { hotDays: env.clickhouse.tiering.hotDays, bucketName: data.coldStorageBucket.name } : null,
    });
    const clickhouseValues = clickhouseClusterValues(this, chInputs);
    const chPods = env.clickhouse.shards * env.clickhouse.replicas;
    // The monthly restore drill's pod and scratch volume, where the drill runs: room in the quota.
    const drill =
      chInputs.restoreDrill === true ? restoreDrillRequests(env.clickhouse.volumeSizeGiB) : { cpu: 0, memoryGiB: 0, storageGiB: 0 };
    const namespaces = new PlatformNamespaces(this, "namespaces", {
      vpcCidr: env.vpcCidr,
      production,
      clickhouseRequests: {
        pods: chPods,
        // ClickHouse container plus its backup sidecar, per pod.
        cpu: chPods * (chInputs.server.cpu + chInputs.backupSidecar.cpu) + drill.cpu,
        memoryGiB: chPods * (chInputs.server.memoryGiB + chInputs.backupSidecar.memoryGiB) + drill.memoryGiB,
        storageGiB: chPods * env.clickhouse.volumeSizeGiB + drill.storageGiB,
      },
      restoreDrill: chInputs.restoreDrill === true,
    });

    new ServiceAccountV1(this, "clickhouse-backup-service-account", {
      metadata: {
        name: WORKLOAD_SERVICE_ACCOUNTS.clickhouseBackup.name,
        namespace: namespaces.clickhouse.namespace.metadata.name,
        annotations: { [IRSA_ANNOTATION]: cluster.workloadRoleArns.clickhouseBackup },
      },
      // IRSA mounts its own projected token; the Kubernetes API token is not needed.
      automountServiceAccountToken: false,
    });

    // The load balancer controller cannot read its VPC from IMDS (hop limit 1): look it up from
    // the cluster at plan time (the cluster already exists: it is the layer below).
    const eks = new DataAwsEksCluster(this, "cluster", { name: cluster.clusterName });

    const addon = (name: string, p: Omit<ConstructorParameters<typeof AddonRelease>[2], "tier" | "valuesDir" | "chartsDir">) =>
      new AddonRelease(this, name, { tier: env.tier, valuesDir: name, chartsDir: chartsDir(), ...p });
    const irsa = (role: string) => ({ serviceAccount: { annotations: { [IRSA_ANNOTATION]: role } } });

    // Grafana's CloudWatch data source (Kafka, Postgres, load balancer and backup dashboards) reads
    // with its own IRSA role; the service account is the grafana subchart's (<release>-grafana).
    const grafanaCloudWatch = new GrafanaCloudWatchAccess(this, "grafana-cloudwatch-access", {
      environment: env.name,
      oidcProviderArn: cluster.oidcProviderArn,
      serviceAccount: { namespace: NAMESPACES.observability, name: "kube-prometheus-stack-grafana" },
    });
    const prometheus = addon("kube-prometheus-stack", {
      addon: "kubePrometheusStack",
      namespace: NAMESPACES.observability,
      values: {
        grafana: {
          serviceAccount: { annotations: { [IRSA_ANNOTATION]: grafanaCloudWatch.role.arn } },
          additionalDataSources: [
            { name: "CloudWatch", type: "cloudwatch", uid: "cloudwatch", jsonData: { authType: "default", defaultRegion: env.region } },
          ],
        },
      },
      dependsOn: [namespaces.observability.namespace, storageClass.resource],
    });
    const certManager = addon("cert-manager", {
      addon: "certManager",
      namespace: ADDON_NAMESPACES.certManager,
      createNamespace: true,
      dependsOn: [prometheus.release],
    });
    const metricsServer = addon("metrics-server", { addon: "metricsServer", namespace: ADDON_NAMESPACES.kubeSystem });
    const loadBalancer = addon("aws-load-balancer-controller", {
      addon: "awsLoadBalancerController",
      namespace: WORKLOAD_SERVICE_ACCOUNTS.loadBalancerController.namespace,
      values: {
        clusterName: cluster.clusterName,
        region: env.region,
        vpcId: eks.vpcConfig.get(0).vpcId,
        ...irsa(cluster.workloadRoleArns.loadBalancerController),
      },
    });
    // Installed only for an environment with hosted zones (dns.hostedZoneIds); its IAM role may
    // change those zones only, and the zone filter keeps it from even trying others.
    const externalDnsRole = cluster.workloadRoleArns.externalDns;
    const externalDns =
      externalDnsRole === null
        ? undefined
        : addon("external-dns", {
            addon: "externalDns",
            namespace: WORKLOAD_SERVICE_ACCOUNTS.externalDns.namespace,
            createNamespace: true,
            values: {
              // Records this cluster owns are marked with its name; another environment never touches them.
              txtOwnerId: cluster.clusterName,
              extraArgs: env.dns.hostedZoneIds.map((id) => `--zone-id-filter=${id}`),
              ...irsa(externalDnsRole),
            },
          });
    const autoscaler = addon("cluster-autoscaler", {
      addon: "clusterAutoscaler",
      namespace: WORKLOAD_SERVICE_ACCOUNTS.clusterAutoscaler.namespace,
      values: {
        autoDiscovery: { clusterName: cluster.clusterName },
        awsRegion: env.region,
        image: { tag: clusterAutoscalerImageTag(this, env.kubernetes.version) },
        rbac: { serviceAccount: { annotations: { [IRSA_ANNOTATION]: cluster.workloadRoleArns.clusterAutoscaler } } },
      },
    });

    const secretsAccess = new ExternalSecretsAccess(this, "external-secrets-access", {
      environment: env.name,
      region: env.region,
      oidcProviderArn: cluster.oidcProviderArn,
      serviceAccount: WORKLOAD_SERVICE_ACCOUNTS.externalSecrets,
      readableSecretArns: [data.kafka.clickhouseScramSecretArn, data.kafka.posthogScramSecretArn],
      adminSecretArns: [data.postgres.masterUserSecretArn],
      dataKmsKeyArn: data.dataKmsKeyArn,
      protect: production,
    });
    const externalSecrets = addon("external-secrets", {
      addon: "externalSecrets",
      namespace: WORKLOAD_SERVICE_ACCOUNTS.externalSecrets.namespace,
      createNamespace: true,
      values: irsa(secretsAccess.role.arn),
      dependsOn: [prometheus.release],
    });
    this.platformSecrets = new LocalChartRelease(this, "platform-secrets", {
      chart: "platform-secrets",
      chartsDir: chartsDir(),
      namespace: WORKLOAD_SERVICE_ACCOUNTS.externalSecrets.namespace,
      values: {
        region: env.region,
        storeName: SECRET_STORE,
        clickhouse: {
          namespace: NAMESPACES.clickhouse,
          usersSecret: SECRET_NAMES.clickhouseUsers,
          kafkaSecret: SECRET_NAMES.clickhouseKafka,
          kafkaScramSecretArn: data.kafka.clickhouseScramSecretArn,
          kafkaBootstrapBrokers: data.kafka.bootstrapBrokersSaslScram,
          appPasswordSecretName: secretsAccess.clickhouseAppSecret.name,
        },
        app: { namespace: NAMESPACES.app, secretName: SECRET_NAMES.app, kafkaScramSecretArn: data.kafka.posthogScramSecretArn },
        postgresAdmin: {
          masterSecretArn: data.postgres.masterUserSecretArn,
          readerRoleArn: secretsAccess.adminReaderRole.arn,
          host: data.postgres.address,
          database: data.postgres.databaseName,
          appUser: data.postgres.appUsername,
        },
      },
      dependsOn: [externalSecrets.release, namespaces.clickhouse.namespace, namespaces.app.namespace],
    });

    const operator = addon("clickhouse-operator", {
      addon: "clickhouseOperator",
      namespace: NAMESPACES.clickhouse,
      // Its ClickHouse login comes from the platform-secrets release.
      dependsOn: [namespaces.clickhouse.namespace, prometheus.release, this.platformSecrets.release],
    });
    this.clickhouse = new LocalChartRelease(this, "clickhouse-cluster", {
      chart: "clickhouse-cluster",
      chartsDir: chartsDir(),
      namespace: NAMESPACES.clickhouse,
      values: clickhouseValues,
      dependsOn: [operator.release, this.platformSecrets.release, storageClass.resource],
    });

    new AppConfig(this, "app-config", {
      namespace: namespaces.app.namespace.metadata.name,
      postgres: {
        address: data.postgres.address,
        port: data.postgres.port,
        databaseName: data.postgres.databaseName,
        username: data.postgres.appUsername,
      },
      region: env.region,
      kafkaBootstrapBrokers: data.kafka.bootstrapBrokersSaslScram,
      kafkaCompression: env.kafka.compression,
    });
    // The application's IAM identity: PostgreSQL login as its own role, nothing else.
    new AppIdentity(this, "app-identity", {
      environment: env.name,
      region: env.region,
      accountId: env.account.id,
      oidcProviderArn: cluster.oidcProviderArn,
      serviceAccount: { namespace: NAMESPACES.app, name: APP_SERVICE_ACCOUNT },
      postgres: { resourceId: data.postgres.resourceId, username: data.postgres.appUsername },
      dependsOn: [namespaces.app.namespace],
    });

    const k6 = addon("k6-operator", { addon: "k6Operator", namespace: ADDON_NAMESPACES.k6Operator, createNamespace: true });
    this.loadTest = new LocalChartRelease(this, "load-test", {
      chart: "load-test",
      chartsDir: chartsDir(),
      namespace: NAMESPACES.loadTest,
      values: {
        enabled: env.loadTest.enabled,
        schedule: env.loadTest.schedule,
        durationMinutes: env.loadTest.durationMinutes,
        eventsPerSecond: loadTestEventsPerSecond(env.eventsPerMonth, env.loadTest.headroomFactor),
        parallelism: production ? 8 : 2,
      },
      dependsOn: [k6.release, namespaces.loadTest.namespace],
    });

    // Alert rules of the guardrails layer (charts/platform-alerts): ClickHouse, Keeper, ingestion.
    new LocalChartRelease(this, "platform-alerts", {
      chart: "platform-alerts",
      chartsDir: chartsDir(),
      namespace: NAMESPACES.observability,
      values: { keeper: { members: 3 }, ingestion: { ...env.alerts.ingestion, topics: [...env.alerts.ingestion.topics] } },
      // PrometheusRule is a kube-prometheus-stack CRD.
      dependsOn: [prometheus.release],
    });

    // Grafana dashboards (charts/platform-dashboards, generated from lib/dashboards): ConfigMaps the
    // kube-prometheus-stack Grafana sidecar loads.
    new LocalChartRelease(this, "platform-dashboards", {
      chart: "platform-dashboards",
      chartsDir: chartsDir(),
      namespace: NAMESPACES.observability,
      values: {
        dashboardLabels: { grafana_dashboard: "1" },
        folder: "Platform",
        // Prometheus scrapes the MSK brokers' open-monitoring exporters (the ingestion alerts need them).
        msk: { brokers: new MskBrokerHosts(this, "msk-broker-hosts", { clusterArn: data.kafka.clusterArn }).commaSeparated },
      },
      dependsOn: [prometheus.release],
    });

    // Last, so it sees every release: plans (the plan role's group) may read Helm's release
    // Secrets in exactly the namespaces holding releases, plus the few objects `view` cannot read.
    new PlanReaderAccess(this, "plan-reader-access", {
      group: PLAN_READERS_GROUP,
      releaseNamespaces: helmReleaseNamespaces(this),
      storageClassNames: [storageClass.name],
    });

    this.addons = {
      prometheus,
      certManager,
      metricsServer,
      loadBalancer,
      ...(externalDns ? { externalDns } : {}),
      autoscaler,
      externalSecrets,
      operator,
      k6,
    };
  }
}

/**
 * The ClickHouse chart's inputs for an environment: its resolved clickhouse section, zones and
 * network, container sizes from its instance type's shape (lib/sizing), and what other stacks created.
 */
export function clickhouseChartInputs(
  env: EnvironmentConfig,
  created: Pick<ClickHouseChartInputs, "storageClass" | "backupsBucketName" | "dataKmsKeyArn" | "tiering">,
): ClickHouseChartInputs {
  const ch = env.clickhouse;
  return {
    version: ch.version,
    shards: ch.shards,
    replicas: ch.replicas,
    availabilityZones: env.availabilityZones,
    vpcCidr: env.vpcCidr,
    region: env.region,
    volumeSizeGiB: ch.volumeSizeGiB,
    server: clickhouseServerSize(nodeShape(ch.instanceType)),
    backupSidecar: CLICKHOUSE_BACKUP_SIDECAR,
    backup: ch.backup,
    restoreDrill: env.disasterRecovery.restoreDrill,
    ...created,
  };
}
