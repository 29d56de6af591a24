import { createHash } from "node:crypto";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { MskCluster } from "@cdktf/provider-aws/lib/msk-cluster";
import { MskConfiguration } from "@cdktf/provider-aws/lib/msk-configuration";
import { MskScramSecretAssociation } from "@cdktf/provider-aws/lib/msk-scram-secret-association";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { DataStoreSecurityGroup, type DataStorePort } from "./data-store-security-group";
import { policyException } from "../../lib/policy";
import { dataStoreLifecycleProps } from "./private/lifecycle";
import { PropsProblems } from "../kit/validation";
import { checkLogRetention, logGroupWithKey } from "../kit/encrypted-log-group";
import { brokerTypeSupportsTieredStorage, kafkaVersionSupportsTieredStorage } from "../../lib/catalog/msk-tiered-storage";

export type KafkaAuthentication = "scram" | "iam";

/** Kafka `compression.type` codecs the brokers may enforce. */
export type KafkaCompression = "zstd" | "lz4" | "snappy" | "gzip";

/** Client ports of MSK (MSK developer guide, "Port information"). */
export const KAFKA_PORTS = { tls: 9094, scram: 9096, iam: 9098, jmxExporter: 11001, nodeExporter: 11002 } as const;

export interface KafkaClusterProps {
  /** Cluster name, for example `us-events`. */
  readonly clusterName: string;
  /** Production: Terraform-level destroy protection on the cluster and its SCRAM secrets. */
  readonly production: boolean;
  /** For example `3.8.x`. */
  readonly kafkaVersion: string;
  /** A multiple of zoneCount, at least 3 (replication factor 3). */
  readonly brokerCount: number;
  /** Number of availability zones the client subnets span. */
  readonly zoneCount: number;
  /** For example kafka.m5.large. */
  readonly instanceType: string;
  /** EBS volume per broker at creation. */
  readonly volumeSizeGiB: number;
  /** Ceiling of storage autoscaling per broker. */
  readonly maxVolumeSizeGiB: number;
  /** log.retention.hours. */
  readonly retentionHours: number;
  /**
   * Codec batches are stored in (`compression.type`): a batch the producer already compressed with
   * it is kept as sent; any other is recompressed by the broker, so the disk and the tier hold this
   * codec whatever a client does (Apache Kafka broker configs, `compression.type`,
   * https://kafka.apache.org/38/configuration/broker-configs, read 2026-12-07).
   * @default "zstd"
   */
  readonly compression?: KafkaCompression;
  /**
   * MSK tiered storage: `storage_mode = "TIERED"` and segments kept on broker disks only for
   * `localRetentionHours` (`local.retention.ms`), the rest of `retentionHours` in MSK's tier. Needs
   * Kafka 3.6.0+ (or 2.8.2.tiered) and a broker type other than kafka.t3.small
   * (lib/catalog/msk-tiered-storage.ts). Topics opt in with `remote.storage.enable=true` when they
   * are created. Turning it off again is refused by MSK while tiered topics exist.
   * @default null (EBS only, `storage_mode = "LOCAL"`)
   */
  readonly tieredStorage?: { readonly localRetentionHours: number } | null;
  /** num.partitions of topics created without an explicit count. */
  readonly defaultPartitions: number;
  /** Client authentication methods; unauthenticated access is always off. */
  readonly authentication: readonly KafkaAuthentication[];
  /** CMK of the volumes, the broker log group and the SCRAM secrets. */
  readonly kmsKeyArn: string;
  readonly vpcId: string;
  /** Data subnets, one per zone. */
  readonly subnetIds: string[];
  /** The only security group allowed to connect (clients and Prometheus). */
  readonly clientSecurityGroupId: string;
  /**
   * SCRAM users; each gets a secret `AmazonMSK_<cluster>_<user>` (MSK requires the prefix and a
   * customer-managed key) holding `{"username","password"}`, generated in the same apply.
   * @default ["clickhouse", "posthog"]
   */
  readonly scramUsers?: readonly string[];
  /**
   * Generation of the SCRAM passwords. The password is written once per value of this counter
   * (write-only attribute); raising it writes new passwords for every user (rotation,
   * runbooks/msk-broker-scaling.md).
   * @default 1
   */
  readonly scramPasswordGeneration?: number;
  /**
   * Days broker logs are kept in CloudWatch: one of the values CloudWatch Logs accepts (LOG_RETENTION_DAYS).
   * @default 30
   */
  readonly brokerLogRetentionDays?: number;
}

/** Percent of broker disk in use at which storage autoscaling grows the volumes. */
export const STORAGE_TARGET_UTILIZATION_PERCENT = 60;

/**
 * The events bus: MSK provisioned, brokers spread evenly over the zones, CMK at rest, TLS only,
 * SASL/SCRAM and/or IAM, a replace-safe configuration, storage autoscaling, encrypted broker logs
 * and Prometheus exporters for lag and disk.
 */
export class KafkaCluster extends Construct {
  readonly cluster: MskCluster;
  readonly configuration: MskConfiguration;
  readonly securityGroupId: string;
  /** Secret of each SCRAM user, by user name. */
  readonly scramSecretArns: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: KafkaClusterProps) {
    super(scope, id);
    const scramUsers = props.scramUsers ?? ["clickhouse", "posthog"];
    const scram = props.authentication.includes("scram");
    const iam = props.authentication.includes("iam");
    const logDays = props.brokerLogRetentionDays ?? 30;
    const generation = props.scramPasswordGeneration ?? 1;
    const compression = props.compression ?? "zstd";
    const tiered = props.tieredStorage ?? null;

    const problems = new PropsProblems(this);
    problems.require(/^[a-zA-Z0-9-]{1,64}$/.test(props.clusterName), "clusterName", props.clusterName, "1-64 letters, digits and hyphens");
    problems.require(Number.isInteger(props.zoneCount) && props.zoneCount >= 2, "zoneCount", props.zoneCount, "2 or more zones");
    problems.require(
      props.brokerCount % props.zoneCount === 0,
      "brokerCount",
      props.brokerCount,
      `a multiple of the zone count (${props.zoneCount})`,
    );
    problems.require(props.brokerCount >= 3, "brokerCount", props.brokerCount, "3 or more (replication factor 3, min.insync.replicas 2)");
    problems.require(
      /^kafka\.[a-z0-9]+\.[a-z0-9]+$/.test(props.instanceType),
      "instanceType",
      props.instanceType,
      "an MSK broker type such as kafka.m5.large",
    );
    problems.require(props.volumeSizeGiB >= 1 && props.volumeSizeGiB <= 16384, "volumeSizeGiB", props.volumeSizeGiB, "1 to 16384 GiB");
    problems.require(
      props.maxVolumeSizeGiB >= props.volumeSizeGiB && props.maxVolumeSizeGiB <= 16384,
      "maxVolumeSizeGiB",
      props.maxVolumeSizeGiB,
      `volumeSizeGiB (${props.volumeSizeGiB}) to 16384 GiB`,
    );
    problems.require(props.retentionHours >= 1, "retentionHours", props.retentionHours, "1 or more hours");
    problems.require(
      props.authentication.length > 0 && props.authentication.every((a) => a === "scram" || a === "iam"),
      "authentication",
      props.authentication,
      "one or both of scram, iam",
    );
    problems.require(
      new Set(props.authentication).size === props.authentication.length,
      "authentication",
      props.authentication,
      "each method once",
    );
    problems.require(
      scramUsers.every((u) => /^[a-z][a-z0-9-]{0,31}$/.test(u)) && new Set(scramUsers).size === scramUsers.length,
      "scramUsers",
      scramUsers,
      "distinct lowercase names of up to 32 letters, digits and hyphens",
    );
    problems.require(!scram || scramUsers.length > 0, "scramUsers", scramUsers, "at least one user when scram is enabled");
    problems.require(Number.isInteger(generation) && generation >= 1, "scramPasswordGeneration", generation, "a whole number of 1 or more");
    problems.require(["zstd", "lz4", "snappy", "gzip"].includes(compression), "compression", compression, "one of zstd, lz4, snappy, gzip");
    if (tiered) {
      problems.require(
        kafkaVersionSupportsTieredStorage(props.kafkaVersion),
        "kafkaVersion",
        props.kafkaVersion,
        "3.6.0 or later (or 2.8.2.tiered) for tiered storage",
      );
      problems.require(
        brokerTypeSupportsTieredStorage(props.instanceType),
        "instanceType",
        props.instanceType,
        "a Standard broker other than kafka.t3.small for tiered storage",
      );
      problems.require(
        Number.isInteger(tiered.localRetentionHours) &&
          tiered.localRetentionHours >= 1 &&
          tiered.localRetentionHours < props.retentionHours,
        "tieredStorage.localRetentionHours",
        tiered.localRetentionHours,
        `1 to fewer than retentionHours (${props.retentionHours}) hours`,
      );
    }
    checkLogRetention(problems, "brokerLogRetentionDays", logDays);
    problems.throwIfAny();

    const ports: DataStorePort[] = [
      ...(scram ? [{ port: KAFKA_PORTS.scram, description: "Kafka SASL/SCRAM over TLS" }] : []),
      ...(iam ? [{ port: KAFKA_PORTS.iam, description: "Kafka IAM over TLS" }] : []),
      { port: KAFKA_PORTS.jmxExporter, description: "Prometheus JMX exporter" },
      { port: KAFKA_PORTS.nodeExporter, description: "Prometheus node exporter" },
    ];
    const sg = new DataStoreSecurityGroup(this, "SecurityGroup", {
      name: `${props.clusterName}-msk`,
      description: `MSK ${props.clusterName}: Kafka and exporters from data clients only`,
      vpcId: props.vpcId,
      clientSecurityGroupId: props.clientSecurityGroupId,
      ports,
    });
    this.securityGroupId = sg.securityGroupId;

    const serverProperties = [
      "auto.create.topics.enable=false",
      "default.replication.factor=3",
      "min.insync.replicas=2",
      `num.partitions=${props.defaultPartitions}`,
      `log.retention.hours=${props.retentionHours}`,
      "unclean.leader.election.enable=false",
      `compression.type=${compression}`,
      // Tiered topics keep only this much on broker disks; MSK's tier holds the rest of
      // log.retention.hours (Amazon MSK Developer Guide, "Default Amazon MSK configuration",
      // local.retention.ms for tiered storage-enabled clusters,
      // https://docs.aws.amazon.com/msk/latest/developerguide/msk-default-configuration.html, read 2026-12-07).
      ...(tiered ? [`local.retention.ms=${tiered.localRetentionHours * 3_600_000}`] : []),
      // Unauthenticated access is off, so "everyone" means every authenticated SCRAM user. Topic
      // ACLs are not managed here yet; false would lock every SCRAM user out until they are.
      "allow.everyone.if.no.acl.found=true",
    ].join("\n");
    // A configuration in use cannot be deleted, and a Kafka upgrade may need a new one: the name
    // changes with the content and version and the new one is created first
    // (terraform-aws-msk-kafka-cluster#16).
    const digest = createHash("sha256").update(`${props.kafkaVersion}\n${serverProperties}`).digest("hex").slice(0, 8);
    this.configuration = new MskConfiguration(this, "Configuration", {
      name: `${props.clusterName}-${props.kafkaVersion.replace(/\./g, "-")}-${digest}`,
      description: `Broker settings of ${props.clusterName}`,
      kafkaVersions: [props.kafkaVersion],
      serverProperties,
      lifecycle: { createBeforeDestroy: true },
    });

    const logGroup = logGroupWithKey(this, "BrokerLogs", {
      logGroupName: `/aws/msk/${props.clusterName}`,
      kmsKeyArn: props.kmsKeyArn,
      retentionDays: logDays,
    });

    this.cluster = new MskCluster(this, "Resource", {
      clusterName: props.clusterName,
      kafkaVersion: props.kafkaVersion,
      numberOfBrokerNodes: props.brokerCount,
      storageMode: tiered ? "TIERED" : "LOCAL",
      brokerNodeGroupInfo: {
        instanceType: props.instanceType,
        clientSubnets: props.subnetIds,
        securityGroups: [sg.securityGroupId],
        azDistribution: "DEFAULT",
        connectivityInfo: { publicAccess: { type: "DISABLED" } },
        storageInfo: { ebsStorageInfo: { volumeSize: props.volumeSizeGiB } },
      },
      encryptionInfo: {
        encryptionAtRestKmsKeyArn: props.kmsKeyArn,
        encryptionInTransit: { clientBroker: "TLS", inCluster: true },
      },
      clientAuthentication: { unauthenticated: false, sasl: { scram, iam } },
      configurationInfo: { arn: this.configuration.arn, revision: this.configuration.latestRevision },
      // Per-partition metrics include consumer lag (MaxOffsetLag, SumOffsetLag) per group.
      enhancedMonitoring: "PER_TOPIC_PER_PARTITION",
      openMonitoring: { prometheus: { jmxExporter: { enabledInBroker: true }, nodeExporter: { enabledInBroker: true } } },
      loggingInfo: { brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: logGroup.name } } },
      ...dataStoreLifecycleProps(props.production, {
        // Storage autoscaling grows the volumes outside Terraform; setting them back is refused
        // (volumes never shrink) (terraform-provider-aws#20327).
        ignoreChanges: ["broker_node_group_info[0].storage_info[0].ebs_storage_info[0].volume_size"],
      }),
    });

    const scaling = new AppautoscalingTarget(this, "StorageScalingTarget", {
      serviceNamespace: "kafka",
      scalableDimension: "kafka:broker-storage:VolumeSize",
      resourceId: this.cluster.arn,
      minCapacity: 1,
      maxCapacity: props.maxVolumeSizeGiB,
    });
    new AppautoscalingPolicy(this, "StorageScalingPolicy", {
      name: `${props.clusterName}-broker-storage`,
      policyType: "TargetTrackingScaling",
      serviceNamespace: scaling.serviceNamespace,
      scalableDimension: scaling.scalableDimension,
      resourceId: scaling.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: STORAGE_TARGET_UTILIZATION_PERCENT,
        // MSK volumes cannot shrink.
        disableScaleIn: true,
        predefinedMetricSpecification: { predefinedMetricType: "KafkaBrokerStorageUtilization" },
      },
    });

    const secretArns: Record<string, string> = {};
    if (scram) {
      const secrets = scramUsers.map((user) => {
        const secret = new SecretsmanagerSecret(this, `ScramSecret-${user}`, {
          name: `AmazonMSK_${props.clusterName}_${user}`,
          description: `SASL/SCRAM credentials of ${user} on ${props.clusterName}: {"username","password"}`,
          kmsKeyId: props.kmsKeyArn,
          recoveryWindowInDays: props.production ? 30 : 7,
          ...dataStoreLifecycleProps(props.production),
        });
        policyException(
          secret,
          "SM-02",
          "MSK SCRAM credentials have no AWS rotation function; they are rotated with scramPasswordGeneration together with the consumers (runbooks/msk-broker-scaling.md)",
        );
        secretArns[user] = secret.arn;
        return { user, secret, version: this.scramSecretValue(user, secret, props.clusterName, generation) };
      });
      // MSK refuses a secret without a value (docs/reference/deploy-constraints.md row 8): the association waits
      // for the versions written in the same apply.
      new MskScramSecretAssociation(this, "ScramSecrets", {
        clusterArn: this.cluster.arn,
        secretArnList: secrets.map((s) => s.secret.arn),
        dependsOn: secrets.map((s) => s.version),
      });
    }
    this.scramSecretArns = secretArns;
  }

  /**
   * The first value of a SCRAM secret, generated by Secrets Manager in an ephemeral resource and
   * written through a write-only attribute, so the password is in neither the plan nor the state.
   * Terraform 1.11 (ephemeral resources, write-only attributes); hashicorp/aws 6.x ephemeral
   * `aws_secretsmanager_random_password` (attribute `random_password`) and
   * `aws_secretsmanager_secret_version.secret_string_wo` (Terraform Registry, AWS provider docs,
   * read 2026-12-02). cdktf 0.21 has no ephemeral-resource class, hence the raw block. The value
   * is written again only when `secret_string_wo_version` changes, never on a plain apply.
   */
  private scramSecretValue(
    user: string,
    secret: SecretsmanagerSecret,
    clusterName: string,
    generation: number,
  ): SecretsmanagerSecretVersion {
    const name = `scram_${clusterName}_${user}`.replace(/[^a-zA-Z0-9_]/g, "_");
    TerraformStack.of(this).addOverride(`ephemeral.aws_secretsmanager_random_password.${name}`, {
      password_length: 32,
      // Kafka clients put the password in a JAAS line and ClickHouse in XML: letters and digits only.
      exclude_punctuation: true,
      require_each_included_type: true,
    });
    return new SecretsmanagerSecretVersion(this, `ScramSecretValue-${user}`, {
      secretId: secret.id,
      secretStringWo: `\${jsonencode({ username = "${user}", password = ephemeral.aws_secretsmanager_random_password.${name}.random_password })}`,
      secretStringWoVersion: generation,
    });
  }
}
