import { z } from "zod";
import type { DeepRequired, TierDefaults } from "../types";
import { MSK_BROKER_TYPES } from "../../catalog/instance-types";
import { count, inCatalog } from "./common";

export const kafkaInput = z.strictObject({
  /** Broker count; must be a multiple of the number of availability zones. */
  brokerCount: count(2, 60).optional(),
  /** MSK broker instance type, for example kafka.m7g.large. */
  instanceType: inCatalog("MSK broker type", MSK_BROKER_TYPES, /^(kafka|express)\.[a-z0-9]+\.[a-z0-9]+$/, "kafka.m7g.large").optional(),
  /** EBS storage per broker at creation; storage autoscaling grows it up to maxVolumeSizeGiB. */
  volumeSizeGiB: count(1, 16384).optional(),
  maxVolumeSizeGiB: count(1, 16384).optional(),
  /**
   * Apache Kafka version of the MSK cluster: exact (3.6.0, 2.4.1.1, 2.8.2-tiered) or a patch line
   * MSK keeps current (3.8.x, 3.7.x.kraft), as listed in "Supported Apache Kafka versions"
   * (docs.aws.amazon.com/msk/latest/developerguide/supported-kafka-versions.html, read 2026-12-07).
   */
  kafkaVersion: z
    .string()
    .regex(/^\d+\.\d+\.(\d+(\.\d+)?|x)(-tiered|\.kraft)?$/, "an MSK Kafka version such as 3.8.x")
    .optional(),
  /** Hours a record is kept (log.retention.hours). Default: 168 in production, 72 in staging. */
  retentionHours: count(1, 8760).optional(),
  /** Partitions of the events topic. Default: derived from eventsPerMonth. */
  partitions: count(1, 10000).optional(),
  /**
   * Client authentication methods. ClickHouse's Kafka engine and PostHog's services need SCRAM;
   * IAM serves clients that support it. Default: [scram].
   */
  authentication: z
    .array(z.enum(["scram", "iam"]))
    .min(1)
    .optional(),
});
export type KafkaConfig = DeepRequired<z.input<typeof kafkaInput>>;

export const kafkaDefaults: TierDefaults<KafkaConfig> = {
  production: {
    brokerCount: 3,
    instanceType: "kafka.m5.large",
    volumeSizeGiB: 1000,
    maxVolumeSizeGiB: 4000,
    kafkaVersion: "3.8.x",
    retentionHours: 168,
    partitions: 12,
    authentication: ["scram"],
  },
  staging: {
    brokerCount: 3,
    instanceType: "kafka.m5.large",
    volumeSizeGiB: 100,
    maxVolumeSizeGiB: 500,
    kafkaVersion: "3.8.x",
    retentionHours: 72,
    partitions: 6,
    authentication: ["scram"],
  },
};
