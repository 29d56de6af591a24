/**
 * WHAT a destroy or a replacement loses, for the resource types whose loss takes data or a
 * cluster with it. Hand-written on purpose: the provider source says WHEN a resource is replaced
 * (force-new.generated.json), not what that costs this platform. The guard refuses a destroy or
 * replacement of these unless --allow-destroy.
 */

type Body = Readonly<Record<string, unknown>>;

export interface Destructive {
  /** What is lost, for the report ("Loses <this>."). */
  readonly loses: string;
  /** Only resources of the type for which this holds. @default - all of them */
  readonly appliesTo?: (body: Body) => boolean;
}

const isClickHouseNodeGroup = (body: Body): boolean =>
  (body.labels as Record<string, unknown> | undefined)?.["node-role"] === "clickhouse" ||
  /clickhouse/i.test(String(body.node_group_name ?? ""));

export const DESTRUCTIVE: Readonly<Record<string, Destructive>> = {
  aws_vpc: { loses: "the network: everything placed in it (subnets, endpoints, nodes, databases, brokers) must go first" },
  aws_subnet: { loses: "the subnet: every node, database and broker interface in it must go first" },
  aws_eks_cluster: { loses: "the control plane and every workload on it" },
  aws_eks_node_group: {
    loses: "the ClickHouse nodes of that zone and the replicas scheduled on them",
    appliesTo: isClickHouseNodeGroup,
  },
  aws_db_instance: { loses: "the database (a final snapshot at best)" },
  aws_rds_cluster: { loses: "the database cluster" },
  aws_msk_cluster: { loses: "every topic and unconsumed event" },
  aws_s3_bucket: { loses: "every object in the bucket" },
  aws_kms_key: { loses: "the key: data encrypted with it becomes unreadable once deletion completes" },
  aws_secretsmanager_secret: { loses: "the secret and its versions" },
  aws_ebs_volume: { loses: "the volume's data" },
  aws_backup_vault: { loses: "the recovery points in the vault" },
  aws_organizations_account: {
    loses: "the AWS account and everything deployed in it (a replacement closes or detaches it and creates an empty one)",
  },
  aws_cloudwatch_log_group: {
    loses: "the audit trail's log events",
    appliesTo: (body) => String(body.name ?? "").startsWith("/aws/cloudtrail/"),
  },
  helm_release: {
    loses: "the ClickHouse installation and, with it, the analytics data on its volumes",
    appliesTo: (body) => /clickhouse/i.test(`${String(body.name)} ${String(body.chart)}`) && !/operator/i.test(String(body.name)),
  },
};

/** What losing this resource costs, if it is one the guard protects. */
export function destructiveOf(type: string, body: Body): Destructive | undefined {
  const rule = DESTRUCTIVE[type];
  return rule && (rule.appliesTo?.(body) ?? true) ? rule : undefined;
}
