import { required } from "../defined";
/**
 * What a diagram shows of one environment, read from its synthesized stacks by resource type, so
 * the diagram follows the stacks as they grow without knowing which construct made what.
 */

type Body = Record<string, unknown>;
/** Synthesized stacks by name (parsed cdk.tf.json). */
export type Stacks = ReadonlyMap<string, { resource?: Record<string, Record<string, Body>> }>;

export interface SubnetTier {
  readonly tier: string;
  readonly cidrs: readonly string[];
  readonly zones: readonly string[];
}
export interface NodeGroup {
  readonly name: string;
  readonly instanceTypes: readonly string[];
  readonly min: number;
  readonly max: number;
  readonly dedicatedTo?: string;
}
export interface HelmRelease {
  readonly name: string;
  readonly chart: string;
  readonly namespace: string;
  readonly version?: string;
}
export interface EnvironmentModel {
  readonly vpcCidr?: string;
  readonly subnets: readonly SubnetTier[];
  readonly natGateways: number;
  readonly vpcEndpoints: readonly string[];
  readonly eks?: { readonly name: string; readonly version?: string };
  readonly nodeGroups: readonly NodeGroup[];
  readonly addons: readonly string[];
  readonly postgres: readonly {
    readonly identifier: string;
    readonly engine: string;
    readonly version?: string;
    readonly instanceClass?: string;
    readonly multiAz: boolean;
  }[];
  readonly kafka: readonly {
    readonly name: string;
    readonly version?: string;
    readonly brokers?: number;
    readonly instanceType?: string;
  }[];
  readonly buckets: readonly string[];
  readonly helmReleases: readonly HelmRelease[];
  /** Whether any CloudWatch alarm exists (how many is not drawn: it changes too often). */
  readonly hasAlarms: boolean;
  readonly snsTopics: readonly string[];
}

const first = (v: unknown): Body | undefined => (Array.isArray(v) ? (v[0] as Body | undefined) : (v as Body | undefined));
const str = (v: unknown): string | undefined => (typeof v === "string" && !v.includes("${") ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
/** `{ key: value }` when the value is set (truthy), else nothing: optional fields of the model stay absent. */
const ifSet = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  value ? ({ [key]: value } as { [P in K]?: V }) : {};

/** Every resource of a type across the stacks, with the stack it lives in. */
function all(stacks: Stacks, type: string): { body: Body; stack: string }[] {
  const out: { body: Body; stack: string }[] = [];
  for (const [stack, json] of [...stacks].sort(([a], [b]) => a.localeCompare(b))) {
    const byName = json.resource?.[type] ?? {};
    for (const name of Object.keys(byName).sort()) out.push({ body: required(byName[name], `${type}.${name} in ${stack}`), stack });
  }
  return out;
}

/** The resource a `${type.name.attr}` reference in the same stack points at. */
function referenced(stacks: Stacks, stack: string, ref: unknown): Body | undefined {
  const m = typeof ref === "string" ? /^\$\{([a-z0-9_]+)\.([^.}]+)\./.exec(ref) : null;
  const [, type, name] = m ?? [];
  return type && name ? stacks.get(stack)?.resource?.[type]?.[name] : undefined;
}

/** Orders CIDR blocks by address (10.0.64.0 before 10.0.128.0). */
function byAddress(a: string, b: string): number {
  const key = (c: string) =>
    c
      .split(/[./]/)
      .map((n) => n.padStart(3, "0"))
      .join(".");
  return key(a).localeCompare(key(b));
}

function subnetTier(body: Body): string {
  const tags = (body.tags ?? {}) as Record<string, string>;
  const path = ((body["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path ?? "").toLowerCase();
  return tags["subnet-tier"] ?? ["public", "private", "data", "intra"].find((t) => path.includes(t)) ?? "other";
}

export function environmentModel(stacks: Stacks): EnvironmentModel {
  const tiers = new Map<string, { cidrs: string[]; zones: string[] }>();
  for (const { body } of all(stacks, "aws_subnet")) {
    const t = tiers.get(subnetTier(body)) ?? { cidrs: [], zones: [] };
    const cidr = str(body.cidr_block);
    const zone = str(body.availability_zone);
    if (cidr) t.cidrs.push(cidr);
    if (zone) t.zones.push(zone);
    tiers.set(subnetTier(body), t);
  }
  const order = ["public", "private", "data", "intra"];
  const subnets = [...tiers]
    .sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b))
    .map(([tier, t]) => ({ tier, cidrs: t.cidrs.sort(byAddress), zones: [...new Set(t.zones)].sort() }));

  const vpcBody = all(stacks, "aws_vpc")[0]?.body;
  const eksBody = all(stacks, "aws_eks_cluster")[0]?.body;
  const nodeGroups = all(stacks, "aws_eks_node_group").map(({ body, stack }) => {
    const scaling = first(body.scaling_config) ?? {};
    const template = referenced(stacks, stack, first(body.launch_template)?.id);
    const templateType = str(template?.instance_type);
    const types = Array.isArray(body.instance_types) ? (body.instance_types as string[]) : templateType ? [templateType] : [];
    const taint = (Array.isArray(body.taint) ? body.taint : []) as Body[];
    const dedicated = taint.map((t) => str(t.value)).find(Boolean);
    return {
      name: str(body.node_group_name) ?? "node group",
      instanceTypes: types,
      min: num(scaling.min_size) ?? 0,
      max: num(scaling.max_size) ?? 0,
      ...(dedicated ? { dedicatedTo: dedicated } : {}),
    };
  });

  return {
    ...(vpcBody ? { vpcCidr: str(vpcBody.cidr_block) ?? "?" } : {}),
    subnets,
    natGateways: all(stacks, "aws_nat_gateway").length,
    vpcEndpoints: all(stacks, "aws_vpc_endpoint")
      .map(({ body }) => (str(body.service_name) ?? "").split(".").slice(3).join(".") || "endpoint")
      .sort(),
    ...(eksBody ? { eks: { name: str(eksBody.name) ?? "EKS", ...ifSet("version", str(eksBody.version)) } } : {}),
    nodeGroups,
    addons: all(stacks, "aws_eks_addon")
      .map(({ body }) => str(body.addon_name) ?? "addon")
      .sort(),
    postgres: all(stacks, "aws_db_instance").map(({ body }) => ({
      identifier: str(body.identifier) ?? "database",
      engine: str(body.engine) ?? "db",
      ...ifSet("version", str(body.engine_version)),
      ...ifSet("instanceClass", str(body.instance_class)),
      multiAz: body.multi_az === true,
    })),
    kafka: all(stacks, "aws_msk_cluster").map(({ body }) => ({
      name: str(body.cluster_name) ?? "kafka",
      ...ifSet("version", str(body.kafka_version)),
      ...ifSet("brokers", num(body.number_of_broker_nodes)),
      ...ifSet("instanceType", str(first(body.broker_node_group_info)?.instance_type)),
    })),
    buckets: all(stacks, "aws_s3_bucket").map(({ body }) => str(body.bucket) ?? str(body.bucket_prefix) ?? "bucket"),
    hasAlarms: all(stacks, "aws_cloudwatch_metric_alarm").length + all(stacks, "aws_cloudwatch_composite_alarm").length > 0,
    snsTopics: all(stacks, "aws_sns_topic").map(({ body }) => str(body.name) ?? "topic"),
    helmReleases: all(stacks, "helm_release").map(({ body }) => ({
      name: str(body.name) ?? "release",
      chart: str(body.chart) ?? "chart",
      namespace: str(body.namespace) ?? "default",
      ...ifSet("version", str(body.version)),
    })),
  };
}
