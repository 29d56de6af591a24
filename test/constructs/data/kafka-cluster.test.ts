import { KafkaCluster, STORAGE_TARGET_UTILIZATION_PERCENT, type KafkaClusterProps } from "../../../constructs/data/kafka-cluster";
import { NET, all, only, synthConstruct } from "./harness";

const base: KafkaClusterProps = {
  clusterName: "test-events",
  production: false,
  kafkaVersion: "3.8.x",
  brokerCount: 3,
  zoneCount: 3,
  instanceType: "kafka.m5.large",
  volumeSizeGiB: 100,
  maxVolumeSizeGiB: 500,
  retentionHours: 72,
  defaultPartitions: 6,
  authentication: ["scram"],
  kmsKeyArn: NET.kmsKeyArn,
  vpcId: NET.vpcId,
  subnetIds: [...NET.subnetIds],
  clientSecurityGroupId: NET.clientSecurityGroupId,
};
const synth = (props: Partial<KafkaClusterProps> = {}) =>
  synthConstruct((stack) => new KafkaCluster(stack, "Kafka", { ...base, ...props }));
const properties = (json: ReturnType<typeof synth>) =>
  Object.fromEntries(
    (only(json, "aws_msk_configuration").server_properties as string).split("\n").map((l) => l.split("=") as [string, string]),
  );

describe("KafkaCluster", () => {
  const staging = synth();
  const cluster = only(staging, "aws_msk_cluster");

  test("defaults are secure: CMK at rest, TLS client-broker and in-cluster, no unauthenticated access, private", () => {
    expect(cluster.encryption_info).toEqual({
      encryption_at_rest_kms_key_arn: NET.kmsKeyArn,
      encryption_in_transit: { client_broker: "TLS", in_cluster: true },
    });
    expect(cluster.client_authentication).toEqual({ unauthenticated: false, sasl: { scram: true, iam: false } });
    expect(cluster.broker_node_group_info).toMatchObject({
      client_subnets: NET.subnetIds,
      connectivity_info: { public_access: { type: "DISABLED" } },
    });
  });

  test("only the data-clients security group gets in, on SCRAM and the Prometheus exporter ports", () => {
    const rules = all(staging, "aws_vpc_security_group_ingress_rule");
    expect(rules.map((r) => r.from_port).sort()).toEqual([11001, 11002, 9096]);
    for (const r of rules) {
      expect(r).toMatchObject({ referenced_security_group_id: NET.clientSecurityGroupId, ip_protocol: "tcp" });
      expect(r).not.toHaveProperty("cidr_ipv4");
    }
  });

  test("IAM authentication opens 9098 and enables SASL/IAM", () => {
    const json = synth({ authentication: ["scram", "iam"] });
    expect(only(json, "aws_msk_cluster").client_authentication).toEqual({ unauthenticated: false, sasl: { scram: true, iam: true } });
    expect(all(json, "aws_vpc_security_group_ingress_rule").map((r) => r.from_port)).toContain(9098);
  });

  test("configuration: replication factor 3, min ISR 2, no auto topic creation, retention from props", () => {
    expect(properties(staging)).toMatchObject({
      "default.replication.factor": "3",
      "min.insync.replicas": "2",
      "auto.create.topics.enable": "false",
      "log.retention.hours": "72",
      "num.partitions": "6",
    });
    expect(only(staging, "aws_msk_configuration")).toMatchObject({ kafka_versions: ["3.8.x"], lifecycle: { create_before_destroy: true } });
    expect(cluster.configuration_info).toEqual({
      arn: expect.stringMatching(/aws_msk_configuration\..*\.arn/),
      revision: expect.stringMatching(/latest_revision/),
    });
  });

  test("compression: brokers store zstd by default and the codec asked for otherwise", () => {
    expect(properties(staging)["compression.type"]).toBe("zstd");
    expect(properties(synth({ compression: "lz4" }))["compression.type"]).toBe("lz4");
  });

  test("EBS only by default: storage mode LOCAL and no local retention", () => {
    expect(cluster.storage_mode).toBe("LOCAL");
    expect(properties(staging)).not.toHaveProperty("local.retention.ms");
  });

  test("tiered storage: storage mode TIERED, segments kept on broker disks for localRetentionHours, the total unchanged", () => {
    const json = synth({ kafkaVersion: "3.6.0", tieredStorage: { localRetentionHours: 12 } });
    expect(only(json, "aws_msk_cluster").storage_mode).toBe("TIERED");
    expect(properties(json)).toMatchObject({ "local.retention.ms": String(12 * 3600 * 1000), "log.retention.hours": "72" });
    expect(() => synth({ kafkaVersion: "2.8.2.tiered", tieredStorage: { localRetentionHours: 1 } })).not.toThrow();
  });

  test("the configuration's name changes with its content and with the Kafka version", () => {
    const name = (json: ReturnType<typeof synth>) => only(json, "aws_msk_configuration").name as string;
    expect(name(staging)).toMatch(/^test-events-3-8-x-[0-9a-f]{8}$/);
    expect(name(synth({ retentionHours: 24 }))).not.toBe(name(staging));
    expect(name(synth({ kafkaVersion: "3.9.x" }))).toMatch(/^test-events-3-9-x-/);
    expect(name(synth())).toBe(name(staging));
  });

  test("storage autoscaling up to the ceiling, never in, with volume size drift ignored", () => {
    expect(only(staging, "aws_appautoscaling_target")).toMatchObject({
      service_namespace: "kafka",
      scalable_dimension: "kafka:broker-storage:VolumeSize",
      max_capacity: 500,
    });
    expect(only(staging, "aws_appautoscaling_policy").target_tracking_scaling_policy_configuration).toMatchObject({
      target_value: STORAGE_TARGET_UTILIZATION_PERCENT,
      disable_scale_in: true,
      predefined_metric_specification: { predefined_metric_type: "KafkaBrokerStorageUtilization" },
    });
    expect((cluster.lifecycle as { ignore_changes: string[] }).ignore_changes).toEqual([
      "broker_node_group_info[0].storage_info[0].ebs_storage_info[0].volume_size",
    ]);
  });

  test("broker logs to a CMK-encrypted log group; Prometheus exporters and per-partition metrics for lag", () => {
    expect(only(staging, "aws_cloudwatch_log_group")).toMatchObject({ name: "/aws/msk/test-events", kms_key_id: NET.kmsKeyArn });
    expect(cluster.logging_info).toEqual({
      broker_logs: { cloudwatch_logs: { enabled: true, log_group: expect.stringMatching(/aws_cloudwatch_log_group/) } },
    });
    expect(cluster.open_monitoring).toEqual({
      prometheus: { jmx_exporter: { enabled_in_broker: true }, node_exporter: { enabled_in_broker: true } },
    });
    expect(cluster.enhanced_monitoring).toBe("PER_TOPIC_PER_PARTITION");
  });

  test("SCRAM users: AmazonMSK_ secrets under the CMK, associated with the cluster", () => {
    const secrets = all(staging, "aws_secretsmanager_secret");
    expect(secrets.map((s) => s.name).sort()).toEqual(["AmazonMSK_test-events_clickhouse", "AmazonMSK_test-events_posthog"]);
    for (const s of secrets) expect(s.kms_key_id).toBe(NET.kmsKeyArn);
    expect(only(staging, "aws_msk_scram_secret_association").secret_arn_list as string[]).toHaveLength(2);
  });

  // Defect 12: MSK refuses to associate a secret without a value (docs/reference/deploy-constraints.md row 8).
  test("every SCRAM secret gets a value in the same apply, before the association", () => {
    const versions = Object.entries(staging.resource?.["aws_secretsmanager_secret_version"] ?? {});
    const secretIds = Object.keys(staging.resource?.["aws_secretsmanager_secret"] ?? {});
    expect(versions.map(([, v]) => v.secret_id).sort()).toEqual(secretIds.map((id) => `\${aws_secretsmanager_secret.${id}.id}`).sort());
    const dependsOn = only(staging, "aws_msk_scram_secret_association").depends_on as string[];
    expect([...dependsOn].sort()).toEqual(versions.map(([id]) => `aws_secretsmanager_secret_version.${id}`).sort());
  });

  test("SCRAM passwords come from an ephemeral resource into a write-only attribute: none in any stored attribute", () => {
    const ephemeral = (staging as { ephemeral?: Record<string, Record<string, unknown>> }).ephemeral ?? {};
    const generators = Object.keys(ephemeral["aws_secretsmanager_random_password"] ?? {});
    expect(generators).toHaveLength(2);
    for (const v of all(staging, "aws_secretsmanager_secret_version")) {
      expect(v).not.toHaveProperty("secret_string");
      expect(v).not.toHaveProperty("secret_binary");
      expect(v.secret_string_wo).toMatch(
        /^\$\{jsonencode\(\{ username = "[a-z-]+", password = ephemeral\.aws_secretsmanager_random_password\.\w+\.random_password \}\)\}$/,
      );
    }
    // Wherever an ephemeral value is referenced, the attribute is write-only (Terraform stores none).
    const refs: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (typeof node === "string") {
        if (node.includes("ephemeral.")) refs.push(path);
      } else if (node && typeof node === "object") {
        for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`);
      }
    };
    walk({ resource: staging.resource, data: staging.data, output: staging.output, locals: (staging as { locals?: unknown }).locals }, "");
    expect(refs).toHaveLength(2);
    for (const r of refs) expect(r).toMatch(/\.secret_string_wo$/);
  });

  test("the secret values are written once per generation, not on every apply", () => {
    for (const v of all(staging, "aws_secretsmanager_secret_version")) expect(v.secret_string_wo_version).toBe(1);
    for (const v of all(synth({ scramPasswordGeneration: 2 }), "aws_secretsmanager_secret_version"))
      expect(v.secret_string_wo_version).toBe(2);
    expect(() => synth({ scramPasswordGeneration: 0 })).toThrow(/scramPasswordGeneration: a whole number of 1 or more \(got 0\)/);
  });

  test("IAM only: no SCRAM secrets", () => {
    const json = synth({ authentication: ["iam"] });
    expect(all(json, "aws_secretsmanager_secret")).toEqual([]);
    expect(all(json, "aws_msk_scram_secret_association")).toEqual([]);
  });

  test("production: prevent_destroy on the cluster and the secrets; staging: none", () => {
    const prod = synth({ production: true });
    expect(only(prod, "aws_msk_cluster").lifecycle).toMatchObject({ prevent_destroy: true });
    for (const s of all(prod, "aws_secretsmanager_secret")) expect(s.lifecycle).toEqual({ prevent_destroy: true });
    expect(cluster.lifecycle).not.toHaveProperty("prevent_destroy");
  });

  test.each<[string, Partial<KafkaClusterProps>, RegExp]>([
    ["clusterName has invalid characters", { clusterName: "bad_name!" }, /^test\/Kafka: clusterName: 1-64 letters/],
    ["zoneCount is below 2", { zoneCount: 1, brokerCount: 3 }, /zoneCount: 2 or more zones/],
    ["brokerCount is not a multiple of the zone count", { brokerCount: 4 }, /brokerCount: a multiple of the zone count \(3\) \(got 4\)/],
    ["brokerCount is below 3", { brokerCount: 2, zoneCount: 2 }, /brokerCount: 3 or more/],
    ["instanceType is not an MSK type", { instanceType: "m5.large" }, /instanceType: an MSK broker type/],
    ["volumeSizeGiB is out of range", { volumeSizeGiB: 0 }, /volumeSizeGiB: 1 to 16384/],
    ["maxVolumeSizeGiB is below volumeSizeGiB", { maxVolumeSizeGiB: 50 }, /maxVolumeSizeGiB: volumeSizeGiB \(100\) to 16384/],
    ["retentionHours is below 1", { retentionHours: 0 }, /retentionHours: 1 or more hours/],
    [
      "brokerLogRetentionDays is not a CloudWatch Logs value",
      { brokerLogRetentionDays: 2 },
      /brokerLogRetentionDays: a CloudWatch Logs retention value .* \(got 2\)/,
    ],
    ["authentication is empty", { authentication: [] }, /authentication: one or both of scram, iam/],
    ["authentication repeats a method", { authentication: ["scram", "scram"] }, /authentication: each method once/],
    ["scramUsers has an invalid name", { scramUsers: ["Click House"] }, /scramUsers: distinct lowercase names/],
    ["scram is on without users", { scramUsers: [] }, /scramUsers: at least one user/],
    [
      "compression is not a Kafka codec",
      { compression: "brotli" as never },
      /compression: one of zstd, lz4, snappy, gzip \(got "brotli"\)/,
    ],
    [
      "tiered storage runs on a Kafka version before 3.6",
      { kafkaVersion: "3.5.1", tieredStorage: { localRetentionHours: 24 } },
      /kafkaVersion: 3\.6\.0 or later \(or 2\.8\.2\.tiered\) for tiered storage \(got "3\.5\.1"\)/,
    ],
    [
      "tiered storage runs on kafka.t3.small",
      { instanceType: "kafka.t3.small", tieredStorage: { localRetentionHours: 24 } },
      /instanceType: a Standard broker other than kafka\.t3\.small for tiered storage \(got "kafka\.t3\.small"\)/,
    ],
    [
      "local retention is not below the total",
      { tieredStorage: { localRetentionHours: 72 } },
      /tieredStorage\.localRetentionHours: 1 to fewer than retentionHours \(72\) hours \(got 72\)/,
    ],
  ])("throws when %s", (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
