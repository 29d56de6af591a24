import { priceEbsVolume, priceInstance } from "./resources/compute";
import { priceEksCluster, priceEksNodeGroup } from "./resources/eks";
import { priceMskCluster } from "./resources/msk";
import { priceDataTransfer, priceEip, priceNatGateway, priceVpcEndpoint } from "./resources/network";
import type { Pricer } from "./resources/pricer";
import { priceDbInstance } from "./resources/rds";
import { priceDmsInstance, priceKmsKey, priceLogGroup, priceMetricAlarm, priceS3Bucket, priceSecret } from "./resources/storage";

/** Resource types the estimator prices. */
export const PRICERS: Readonly<Record<string, Pricer>> = {
  aws_eks_cluster: priceEksCluster,
  aws_eks_node_group: priceEksNodeGroup,
  aws_instance: priceInstance,
  aws_ebs_volume: priceEbsVolume,
  aws_msk_cluster: priceMskCluster,
  aws_db_instance: priceDbInstance,
  aws_nat_gateway: priceNatGateway,
  aws_vpc_endpoint: priceVpcEndpoint,
  aws_eip: priceEip,
  aws_s3_bucket: priceS3Bucket,
  aws_cloudwatch_log_group: priceLogGroup,
  aws_kms_key: priceKmsKey,
  aws_secretsmanager_secret: priceSecret,
  aws_dms_replication_instance: priceDmsInstance,
  aws_cloudwatch_metric_alarm: priceMetricAlarm,
  aws_data_transfer: priceDataTransfer,
};

/**
 * Types that cost nothing by themselves: configuration, identity, routing, and sub-resources whose
 * cost shows up elsewhere (a launch template through its node group, a flow log through its log
 * group, Kubernetes objects through the nodes they run on). Anything neither here nor in PRICERS is
 * reported UNPRICED, never counted as zero.
 */
const FREE_PREFIXES = [
  "aws_iam_",
  "aws_s3_bucket_",
  "aws_organizations_",
  "aws_ssoadmin_",
  "aws_identitystore_",
  "kubernetes_",
  "helm_",
  "aws_vpc_security_group_",
  "aws_default_",
  "aws_network_acl",
  "aws_eks_access_",
  "aws_eks_pod_identity_",
];
const FREE_TYPES = new Set([
  "aws_vpc",
  "aws_subnet",
  "aws_route",
  "aws_route_table",
  "aws_route_table_association",
  "aws_internet_gateway",
  "aws_egress_only_internet_gateway",
  "aws_security_group",
  "aws_security_group_rule",
  "aws_main_route_table_association",
  "aws_vpc_dhcp_options",
  "aws_vpc_dhcp_options_association",
  "aws_launch_template",
  "aws_eks_addon",
  "aws_kms_alias",
  "aws_kms_key_policy",
  "aws_flow_log",
  "aws_db_subnet_group",
  "aws_db_parameter_group",
  "aws_db_option_group",
  "aws_msk_configuration",
  "aws_msk_scram_secret_association",
  "aws_secretsmanager_secret_version",
  "aws_secretsmanager_secret_policy",
  "aws_cloudwatch_log_resource_policy",
  "aws_dms_replication_subnet_group",
  "aws_dms_endpoint",
  "aws_dms_replication_task",
  "aws_ssm_parameter",
  "aws_sns_topic_subscription",
  "aws_sns_topic_policy",
  "aws_cloudwatch_event_rule",
  "aws_cloudwatch_event_target",
  "aws_budgets_budget",
  // No fixed charge; alert topics stay far inside the free notification tier (Infracost prices only usage).
  "aws_sns_topic",
  // Settings of services whose cost is usage on another resource (detector, recorder, trail, buckets).
  "aws_guardduty_organization_admin_account",
  "aws_guardduty_organization_configuration",
  "aws_config_configuration_recorder_status",
  "aws_config_delivery_channel",
  "aws_config_configuration_aggregator",
  "aws_s3_account_public_access_block",
  "aws_appautoscaling_target",
  "aws_appautoscaling_policy",
  "aws_account_alternate_contact",
  "aws_ebs_encryption_by_default",
  "aws_ebs_default_kms_key",
  "aws_lambda_permission",
  "aws_cloudwatch_log_subscription_filter",
  "aws_backup_vault_policy",
  "aws_backup_selection",
  "aws_backup_plan",
  "time_sleep",
  "null_resource",
  "terraform_data",
  "random_password",
  "random_id",
  "tls_private_key",
]);

export function isFree(type: string): boolean {
  return FREE_TYPES.has(type) || FREE_PREFIXES.some((p) => type.startsWith(p));
}
