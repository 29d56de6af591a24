import type { IConstruct } from "constructs";
import { required } from "../../lib/defined";
import { PropsProblems } from "../kit/validation";
import { arn, endpointHost, PARTITIONS, type ArnParts, type PartitionId, type PartitionInfo } from "../../lib/catalog/partitions";

/** Construct context key under which a stack records the partition of its account. */
const CONTEXT_KEY = "analytics-platform:partition";

/**
 * The AWS partition a construct deploys into, the way aws-cdk's `Stack.of(this).partition` works:
 * the stack declares it once (`Partition.set`, called by BaseStack from the account's partition)
 * and every construct below reads it, so no construct hard-codes `arn:aws:` or a DNS suffix.
 */
export class Partition {
  /**
   * Records the partition on a scope (a stack) before any child is added; the construct tree's
   * context passes it to every construct below.
   */
  static set(scope: IConstruct, id: PartitionId): void {
    scope.node.setContext(CONTEXT_KEY, id);
  }

  /**
   * The partition of the scope's stack.
   * @default - `aws` (the commercial partition) when no stack above set one, as in construct tests
   */
  static of(scope: IConstruct): Partition {
    const id = (scope.node.tryGetContext(CONTEXT_KEY) as PartitionId | undefined) ?? "aws";
    const info = PARTITIONS[id];
    new PropsProblems(scope)
      .require(info !== undefined, `context "${CONTEXT_KEY}"`, id, `an AWS partition: one of ${Object.keys(PARTITIONS).join(", ")}`)
      .throwIfAny();
    return new Partition(required(info, `partition ${String(id)} (checked above)`));
  }

  private constructor(readonly info: PartitionInfo) {}

  /** The partition id, the ARN prefix (`aws`, `aws-us-gov`, `aws-cn`). */
  get id(): PartitionId {
    return this.info.id as PartitionId;
  }

  /** An ARN in this partition. */
  arn(parts: Omit<ArnParts, "partition">): string {
    return arn({ partition: this.id, ...parts });
  }

  /** ARN of an AWS-managed IAM policy (`policy/<path/name>`). */
  managedPolicyArn(name: string): string {
    return this.arn({ service: "iam", account: "aws", resource: `policy/${name}` });
  }

  /** ARN of an IAM role, user or other IAM entity of an account (`role/name`, `root`, `user/name`). */
  iamArn(account: string, resource: string): string {
    return this.arn({ service: "iam", account, resource });
  }

  /** ARN of an S3 bucket or of a key pattern in it (`bucket`, `bucket/*`). */
  s3Arn(bucketAndKey: string): string {
    return this.arn({ service: "s3", resource: bucketAndKey });
  }

  /** Endpoint host of a regional service (`secretsmanager.<region>.<dnsSuffix>`), as `kms:ViaService` expects. */
  endpoint(service: string, region: string): string {
    return endpointHost(this.id, service, region);
  }
}
