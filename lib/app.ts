import { App, type TerraformStack } from "cdktf";
import type { EnvironmentConfig, OrganizationConfig, PlatformConfig } from "./config/model";
import { sessionTranscriptArchive as sessionTranscriptArchiveOf } from "../constructs/organization/session-transcripts-bucket";
import { BootstrapStack } from "../stacks/bootstrap-stack";
import { ClusterStack } from "../stacks/cluster-stack";
import { DataStack } from "../stacks/data-stack";
import { MonitoringStack } from "../stacks/monitoring-stack";
import { NetworkStack } from "../stacks/network-stack";
import { OrganizationStack } from "../stacks/organization-stack";
import { PlatformStack } from "../stacks/platform-stack";
import { RecoveryDataStack } from "../stacks/recovery-data-stack";
import { RecoveryDrillStack } from "../stacks/recovery-drill-stack";
import { RecoveryNetworkStack } from "../stacks/recovery-network-stack";
import { crossAccountCopyTarget, RecoveryReplicationStack, type CrossAccountCopyTarget } from "../stacks/recovery-replication-stack";
import { ENVIRONMENT_LAYERS, RECOVERY_LAYERS } from "./layers";

/** The stacks of one environment, in deployment order. */
export interface EnvironmentStacks {
  readonly network: NetworkStack;
  readonly data: DataStack;
  readonly cluster: ClusterStack;
  readonly platform: PlatformStack;
  readonly monitoring: MonitoringStack;
  /** disasterRecovery.enabled: the recovery target in the backup region (runbooks/region-loss.md). */
  readonly recoveryNetwork?: RecoveryNetworkStack;
  readonly recoveryData?: RecoveryDataStack;
  readonly recoveryReplication?: RecoveryReplicationStack;
  /** disasterRecovery.restoreDrill: the monthly restore drill (runbooks/restore-drill.md). */
  readonly recoveryDrill?: RecoveryDrillStack;
}

/** Adds one environment's layered stacks, named `<env>-<layer>`. */
export function addEnvironmentStacks(app: App, env: EnvironmentConfig, organization: OrganizationConfig): EnvironmentStacks {
  const githubRepository = organization.githubRepository;
  // With the recovery target on, RDS recovery points are also copied to the log-archive account.
  const crossAccountCopy = crossAccountCopyTarget(env, organization.logArchiveAccount.id);
  // Session transcripts go to the organization's bucket in the log-archive account (organization stack).
  const sessionTranscriptArchive = sessionTranscriptArchiveOf(
    {
      organizationName: organization.name,
      partition: organization.partition,
      logArchiveAccountId: organization.logArchiveAccount.id,
      homeRegion: organization.homeRegion,
    },
    env.account.id,
    env.name,
  );
  const network = new NetworkStack(app, `${env.name}-network`, { env, githubRepository });
  const data = new DataStack(app, `${env.name}-data`, {
    env,
    network: network.outputs,
    sessionTranscriptArchive,
    ...(crossAccountCopy ? { crossAccountCopy } : {}),
  });
  const cluster = new ClusterStack(app, `${env.name}-cluster`, { env, network: network.outputs, data: data.outputs });
  const platform = new PlatformStack(app, `${env.name}-platform`, { env, cluster: cluster.outputs, data: data.outputs });
  const monitoring = new MonitoringStack(app, `${env.name}-monitoring`, {
    env,
    network: network.outputs,
    data: data.outputs,
    cluster: cluster.outputs,
  });
  // Cross-stack references add most dependencies; these make the deployment order explicit
  // even where a layer reads nothing from the one below. Monitoring depends only on the layers it
  // reads (network, data, cluster), not on platform: a failed platform apply must not also leave
  // the alarms unapplied.
  data.addDependency(network);
  cluster.addDependency(data);
  platform.addDependency(cluster);
  monitoring.addDependency(cluster);
  return { network, data, cluster, platform, monitoring, ...addRecoveryStacks(app, env, data, monitoring, crossAccountCopy) };
}

// The layer names live in lib/layers.ts (pure data, read by the CI matrix tool without the stacks).
export { ENVIRONMENT_LAYERS, RECOVERY_LAYERS };

/** The recovery layers an environment's file asks for: the target needs a backup region and a CIDR. */
export function recoveryLayers(env: EnvironmentConfig): (typeof RECOVERY_LAYERS)[number][] {
  const dr = env.disasterRecovery;
  const target = dr.enabled && env.postgres.backupReplicationRegion !== null && dr.vpcCidr !== null;
  return RECOVERY_LAYERS.filter((layer) => (layer === "recovery-drill" ? dr.restoreDrill : target));
}

/** Every layer the app builds for an environment, so tools can name its stacks without building it. */
export function environmentLayers(env: EnvironmentConfig): string[] {
  return [...ENVIRONMENT_LAYERS, ...recoveryLayers(env)];
}

/**
 * The optional `<env>-recovery-*` stacks, applied after monitoring (they read the data stack's
 * outputs and the monitoring stack's topics); none exist unless the environment file asks.
 */
function addRecoveryStacks(
  app: App,
  env: EnvironmentConfig,
  data: DataStack,
  monitoring: MonitoringStack,
  crossAccountCopy: CrossAccountCopyTarget | undefined,
): Pick<EnvironmentStacks, "recoveryNetwork" | "recoveryData" | "recoveryReplication" | "recoveryDrill"> {
  const dr = env.disasterRecovery;
  const stacks: { -readonly [K in keyof EnvironmentStacks]?: EnvironmentStacks[K] } = {};
  const region = env.postgres.backupReplicationRegion;
  const layers = recoveryLayers(env);
  if (layers.includes("recovery-network") && region !== null && dr.vpcCidr !== null) {
    const network = new RecoveryNetworkStack(app, `${env.name}-recovery-network`, { env, region, vpcCidr: dr.vpcCidr });
    const recovery = new RecoveryDataStack(app, `${env.name}-recovery-data`, { env, region, network: network.outputs });
    const replication = new RecoveryReplicationStack(app, `${env.name}-recovery-replication`, {
      env,
      data: data.outputs,
      recovery: recovery.outputs,
      topics: monitoring.topics,
      ...(crossAccountCopy ? { crossAccountCopy } : {}),
    });
    network.addDependency(monitoring);
    recovery.addDependency(network);
    replication.addDependency(recovery);
    stacks.recoveryNetwork = network;
    stacks.recoveryData = recovery;
    stacks.recoveryReplication = replication;
  }
  if (layers.includes("recovery-drill")) {
    stacks.recoveryDrill = new RecoveryDrillStack(app, `${env.name}-recovery-drill`, {
      env,
      data: data.outputs,
      topics: monitoring.topics,
    });
    stacks.recoveryDrill.addDependency(monitoring);
  }
  return stacks;
}

export interface BuildOptions {
  /** Where to write; default: CDKTF_OUTDIR or cdktf.out (cdktf's own default). */
  readonly outdir?: string;
  /**
   * Only these environments (by name); default: all. The organization stack is always built; the
   * run-once `bootstrap-<account>` stacks only when no environment filter is given.
   */
  readonly environments?: readonly string[];
  /**
   * Which stacks outside the environments to build: `all` (organization and bootstrap stacks),
   * `organization`, or `none` (a parallel-synth worker that builds only environments; see
   * lib/bench/parallel-synth.ts).
   * @default - `all` without an environment filter, `organization` with one
   */
  readonly accountStacks?: "all" | "organization" | "none";
}

/** Builds the whole app: the organization stack, then every environment's stacks. */
export function buildApp(config: PlatformConfig, options: BuildOptions = {}): { app: App; stacks: TerraformStack[] } {
  // No stack traces in metadata: output must be byte-identical across machines and runs.
  const app = new App({ stackTraces: false, ...(options.outdir ? { outdir: options.outdir } : {}) });
  const accountStacks = options.accountStacks ?? (options.environments ? "organization" : "all");
  const stacks: TerraformStack[] = accountStacks === "none" ? [] : [new OrganizationStack(app, "organization", { config })];
  if (accountStacks === "all") {
    for (const account of config.accounts) {
      stacks.push(new BootstrapStack(app, `bootstrap-${account.name}`, { account, config }));
    }
  }
  for (const env of config.environments) {
    if (options.environments && !options.environments.includes(env.name)) continue;
    stacks.push(...Object.values(addEnvironmentStacks(app, env, config.organization)));
  }
  return { app, stacks };
}
