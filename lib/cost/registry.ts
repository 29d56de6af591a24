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
  "aws_backup_vault_lock_configuration",
  "aws_backup_global_settings",
  "aws_backup_selection",
  "aws_backup_plan",
  // Organization and account settings with no charge of their own: what they turn on is charged as
  // usage on the detector, the Security Hub account or the recorder (USAGE_BASED below).
  "aws_guardduty_detector_feature",
  "aws_guardduty_organization_configuration_feature",
  "aws_securityhub_configuration_policy",
  "aws_securityhub_configuration_policy_association",
  "aws_securityhub_finding_aggregator",
  "aws_securityhub_organization_admin_account",
  "aws_securityhub_organization_configuration",
  "aws_cloudwatch_event_bus_policy",
  "aws_codebuild_webhook",
  // The GitHub authorization record: the builds that use it are charged on aws_codebuild_project.
  "aws_codeconnections_connection",
  // The Session Manager preferences document: configuration; the sessions it logs are charged on
  // their log group (aws_cloudwatch_log_group).
  "aws_ssm_document",
  // External access analyzers are free; only unused-access and custom-policy checks are charged (https://aws.amazon.com/iam/access-analyzer/pricing/, read 2026-12-07).
  "aws_accessanalyzer_analyzer",
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

/**
 * Types whose whole charge is usage the estimator does not model (per event, per check, per GB
 * scanned or copied), each with why and where the price is published: the estimate lists them as
 * unpriced with this reason instead of guessing a quantity. Price one (a pricer, a us-east-1 row in
 * lib/cost/prices/, a usage key in lib/cost/usage.yaml) once the platform has measured its usage.
 * Pages read 2026-12-07.
 */
export const USAGE_BASED: Readonly<Record<string, string>> = {
  aws_guardduty_detector:
    "GuardDuty charges per GB of CloudTrail, VPC flow, DNS and EKS audit events analyzed, with a 30-day free trial (https://aws.amazon.com/guardduty/pricing/)",
  aws_securityhub_account:
    "Security Hub charges per security check run and per finding ingested, per account and region (https://aws.amazon.com/security-hub/pricing/)",
  aws_config_configuration_recorder:
    "AWS Config charges per configuration item recorded and per rule evaluation (https://aws.amazon.com/config/pricing/)",
  aws_cloudtrail:
    "the first copy of management events is free; data events and further copies are charged per 100,000 events, storage on the log bucket (https://aws.amazon.com/cloudtrail/pricing/)",
  aws_cloudwatch_event_bus: "custom event buses charge per million events published (https://aws.amazon.com/eventbridge/pricing/)",
  aws_codebuild_project: "CodeBuild charges per build minute of the compute type (https://aws.amazon.com/codebuild/pricing/)",
  aws_backup_vault:
    "AWS Backup charges per GB-month of recovery points held and per GB copied across regions (https://aws.amazon.com/backup/pricing/)",
  aws_backup_restore_testing_plan:
    "restore testing charges per restore test job, plus the restored database while it runs (https://aws.amazon.com/backup/pricing/)",
  aws_backup_restore_testing_selection: "part of its restore testing plan's charge (https://aws.amazon.com/backup/pricing/)",
  aws_db_instance_automated_backups_replication:
    "charged per GB transferred to the backup region and per GB-month of backups stored there (https://aws.amazon.com/rds/postgresql/pricing/, backup storage and data transfer)",
};

export function isUsageBased(type: string): boolean {
  return Object.hasOwn(USAGE_BASED, type);
}
