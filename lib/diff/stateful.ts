/**
 * Resource types that hold data or capacity which a destroy or a replacement would lose, and the
 * arguments whose change makes Terraform replace them (schema `ForceNew` in the AWS provider).
 *
 * Sources (hashicorp/terraform-provider-aws, resource schemas, read 2026-11):
 * - aws_db_instance: internal/service/rds/instance.go (ForceNew: availability_zone,
 *   character_set_name, custom_iam_instance_profile, db_name, engine, identifier,
 *   identifier_prefix, kms_key_id, nchar_character_set_name, restore_to_point_in_time, s3_import,
 *   snapshot_identifier, storage_encrypted, timezone, username). db_subnet_group_name and
 *   engine_version are updated in place (a major engine_version needs allow_major_version_upgrade).
 * - aws_msk_cluster: internal/service/kafka/cluster.go (cluster_name; broker_node_group_info
 *   az_distribution, client_subnets, security_groups; encryption_info at-rest key and in_cluster;
 *   CustomizeDiff ForceNewIfChange on a kafka_version downgrade). number_of_broker_nodes,
 *   instance_type and storage are updated in place.
 * - aws_eks_cluster: internal/service/eks/cluster.go (name, role_arn, bootstrap_self_managed_addons,
 *   access_config.bootstrap_cluster_creator_admin_permissions, kubernetes_network_config ip_family
 *   and service_ipv4_cidr, outpost_config, remote_network_config; ForceNewIfChange when
 *   encryption_config is removed). vpc_config.subnet_ids is updated in place.
 * - aws_eks_node_group: internal/service/eks/node_group.go (ami_type, capacity_type, cluster_name,
 *   disk_size, instance_types, launch_template id/name, node_group_name(_prefix), node_role_arn,
 *   remote_access, subnet_ids). launch_template.version, scaling and labels are in place.
 * - aws_s3_bucket (internal/service/s3/bucket.go): bucket, bucket_prefix, object_lock_enabled.
 * - aws_kms_key (internal/service/kms/key.go): customer_master_key_spec, key_usage, multi_region,
 *   custom_key_store_id, xks_key_id.
 * - aws_secretsmanager_secret (internal/service/secretsmanager/secret.go): name, name_prefix.
 * - helm_release (hashicorp/terraform-provider-helm helm/resource_helm_release.go: name and
 *   namespace are RequiresReplace): guarded only for the ClickHouse installation, whose release
 *   owns the ClickHouse resources and so the analytics data on their volumes.
 */

/** Why a type is guarded, and which argument paths force its replacement. */
export interface StatefulType {
  /** What is lost when it goes, for the report. */
  readonly loses: string;
  /**
   * Argument paths (dot-separated, list indices omitted) whose change forces replacement. A change
   * at or below a listed path counts.
   */
  readonly forceNew: readonly string[];
  /** Paths that force replacement only in one direction: present before, absent after. */
  readonly forceNewOnRemoval?: readonly string[];
  /** Version arguments that force replacement only when lowered. */
  readonly forceNewOnDowngrade?: readonly string[];
  /** Only resources of the type for which this holds are guarded. @default - all of them */
  readonly appliesTo?: (body: Readonly<Record<string, unknown>>) => boolean;
}

export const STATEFUL_TYPES: Readonly<Record<string, StatefulType>> = {
  aws_db_instance: {
    loses: "the database (a final snapshot at best)",
    forceNew: [
      "availability_zone", "character_set_name", "custom_iam_instance_profile", "db_name", "engine", "identifier",
      "identifier_prefix", "kms_key_id", "nchar_character_set_name", "restore_to_point_in_time", "s3_import",
      "snapshot_identifier", "storage_encrypted", "timezone", "username",
    ],
  },
  aws_rds_cluster: {
    loses: "the database cluster",
    forceNew: ["cluster_identifier", "engine", "kms_key_id", "storage_encrypted", "master_username", "database_name", "availability_zones"],
  },
  aws_msk_cluster: {
    loses: "every topic and unconsumed event",
    forceNew: [
      "cluster_name", "broker_node_group_info.az_distribution", "broker_node_group_info.client_subnets",
      "broker_node_group_info.security_groups", "encryption_info.encryption_at_rest_kms_key_arn",
      "encryption_info.encryption_in_transit.in_cluster",
    ],
    forceNewOnDowngrade: ["kafka_version"],
  },
  aws_eks_cluster: {
    loses: "the control plane and every workload on it",
    forceNew: [
      "name", "role_arn", "bootstrap_self_managed_addons", "access_config.bootstrap_cluster_creator_admin_permissions",
      "kubernetes_network_config.ip_family", "kubernetes_network_config.service_ipv4_cidr", "outpost_config", "remote_network_config",
    ],
    forceNewOnRemoval: ["encryption_config"],
  },
  aws_eks_node_group: {
    loses: "the group's nodes (pods are evicted; ClickHouse replicas on it restart elsewhere)",
    forceNew: [
      "ami_type", "capacity_type", "cluster_name", "disk_size", "instance_types", "launch_template.id", "launch_template.name",
      "node_group_name", "node_group_name_prefix", "node_role_arn", "remote_access", "subnet_ids",
    ],
  },
  aws_s3_bucket: { loses: "every object in the bucket", forceNew: ["bucket", "bucket_prefix", "object_lock_enabled"] },
  aws_kms_key: {
    loses: "the key: data encrypted with it becomes unreadable once deletion completes",
    forceNew: ["customer_master_key_spec", "key_usage", "multi_region", "custom_key_store_id", "xks_key_id"],
  },
  aws_secretsmanager_secret: { loses: "the secret and its versions", forceNew: ["name", "name_prefix"] },
  aws_ebs_volume: { loses: "the volume's data", forceNew: ["availability_zone", "encrypted", "kms_key_id", "snapshot_id"] },
  aws_backup_vault: { loses: "the recovery points in the vault", forceNew: ["name", "kms_key_arn"] },
  helm_release: {
    loses: "the ClickHouse installation and, with it, the analytics data on its volumes",
    forceNew: ["name", "namespace"],
    appliesTo: (body) => /clickhouse/i.test(`${String(body.name)} ${String(body.chart)}`) && !/operator/i.test(String(body.name)),
  },
};

/** The guard rules for a resource, if it is one the guard protects. */
export function statefulRules(type: string, body: Readonly<Record<string, unknown>>): StatefulType | undefined {
  const rules = STATEFUL_TYPES[type];
  return rules && (rules.appliesTo?.(body) ?? true) ? rules : undefined;
}

/** Whether an argument path (indices stripped) falls at or under one of the listed paths. */
export function underAny(path: string, listed: readonly string[]): string | undefined {
  return listed.find((p) => path === p || path.startsWith(`${p}.`));
}
