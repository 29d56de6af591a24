import { arn, partitionOfRegion } from "../catalog/partitions";
import { isObject } from "../policy/tf";
import type { PlacedStack } from "./world";

/**
 * The AWS partition a stack deploys into, from its default AWS provider's region (an organization
 * and its stacks live in one partition: lib/catalog/partitions.ts). `aws` when the region is unknown.
 */
export function partitionOfStack(stack: PlacedStack): string {
  const providers = isObject(stack.json["provider"]) ? stack.json["provider"]["aws"] : undefined;
  const first = Array.isArray(providers) ? providers[0] : providers;
  const region = isObject(first) && typeof first["region"] === "string" ? first["region"] : "";
  return partitionOfRegion(region)?.id ?? "aws";
}

/** The partition named by an ARN or ARN pattern (`arn:<partition>:...`), `aws` when it names none. */
export function partitionOfArn(value: string): string {
  return /^arn:([a-z-]+):/.exec(value)?.[1] ?? "aws";
}

/** ARN of an IAM entity (`role/<path><name>`, `user/...`) of an account. */
export const iamArn = (partition: string, account: string, resource: string): string =>
  arn({ partition, service: "iam", account, resource });
