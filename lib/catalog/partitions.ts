/**
 * AWS partitions: each is a separate cloud with its own ARN prefix (`arn:<partition>:`), IAM,
 * Organizations and DNS suffix. An organization and all its accounts live in one partition.
 *
 * Sources (read 2026-12-07):
 * - Partition ids, DNS suffixes and region names: the AWS SDK for JavaScript's partition file
 *   (`@aws-sdk/core` 3.981.2, `dist-es/submodules/client/util-endpoints/lib/aws/partitions.js`,
 *   `partitionsInfo`), the same data every SDK's endpoint rules use; ARN format: IAM User Guide,
 *   "IAM identifiers" / AWS General Reference, "Amazon Resource Names (ARNs)"
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
 * - Availability zones of the commercial regions: "Regions and Availability Zones"
 *   (docs.aws.amazon.com/global-infrastructure; us-west-1 offers new accounts only b and c); of
 *   GovCloud (US): AWS GovCloud (US) User Guide, "Regions and Availability Zones"; of China: Amazon
 *   Web Services in China, "Regions and Availability Zones" (cn-north-1 offers a, b and d).
 * - Which services a partition lacks: the endpoint table of botocore 1.43.11
 *   (`botocore/data/endpoints.json`, `partitions[].services`), which lists every region a service
 *   has an endpoint in, per partition.
 * - Service principals are `<service>.amazonaws.com` in every partition used here; only CloudWatch
 *   Logs' regional principal carries the partition's DNS suffix (aws/aws-cdk,
 *   `packages/aws-cdk-lib/region-info/lib/default.ts`: "Service principals are now globally
 *   `<SERVICE>.amazonaws.com`", `logs` is "regional AND partitional").
 *
 * A region missing here is rejected by validation: add it with its zones after checking them in the
 * account that will use it.
 */

/** Services the platform uses that some partition or region lacks (endpoint prefixes of botocore). */
export type PartitionService = "budgets" | "codeconnections";

export interface ServiceGap {
  /** What the platform uses the service for, for the error message. */
  readonly usedFor: string;
  /** Regions of the partition that do have it; empty: none. */
  readonly onlyIn: readonly string[];
}

export interface PartitionInfo {
  /** The ARN prefix: `arn:<id>:...`. */
  readonly id: string;
  readonly description: string;
  /** Suffix of the partition's endpoints (`<service>.<region>.<dnsSuffix>`). */
  readonly dnsSuffix: string;
  /** Regions with the zone letters a new account can use. */
  readonly regions: Readonly<Record<string, readonly string[]>>;
  /** Services the platform needs that the partition (or some of its regions) does not offer. */
  readonly lacks: Readonly<Partial<Record<PartitionService, ServiceGap>>>;
}

const BUDGETS = "account and organization cost budgets (organization stack)";
const CODECONNECTIONS = "the CI runner's GitHub connection (network stack, CodeConnections / CodeStar Connections)";

export const PARTITIONS = {
  aws: {
    id: "aws",
    description: "AWS commercial regions",
    dnsSuffix: "amazonaws.com",
    regions: {
      "us-east-1": ["a", "b", "c", "d", "e", "f"],
      "us-east-2": ["a", "b", "c"],
      "us-west-1": ["b", "c"],
      "us-west-2": ["a", "b", "c", "d"],
      "ca-central-1": ["a", "b", "d"],
      "ca-west-1": ["a", "b", "c"],
      "mx-central-1": ["a", "b", "c"],
      "sa-east-1": ["a", "b", "c"],
      "eu-central-1": ["a", "b", "c"],
      "eu-central-2": ["a", "b", "c"],
      "eu-west-1": ["a", "b", "c"],
      "eu-west-2": ["a", "b", "c"],
      "eu-west-3": ["a", "b", "c"],
      "eu-north-1": ["a", "b", "c"],
      "eu-south-1": ["a", "b", "c"],
      "eu-south-2": ["a", "b", "c"],
      "il-central-1": ["a", "b", "c"],
      "me-central-1": ["a", "b", "c"],
      "me-south-1": ["a", "b", "c"],
      "af-south-1": ["a", "b", "c"],
      "ap-east-1": ["a", "b", "c"],
      "ap-south-1": ["a", "b", "c"],
      "ap-south-2": ["a", "b", "c"],
      "ap-northeast-1": ["a", "c", "d"],
      "ap-northeast-2": ["a", "b", "c", "d"],
      "ap-northeast-3": ["a", "b", "c"],
      "ap-southeast-1": ["a", "b", "c"],
      "ap-southeast-2": ["a", "b", "c"],
      "ap-southeast-3": ["a", "b", "c"],
      "ap-southeast-4": ["a", "b", "c"],
      "ap-southeast-5": ["a", "b", "c"],
      "ap-southeast-7": ["a", "b", "c"],
    },
    lacks: {},
  },
  "aws-us-gov": {
    id: "aws-us-gov",
    description: "AWS GovCloud (US)",
    dnsSuffix: "amazonaws.com",
    regions: { "us-gov-west-1": ["a", "b", "c"], "us-gov-east-1": ["a", "b", "c"] },
    // botocore 1.43.11: no `budgets` service in aws-us-gov (GovCloud accounts are billed, and budgeted,
    // through their paired commercial account); `codestar-connections` only in us-gov-east-1,
    // `codeconnections` nowhere.
    lacks: { budgets: { usedFor: BUDGETS, onlyIn: [] }, codeconnections: { usedFor: CODECONNECTIONS, onlyIn: ["us-gov-east-1"] } },
  },
  "aws-cn": {
    id: "aws-cn",
    description: "AWS China (Beijing and Ningxia)",
    dnsSuffix: "amazonaws.com.cn",
    regions: { "cn-north-1": ["a", "b", "d"], "cn-northwest-1": ["a", "b", "c"] },
    // botocore 1.43.11: neither `codeconnections` nor `codestar-connections` in aws-cn.
    lacks: { codeconnections: { usedFor: CODECONNECTIONS, onlyIn: [] } },
  },
} as const satisfies Record<string, PartitionInfo>;

export type PartitionId = keyof typeof PARTITIONS;
export const PARTITION_IDS = Object.keys(PARTITIONS) as [PartitionId, ...PartitionId[]];

/** The partition a region belongs to, or undefined for a region this table does not know. */
export function partitionOfRegion(region: string): PartitionInfo | undefined {
  return Object.values(PARTITIONS).find((p) => region in p.regions);
}

/** Whether `service` can be used in `region` of `partition`. */
export function serviceGap(partition: PartitionId, service: PartitionService, region: string): ServiceGap | undefined {
  const gap: ServiceGap | undefined = (PARTITIONS[partition].lacks as Partial<Record<PartitionService, ServiceGap>>)[service];
  return gap && !gap.onlyIn.includes(region) ? gap : undefined;
}

export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  /** Empty for global services (IAM, S3 buckets, Route 53). @default "" */
  readonly region?: string;
  /** Empty for S3 buckets; `aws` for AWS-managed IAM policies. @default "" */
  readonly account?: string;
  /** Everything after the account: `role/name`, `log-group:/aws/x`, `bucket/key`. */
  readonly resource: string;
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>` (IAM User Guide, "IAM ARNs"). */
export function arn(parts: ArnParts): string {
  return `arn:${parts.partition}:${parts.service}:${parts.region ?? ""}:${parts.account ?? ""}:${parts.resource}`;
}

/** An endpoint host name of the partition: `<service>.<region>.<dnsSuffix>` (also `kms:ViaService` values). */
export function endpointHost(partition: PartitionId, service: string, region: string): string {
  return `${service}.${region}.${PARTITIONS[partition].dnsSuffix}`;
}

/** Matches the ARN prefix of any partition: use instead of a literal `arn:aws:` in patterns. */
export const ANY_PARTITION_ARN_PREFIX = "arn:aws(?:-[a-z]+)*:";
