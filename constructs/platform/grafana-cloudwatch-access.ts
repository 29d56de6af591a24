import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { irsaTrustPolicy } from "./private/irsa-trust";
import { policyDocument } from "../kit/policy-document";

export interface GrafanaCloudWatchAccessProps {
  /** Environment name, the prefix of the role name. */
  readonly environment: string;
  /** The cluster's IAM OIDC provider (from the cluster stack). */
  readonly oidcProviderArn: string;
  /** Namespace and name of Grafana's service account (kube-prometheus-stack's grafana subchart). */
  readonly serviceAccount: { readonly namespace: string; readonly name: string };
}

/**
 * Grafana's CloudWatch data source reads metrics with this IRSA role: the Kafka (AWS/Kafka),
 * Postgres (AWS/RDS), load balancer and backup panels of charts/platform-dashboards. Read-only.
 * Actions per Grafana's "Configure the CloudWatch data source", IAM policies, metrics-only part
 * (https://grafana.com/docs/grafana/latest/datasources/aws-cloudwatch/configure/, read 2026-12-07);
 * none of them supports resource-level permissions, hence Resource "*".
 */
export class GrafanaCloudWatchAccess extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: GrafanaCloudWatchAccessProps) {
    super(scope, id);
    const trust = irsaTrustPolicy(this, props.oidcProviderArn, props.serviceAccount);
    this.role = new IamRole(this, "role", {
      name: `${props.environment}-grafana-cloudwatch`,
      description: "Grafana (IRSA): reads CloudWatch metrics for the platform dashboards.",
      assumeRolePolicy: trust,
    });
    const policy = policyDocument(
      {
        Sid: "ReadMetrics",
        Effect: "Allow",
        Action: [
          "cloudwatch:DescribeAlarmsForMetric",
          "cloudwatch:DescribeAlarmHistory",
          "cloudwatch:DescribeAlarms",
          "cloudwatch:ListMetrics",
          "cloudwatch:GetMetricData",
          "cloudwatch:GetInsightRuleReport",
        ],
        Resource: "*",
      },
      { Sid: "ResolveDimensions", Effect: "Allow", Action: ["ec2:DescribeRegions", "tag:GetResources"], Resource: "*" },
    );
    new IamRolePolicy(this, "policy", { name: "cloudwatch-read", role: this.role.id, policy: JSON.stringify(policy) });
  }
}
