/**
 * One entry per Terraform resource type the stacks synthesize (issue 18, "one resource catalog per
 * Terraform type"). An entry says whether a destroy or replacement of the type loses something
 * Terraform cannot recreate as it was, and what: the diff guard (lib/diff/destructive.ts) refuses
 * those without --allow-destroy. Hand-written on purpose: the provider source says WHEN a resource is
 * replaced (lib/diff/force-new.generated.json), not what that costs this platform.
 *
 * The other facts about a type stay with the code that uses them and are joined in
 * resource-type-facts.ts: its pricer or "free" (lib/cost/registry.ts), the guardrail families that
 * check it (lib/policy/rules) and where its replacement rules come from (the force-new table).
 * test/catalog/resource-types.test.ts keeps this list equal to the types the shipped and fixture
 * environments synthesize: a new type fails the test until it has an entry here.
 */

/** A resource body as synthesized (snake_case attributes). */
export type ResourceBody = Readonly<Record<string, unknown>>;

export type ResourceTypeEntry =
  | { readonly stateful: false }
  | {
      readonly stateful: true;
      /** What is lost, for the diff report ("Loses <this>."). */
      readonly loses: string;
      /** Only resources of the type for which this holds. @default - all of them */
      readonly appliesTo?: (body: ResourceBody) => boolean;
    };

/** Replacing it loses nothing Terraform does not recreate as it was. */
const STATELESS: ResourceTypeEntry = { stateful: false };

const loses = (what: string, appliesTo?: (body: ResourceBody) => boolean): ResourceTypeEntry =>
  appliesTo ? { stateful: true, loses: what, appliesTo } : { stateful: true, loses: what };

const isClickHouseNodeGroup = (body: ResourceBody): boolean =>
  (body["labels"] as Record<string, unknown> | undefined)?.["node-role"] === "clickhouse" ||
  /clickhouse/i.test(String(body["node_group_name"] ?? ""));

export const RESOURCE_TYPES: Readonly<Record<string, ResourceTypeEntry>> = {
  aws_accessanalyzer_analyzer: STATELESS,
  aws_appautoscaling_policy: STATELESS,
  aws_appautoscaling_target: STATELESS,
  // A plan, selection or restore test only schedules work: the recovery points it made stay in the vault.
  // An organization setting of the management account (cross-account copies), recreated as it was.
  aws_backup_global_settings: STATELESS,
  aws_backup_plan: STATELESS,
  aws_backup_restore_testing_plan: STATELESS,
  aws_backup_restore_testing_selection: STATELESS,
  aws_backup_selection: STATELESS,
  // AWS deletes a vault only when it is empty (DeleteBackupVault,
  // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_DeleteBackupVault.html, read 2026-12-07).
  aws_backup_vault: loses("every recovery point in the vault (the delete fails while any remain unless force_destroy deletes them)"),
  // The lock and the access policy hold no data; a compliance-mode lock past its grace period cannot
  // be deleted at all (AWS Backup Developer Guide, "AWS Backup Vault Lock", read 2026-12-07).
  aws_backup_vault_lock_configuration: STATELESS,
  aws_backup_vault_policy: STATELESS,
  aws_budgets_budget: STATELESS,
  aws_cloudtrail: STATELESS,
  aws_cloudwatch_event_bus: STATELESS,
  aws_cloudwatch_event_bus_policy: STATELESS,
  aws_cloudwatch_event_rule: STATELESS,
  aws_cloudwatch_event_target: STATELESS,
  aws_cloudwatch_log_group: loses("the audit trail's log events", (body) => String(body["name"] ?? "").startsWith("/aws/cloudtrail/")),
  aws_cloudwatch_log_resource_policy: STATELESS,
  aws_cloudwatch_metric_alarm: STATELESS,
  aws_codebuild_project: STATELESS,
  aws_codebuild_webhook: STATELESS,
  // A new connection starts PENDING and only a person in the console can complete the GitHub
  // handshake (https://docs.aws.amazon.com/dtconsole/latest/userguide/connections-update.html, read 2026-12-07).
  aws_codeconnections_connection: loses(
    "the GitHub authorization: the new connection stays PENDING, and every build using it fails, until someone completes the handshake in the console",
  ),
  aws_config_configuration_aggregator: STATELESS,
  aws_config_configuration_recorder: STATELESS,
  aws_config_configuration_recorder_status: STATELESS,
  aws_config_delivery_channel: STATELESS,
  aws_db_instance: loses("the database (a final snapshot at best)"),
  // Stopping replication keeps the copied backups only until their retention lapses; a new replication
  // starts its restore window from scratch (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReplicateBackups.html, read 2026-12-07).
  aws_db_instance_automated_backups_replication: loses(
    "the copied backups in the recovery region: their point-in-time restore window restarts from the new replication",
  ),
  aws_db_parameter_group: STATELESS,
  aws_db_subnet_group: STATELESS,
  aws_default_security_group: STATELESS,
  aws_ebs_encryption_by_default: STATELESS,
  aws_eip: loses("the public address: a new allocation gets a different IP, so every allow-list naming the old one breaks"),
  aws_eks_access_entry: STATELESS,
  aws_eks_access_policy_association: STATELESS,
  aws_eks_addon: STATELESS,
  aws_eks_cluster: loses("the control plane and every workload on it"),
  aws_eks_node_group: loses("the ClickHouse nodes of that zone and the replicas scheduled on them", isClickHouseNodeGroup),
  aws_flow_log: STATELESS,
  // Deleting the detector deletes its findings (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_suspend-disable.html, read 2026-12-07).
  aws_guardduty_detector: loses("the account's GuardDuty findings and their history"),
  aws_guardduty_detector_feature: STATELESS,
  aws_guardduty_organization_admin_account: STATELESS,
  aws_guardduty_organization_configuration: STATELESS,
  aws_guardduty_organization_configuration_feature: STATELESS,
  aws_iam_account_password_policy: STATELESS,
  aws_iam_instance_profile: STATELESS,
  aws_iam_openid_connect_provider: STATELESS,
  aws_iam_policy: STATELESS,
  aws_iam_role: STATELESS,
  aws_iam_role_policy: STATELESS,
  aws_iam_role_policy_attachment: STATELESS,
  aws_iam_service_linked_role: STATELESS,
  aws_iam_user: STATELESS,
  aws_iam_user_policy: STATELESS,
  aws_instance: STATELESS,
  aws_internet_gateway: STATELESS,
  aws_kms_alias: STATELESS,
  aws_kms_key: loses("the key: data encrypted with it becomes unreadable once deletion completes"),
  aws_launch_template: STATELESS,
  aws_msk_cluster: loses("every topic and unconsumed event"),
  aws_msk_configuration: STATELESS,
  aws_msk_scram_secret_association: STATELESS,
  aws_nat_gateway: STATELESS,
  aws_organizations_account: loses(
    "the AWS account and everything deployed in it (a replacement closes or detaches it and creates an empty one)",
  ),
  aws_organizations_delegated_administrator: STATELESS,
  aws_organizations_organization: STATELESS,
  aws_organizations_organizational_unit: STATELESS,
  aws_organizations_policy: STATELESS,
  aws_organizations_policy_attachment: STATELESS,
  aws_route: STATELESS,
  aws_route_table: STATELESS,
  aws_route_table_association: STATELESS,
  aws_s3_account_public_access_block: STATELESS,
  aws_s3_bucket: loses("every object in the bucket"),
  aws_s3_bucket_lifecycle_configuration: STATELESS,
  aws_s3_bucket_logging: STATELESS,
  aws_s3_bucket_metric: STATELESS,
  aws_s3_bucket_object_lock_configuration: STATELESS,
  aws_s3_bucket_ownership_controls: STATELESS,
  aws_s3_bucket_policy: STATELESS,
  aws_s3_bucket_public_access_block: STATELESS,
  // S3 replicates only objects written while the configuration exists; older ones need a Batch
  // Replication job (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html, read 2026-12-07).
  aws_s3_bucket_replication_configuration: loses(
    "replicas of the objects written between the delete and the re-create: S3 never copies them unless a Batch Replication job is run",
  ),
  aws_s3_bucket_server_side_encryption_configuration: STATELESS,
  aws_s3_bucket_versioning: STATELESS,
  aws_secretsmanager_secret: loses("the secret and its versions"),
  aws_secretsmanager_secret_version: STATELESS,
  aws_security_group: STATELESS,
  aws_securityhub_account: STATELESS,
  aws_securityhub_configuration_policy: STATELESS,
  aws_securityhub_configuration_policy_association: STATELESS,
  aws_securityhub_finding_aggregator: STATELESS,
  aws_securityhub_organization_admin_account: STATELESS,
  aws_securityhub_organization_configuration: STATELESS,
  aws_sns_topic: STATELESS,
  aws_sns_topic_policy: STATELESS,
  aws_sns_topic_subscription: STATELESS,
  aws_ssm_document: STATELESS,
  aws_ssoadmin_account_assignment: STATELESS,
  aws_ssoadmin_managed_policy_attachment: STATELESS,
  aws_ssoadmin_permission_set: STATELESS,
  aws_ssoadmin_permission_set_inline_policy: STATELESS,
  aws_subnet: loses("the subnet: every node, database and broker interface in it must go first"),
  aws_vpc: loses("the network: everything placed in it (subnets, endpoints, nodes, databases, brokers) must go first"),
  aws_vpc_endpoint: STATELESS,
  aws_vpc_security_group_egress_rule: STATELESS,
  aws_vpc_security_group_ingress_rule: STATELESS,
  helm_release: loses(
    "the ClickHouse installation and, with it, the analytics data on its volumes",
    (body) => /clickhouse/i.test(`${String(body["name"])} ${String(body["chart"])}`) && !/operator/i.test(String(body["name"])),
  ),
  kubernetes_cluster_role_binding_v1: STATELESS,
  kubernetes_cluster_role_v1: STATELESS,
  kubernetes_config_map_v1: STATELESS,
  kubernetes_limit_range_v1: STATELESS,
  kubernetes_namespace_v1: loses("every object in the namespace (Kubernetes deletes them with it), and the volumes their claims bound"),
  kubernetes_network_policy_v1: STATELESS,
  kubernetes_resource_quota_v1: STATELESS,
  kubernetes_role_binding_v1: STATELESS,
  kubernetes_role_v1: STATELESS,
  kubernetes_service_account_v1: STATELESS,
  kubernetes_storage_class_v1: STATELESS,
};

/** The catalog entry of a type; undefined for a type the catalog does not know. */
export function resourceTypeOf(type: string): ResourceTypeEntry | undefined {
  return Object.hasOwn(RESOURCE_TYPES, type) ? RESOURCE_TYPES[type] : undefined;
}

/** Types synthesized but missing from the catalog, and catalog entries nothing synthesizes, sorted. */
export function catalogGaps(
  synthesized: Iterable<string>,
  catalog: Readonly<Record<string, unknown>> = RESOURCE_TYPES,
): { missing: string[]; unused: string[] } {
  const types = new Set(synthesized);
  return {
    missing: [...types].filter((t) => !Object.hasOwn(catalog, t)).sort(),
    unused: Object.keys(catalog)
      .filter((t) => !types.has(t))
      .sort(),
  };
}
