/**
 * What MSK tiered storage accepts (Amazon MSK Developer Guide, "Tiered storage for Standard
 * brokers": requirements, https://docs.aws.amazon.com/msk/latest/developerguide/msk-tiered-storage.html;
 * "Create a Amazon MSK cluster with tiered storage with the AWS Management Console": "a size of
 * broker other than kafka.t3.small"; read 2026-12-07): Apache Kafka 3.6.0 or later, or the special
 * 2.8.2.tiered; Standard brokers except kafka.t3.small (Express brokers have no storage mode).
 * Local retention must stay below the total ("Guidelines for Amazon MSK tiered storage topic-level
 * configuration": local.retention.ms can't equal or exceed retention.ms).
 */

/** True when MSK offers tiered storage on this Kafka version (`3.8.x`, `3.6.0`, `2.8.2.tiered`). */
export function kafkaVersionSupportsTieredStorage(kafkaVersion: string): boolean {
  if (kafkaVersion === "2.8.2.tiered") return true;
  const [major = 0, minor = 0] = kafkaVersion.split(".").map(Number);
  return major > 3 || (major === 3 && minor >= 6);
}

/** Express brokers (`express.*`) manage their own storage: no EBS volume, no storage mode to set. */
export function isExpressBroker(instanceType: string): boolean {
  return instanceType.startsWith("express.");
}

/** True when MSK offers tiered storage on this Standard broker type. */
export function brokerTypeSupportsTieredStorage(instanceType: string): boolean {
  return instanceType.startsWith("kafka.") && instanceType !== "kafka.t3.small";
}
