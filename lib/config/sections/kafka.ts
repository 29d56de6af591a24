import { z } from "zod";
import type { DeepRequired, TierDefaults } from "../types";
import { MSK_BROKER_TYPES } from "../../catalog/instance-types";
import { count, inCatalog } from "./common";

/** Codecs of Kafka's `compression.type` (Apache Kafka broker configs), `uncompressed` excepted. */
export const KAFKA_COMPRESSION_CODECS = ["zstd", "lz4", "snappy", "gzip"] as const;

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
  /**
   * Codec the brokers store batches in (`compression.type` of the MSK configuration) and producers
   * are told to use (`KAFKA_COMPRESSION_TYPE` in the app's ConfigMap). A batch already in this codec
   * is stored as it arrives; another is recompressed by the broker. Default: zstd.
   */
  compression: z.enum(KAFKA_COMPRESSION_CODECS).optional(),
  /**
   * MSK tiered storage (Standard brokers): closed log segments move to MSK's low-cost tier and stay
   * on broker disks only for `localRetentionHours`; consumers reading older offsets fetch from the
   * tier. Needs Kafka 3.6.0 or later (or 2.8.2.tiered) and a broker type other than kafka.t3.small;
   * Express brokers manage their own storage and ignore it. Default: on in production (12 hours on
   * the brokers: half a day of consumer lag is still read from local disk), off in staging.
   */
  tieredStorage: z
    .strictObject({
      enabled: z.boolean().optional(),
      /**
       * Hours segments stay on broker disks; fewer than retentionHours. Written as MSK's cluster
       * property `local.retention.ms` (Apache Kafka's broker name is `log.local.retention.ms`; MSK
       * documents its own: "Default Amazon MSK configuration",
       * https://docs.aws.amazon.com/msk/latest/developerguide/msk-default-configuration.html, read 2026-12-07).
       */
      localRetentionHours: count(1, 8760).optional(),
    })
    .optional(),
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
    instanceType: "kafka.m7g.large",
    volumeSizeGiB: 1000,
    maxVolumeSizeGiB: 4000,
    kafkaVersion: "3.8.x",
    retentionHours: 168,
    compression: "zstd",
    tieredStorage: { enabled: true, localRetentionHours: 12 },
    partitions: 12,
    authentication: ["scram"],
  },
  staging: {
    brokerCount: 3,
    instanceType: "kafka.m7g.large",
    volumeSizeGiB: 100,
    maxVolumeSizeGiB: 500,
    kafkaVersion: "3.8.x",
    retentionHours: 72,
    compression: "zstd",
    tieredStorage: { enabled: false, localRetentionHours: 12 },
    partitions: 6,
    authentication: ["scram"],
  },
};
