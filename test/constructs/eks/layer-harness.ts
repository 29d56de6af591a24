import { Testing } from "cdktf";
import { loadPlatformConfig } from "../../../lib/config/load";
import type { EnvironmentConfig, PlatformConfig } from "../../../lib/config/model";
import { ClusterStack } from "../../../stacks/cluster-stack";
import type { DataOutputs } from "../../../stacks/contracts";
import { NetworkStack } from "../../../stacks/network-stack";
import type { TfJson } from "../../helpers/synth";

/**
 * The network and cluster stacks of one environment, without the other layers: the data layer's
 * outputs are fixed strings shaped like the real ones, so these tests change only when the network
 * or cluster layer (or the environment files) do.
 */
const shippedLayers = new Map<string, ReturnType<typeof buildLayers>>();

/** As buildLayers; with the shipped environment files the result is shared within a suite (read-only). */
export function networkAndCluster(envName: string, config?: PlatformConfig) {
  if (config) return buildLayers(envName, config);
  let layers = shippedLayers.get(envName);
  if (!layers) shippedLayers.set(envName, (layers = buildLayers(envName, loadPlatformConfig())));
  return layers;
}

function buildLayers(envName: string, config: PlatformConfig) {
  const env = environment(envName, config);
  const app = Testing.app();
  const network = new NetworkStack(app, `${env.name}-network`, { env, githubRepository: config.organization.githubRepository });
  const cluster = new ClusterStack(app, `${env.name}-cluster`, { env, network: network.outputs, data: fakeDataOutputs(env) });
  return {
    env,
    network,
    cluster,
    networkJson: JSON.parse(Testing.synth(network)) as TfJson,
    clusterJson: JSON.parse(Testing.synth(cluster)) as TfJson,
  };
}

export function environment(name: string, config: PlatformConfig = loadPlatformConfig()): EnvironmentConfig {
  const env = config.environments.find((e) => e.name === name);
  if (!env) throw new Error(`no environment '${name}' (have ${config.environments.map((e) => e.name).join(", ")})`);
  return env;
}

/** Only the fields the cluster layer reads are meaningful; the cast keeps new data-layer fields from breaking this. */
function fakeDataOutputs(env: EnvironmentConfig): DataOutputs {
  const arn = (service: string, resource: string) => `arn:aws:${service}:${env.region}:${env.account.id}:${resource}`;
  const outputs = {
    dataKmsKeyArn: arn("kms", "key/data"),
    backupsBucketName: `${env.name}-clickhouse-backups`,
    backupsBucketArn: `arn:aws:s3:::${env.name}-clickhouse-backups`,
    archiveBucketName: `${env.name}-archive`,
    archiveBucketArn: `arn:aws:s3:::${env.name}-archive`,
    kafka: {
      clusterArn: arn("kafka", "cluster/events/1"),
      clusterName: "events",
      bootstrapBrokersSaslScram: "b-1:9096",
      clickhouseScramSecretArn: arn("secretsmanager", "secret:scram"),
    },
    postgres: {
      instanceIdentifier: "pg",
      address: "pg.local",
      port: "5432",
      databaseName: "posthog",
      masterUserSecretArn: arn("secretsmanager", "secret:pg"),
    },
  };
  return outputs as DataOutputs;
}
