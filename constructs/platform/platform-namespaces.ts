import { Construct } from "constructs";
import { GuardedNamespace } from "./guarded-namespace";
import { ADDON_NAMESPACES, NAMESPACES, RESTORE_DRILL_APP } from "./names";

/** TCP ports the namespaces' allows refer to. */
export const PORTS = {
  clickhouseHttp: 8123,
  clickhouseNative: 9000,
  clickhouseMetrics: 9363,
  keeperMetrics: 7000,
  operatorMetrics: 8888,
  operatorApiMetrics: 9999,
  mskScram: 9096,
  // MSK open monitoring: the brokers' JMX and node exporters (constructs/data/kafka-cluster.ts KAFKA_PORTS).
  mskJmxExporter: 11001,
  mskNodeExporter: 11002,
  postgres: 5432,
  https: 443,
  kubelet: 10250,
  nodeExporter: 9100,
  kubeStateMetrics: 8080,
  appHttp: 8000,
  appMetrics: 8001,
  prometheus: 9090,
  k6Api: 6565,
  // Grafana's HTTP port (grafana chart 12.11.1 values.yaml service.targetPort).
  grafana: 3000,
} as const;

/**
 * Pod labels of kube-prometheus-stack's pods that NetworkPolicies name (release kube-prometheus-stack):
 * Grafana's from the grafana subchart's selector labels (name = chart name, instance = release),
 * Prometheus's as prometheus-operator v0.93 sets them (pkg/prometheus/server/operator.go,
 * applicationNameLabelValue "prometheus"; app.kubernetes.io/instance = the Prometheus object,
 * <release>-prometheus). Both read from `helm template` of the pinned chart 88.5.3, 2026-12-07.
 */
export const OBSERVABILITY_PODS = {
  grafana: { "app.kubernetes.io/name": "grafana", "app.kubernetes.io/instance": "kube-prometheus-stack" },
  prometheus: { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/instance": "kube-prometheus-stack-prometheus" },
} as const;

export interface PlatformNamespacesProps {
  /** The environment's VPC CIDR: pods, nodes, the API server, RDS and MSK all have addresses in it. */
  readonly vpcCidr: string;
  /** Production budgets for the app and observability namespaces. @default false */
  readonly production?: boolean;
  /** Total CPU and memory (GiB) the ClickHouse pods request, for the clickhouse quota. */
  readonly clickhouseRequests: { readonly cpu: number; readonly memoryGiB: number; readonly storageGiB: number; readonly pods: number };
  /** The ClickHouse restore drill runs in the clickhouse namespace: its pod may reach S3 and STS. @default false */
  readonly restoreDrill?: boolean;
}

/**
 * The four namespaces of the platform, each closed by default. Pods get VPC addresses (VPC CNI),
 * so "inside the VPC" is the environment's VPC CIDR: RDS, MSK, the API server's ENIs, node ports and
 * the load balancers all live there. Nothing allows 0.0.0.0/0; the few rules that must reach AWS
 * public endpoints (S3, STS, alert receivers) allow port 443 only and say why.
 */
export class PlatformNamespaces extends Construct {
  readonly clickhouse: GuardedNamespace;
  readonly app: GuardedNamespace;
  readonly observability: GuardedNamespace;
  readonly loadTest: GuardedNamespace;

  constructor(scope: Construct, id: string, props: PlatformNamespacesProps) {
    super(scope, id);
    const vpc = [props.vpcCidr];
    const production = props.production === true;
    const ch = props.clickhouseRequests;

    this.clickhouse = new GuardedNamespace(this, "clickhouse", {
      name: NAMESPACES.clickhouse,
      // The ClickHouse image runs as uid 101 and needs no privilege: restricted holds.
      podSecurity: "restricted",
      budget: {
        // ClickHouse pods plus Keeper, operator, backup job and a rolling-restart spare.
        requestsCpu: String(ch.cpu + 8),
        requestsMemory: `${ch.memoryGiB + 24}Gi`,
        limitsCpu: String(ch.cpu + 12),
        limitsMemory: `${ch.memoryGiB + 32}Gi`,
        pods: ch.pods + 12,
        requestsStorage: `${ch.storageGiB + 200}Gi`,
        defaultRequest: { cpu: "100m", memory: "128Mi" },
        defaultLimit: { cpu: "500m", memory: "512Mi" },
      },
      ingress: [
        {
          name: "app-queries",
          podLabels: { "app.kubernetes.io/name": "clickhouse" },
          peer: { namespaces: [NAMESPACES.app] },
          ports: [PORTS.clickhouseHttp, PORTS.clickhouseNative],
        },
        {
          name: "metrics-scrape",
          peer: { namespaces: [NAMESPACES.observability] },
          ports: [PORTS.clickhouseMetrics, PORTS.keeperMetrics, PORTS.operatorMetrics, PORTS.operatorApiMetrics],
        },
      ],
      egress: [
        { name: "msk", podLabels: { "app.kubernetes.io/name": "clickhouse" }, peer: { cidrs: vpc }, ports: [PORTS.mskScram] },
        // The operator watches the API server (EKS control-plane ENIs in the VPC).
        { name: "kube-api", peer: { cidrs: vpc }, ports: [PORTS.https] },
        {
          name: "aws-apis",
          podLabels: { "app.kubernetes.io/name": "clickhouse" },
          peer: "any-destination",
          ports: [PORTS.https],
          reason:
            "clickhouse-backup sidecar: S3 (gateway endpoint, public S3 ranges) and STS for IRSA; NetworkPolicy cannot name an AWS prefix list",
        },
        ...(props.restoreDrill === true
          ? [
              {
                name: "restore-drill-aws-apis",
                podLabels: { "app.kubernetes.io/name": RESTORE_DRILL_APP },
                peer: "any-destination" as const,
                ports: [PORTS.https],
                reason:
                  "restore drill: reads the backups bucket (S3, public S3 ranges) with its IRSA role (STS); NetworkPolicy cannot name an AWS prefix list",
              },
            ]
          : []),
      ],
    });

    this.app = new GuardedNamespace(this, "app", {
      name: NAMESPACES.app,
      podSecurity: "restricted",
      budget: production
        ? {
            requestsCpu: "64",
            requestsMemory: "256Gi",
            limitsCpu: "96",
            limitsMemory: "384Gi",
            pods: 200,
            requestsStorage: "0",
            defaultRequest: { cpu: "250m", memory: "512Mi" },
            defaultLimit: { cpu: "1", memory: "1Gi" },
          }
        : {
            requestsCpu: "16",
            requestsMemory: "64Gi",
            limitsCpu: "24",
            limitsMemory: "96Gi",
            pods: 80,
            requestsStorage: "0",
            defaultRequest: { cpu: "100m", memory: "256Mi" },
            defaultLimit: { cpu: "500m", memory: "512Mi" },
          },
      ingress: [
        // ALB targets pods by IP from its ENIs in the VPC's public subnets.
        { name: "load-balancer", peer: { cidrs: vpc }, ports: [PORTS.appHttp] },
        { name: "load-test", peer: { namespaces: [NAMESPACES.loadTest] }, ports: [PORTS.appHttp] },
        { name: "metrics-scrape", peer: { namespaces: [NAMESPACES.observability] }, ports: [PORTS.appMetrics] },
      ],
      egress: [
        {
          name: "clickhouse",
          peer: { namespaces: [NAMESPACES.clickhouse], podLabels: { "app.kubernetes.io/name": "clickhouse" } },
          ports: [PORTS.clickhouseHttp, PORTS.clickhouseNative],
        },
        { name: "postgres-and-msk", peer: { cidrs: vpc }, ports: [PORTS.postgres, PORTS.mskScram] },
        {
          name: "https-out",
          peer: "any-destination",
          ports: [PORTS.https],
          reason: "PostHog calls S3 (exports), STS and customer webhooks over HTTPS",
        },
      ],
    });

    this.observability = new GuardedNamespace(this, "observability", {
      name: NAMESPACES.observability,
      // Baseline: some kube-prometheus-stack containers (Grafana sidecars) set no seccomp profile
      // or capability drop, which restricted rejects; warn/audit still report them. node-exporter
      // (host network and PID) runs in kube-system instead (charts/kube-prometheus-stack).
      podSecurity: "baseline",
      budget: production
        ? {
            requestsCpu: "12",
            requestsMemory: "48Gi",
            limitsCpu: "24",
            limitsMemory: "96Gi",
            pods: 60,
            requestsStorage: "1Ti",
            defaultRequest: { cpu: "100m", memory: "128Mi" },
            defaultLimit: { cpu: "500m", memory: "512Mi" },
          }
        : {
            requestsCpu: "6",
            requestsMemory: "24Gi",
            limitsCpu: "12",
            limitsMemory: "48Gi",
            pods: 40,
            requestsStorage: "300Gi",
            defaultRequest: { cpu: "100m", memory: "128Mi" },
            defaultLimit: { cpu: "500m", memory: "512Mi" },
          },
      // Grafana answers anonymous Viewers (charts/kube-prometheus-stack): no pod but Prometheus,
      // which scrapes its /metrics, reaches it. People come through `kubectl port-forward`, which
      // NetworkPolicy does not see (docs/access.md, "Grafana").
      closedToNamespace: [OBSERVABILITY_PODS.grafana["app.kubernetes.io/name"]],
      ingress: [
        { name: "load-test-metrics", peer: { namespaces: [NAMESPACES.loadTest] }, ports: [PORTS.prometheus] },
        {
          name: "grafana-metrics-scrape",
          podLabels: OBSERVABILITY_PODS.grafana,
          peer: { podLabels: OBSERVABILITY_PODS.prometheus },
          ports: [PORTS.grafana],
        },
      ],
      egress: [
        // Pods, nodes and the API server all have VPC addresses.
        {
          name: "scrape",
          peer: { cidrs: vpc },
          ports: [
            PORTS.https,
            PORTS.kubelet,
            PORTS.nodeExporter,
            PORTS.kubeStateMetrics,
            PORTS.clickhouseMetrics,
            PORTS.keeperMetrics,
            PORTS.operatorMetrics,
            PORTS.operatorApiMetrics,
            PORTS.appMetrics,
            PORTS.mskJmxExporter,
            PORTS.mskNodeExporter,
          ],
        },
        {
          name: "alert-receivers",
          peer: "any-destination",
          ports: [PORTS.https],
          reason: "Alertmanager and Grafana reach paging and chat receivers on the internet over HTTPS",
        },
      ],
    });

    this.loadTest = new GuardedNamespace(this, "load-test", {
      name: NAMESPACES.loadTest,
      podSecurity: "restricted",
      budget: {
        requestsCpu: "16",
        requestsMemory: "32Gi",
        limitsCpu: "32",
        limitsMemory: "64Gi",
        pods: 60,
        requestsStorage: "0",
        defaultRequest: { cpu: "100m", memory: "128Mi" },
        defaultLimit: { cpu: "500m", memory: "512Mi" },
      },
      ingress: [{ name: "k6-operator", peer: { namespaces: [ADDON_NAMESPACES.k6Operator] }, ports: [PORTS.k6Api] }],
      egress: [
        { name: "capture", peer: { namespaces: [NAMESPACES.app] }, ports: [PORTS.appHttp] },
        { name: "metrics-push", peer: { namespaces: [NAMESPACES.observability] }, ports: [PORTS.prometheus] },
        // The scheduler creates TestRuns through the API server.
        { name: "kube-api", peer: { cidrs: vpc }, ports: [PORTS.https] },
      ],
    });
  }
}
