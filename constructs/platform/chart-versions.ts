/**
 * Remote Helm charts of the platform, each pinned to an exact version. A version bump is a
 * reviewed change here (and a snapshot diff), never a floating "latest".
 *
 * Versions read from each chart's Chart.yaml in its source repository on 2026-11-22; the
 * repository URL from the project's README ("helm repo add ...").
 */
export interface PinnedChart {
  /** Helm repository URL. */
  readonly repository: string;
  /** Chart name in that repository. */
  readonly chart: string;
  /** Exact chart version (never a range). */
  readonly version: string;
  /** Where the version was read. */
  readonly source: string;
}

export const PINNED_CHARTS = {
  // Altinity/clickhouse-operator deploy/helm/clickhouse-operator/Chart.yaml, tag release-0.25.6
  // (2025-12-11); repo per its README "helm repo add clickhouse-operator https://helm.altinity.com".
  // 0.25 manages ClickHouseKeeperInstallation (CHK), which the Keeper below needs.
  clickhouseOperator: {
    repository: "https://helm.altinity.com",
    chart: "altinity-clickhouse-operator",
    version: "0.25.6",
    source: "Altinity/clickhouse-operator@release-0.25.6 deploy/helm/clickhouse-operator/Chart.yaml",
  },
  // aws/eks-charts stable/aws-load-balancer-controller/Chart.yaml (HEAD 2026-08-03).
  awsLoadBalancerController: {
    repository: "https://aws.github.io/eks-charts",
    chart: "aws-load-balancer-controller",
    version: "3.5.0",
    source: "aws/eks-charts stable/aws-load-balancer-controller/Chart.yaml",
  },
  // kubernetes-sigs/external-dns charts/external-dns/Chart.yaml (HEAD 2026-08-22).
  externalDns: {
    repository: "https://kubernetes-sigs.github.io/external-dns/",
    chart: "external-dns",
    version: "1.21.1",
    source: "kubernetes-sigs/external-dns charts/external-dns/Chart.yaml",
  },
  // cert-manager/cert-manager tag v1.21.1 (2026-07-29); charts served from charts.jetstack.io.
  certManager: {
    repository: "https://charts.jetstack.io",
    chart: "cert-manager",
    version: "v1.21.1",
    source: "cert-manager/cert-manager tag v1.21.1",
  },
  // kubernetes-sigs/metrics-server charts/metrics-server/Chart.yaml (HEAD 2026-08-04).
  metricsServer: {
    repository: "https://kubernetes-sigs.github.io/metrics-server/",
    chart: "metrics-server",
    version: "3.13.1",
    source: "kubernetes-sigs/metrics-server charts/metrics-server/Chart.yaml",
  },
  // kubernetes/autoscaler tag cluster-autoscaler-chart-9.59.0 (2026-07-21),
  // cluster-autoscaler/charts/cluster-autoscaler/Chart.yaml. Image pinned to the cluster's minor
  // in charts/cluster-autoscaler/values.yaml (the autoscaler minor must match Kubernetes').
  clusterAutoscaler: {
    repository: "https://kubernetes.github.io/autoscaler",
    chart: "cluster-autoscaler",
    version: "9.59.0",
    source: "kubernetes/autoscaler tag cluster-autoscaler-chart-9.59.0",
  },
  // prometheus-community/helm-charts charts/kube-prometheus-stack/Chart.yaml (HEAD 2026-08-22).
  kubePrometheusStack: {
    repository: "https://prometheus-community.github.io/helm-charts",
    chart: "kube-prometheus-stack",
    version: "88.5.3",
    source: "prometheus-community/helm-charts charts/kube-prometheus-stack/Chart.yaml",
  },
  // external-secrets/external-secrets deploy/charts/external-secrets/Chart.yaml (HEAD 2026-08-08).
  externalSecrets: {
    repository: "https://charts.external-secrets.io",
    chart: "external-secrets",
    version: "2.9.0",
    source: "external-secrets/external-secrets deploy/charts/external-secrets/Chart.yaml",
  },
  // grafana/k6-operator charts/k6-operator/Chart.yaml (HEAD 2026-08-20); repo grafana.github.io.
  k6Operator: {
    repository: "https://grafana.github.io/helm-charts",
    chart: "k6-operator",
    version: "4.6.0",
    source: "grafana/k6-operator charts/k6-operator/Chart.yaml",
  },
} as const satisfies Record<string, PinnedChart>;

export type PinnedChartName = keyof typeof PINNED_CHARTS;
