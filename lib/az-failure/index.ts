/**
 * `npm run az-failure`: what losing each availability zone would take from each production
 * environment, computed from a cdktf output folder (the stacks) and Helm's rendering of the
 * charts they install. See runbooks/zone-failure.md.
 */
import * as path from "node:path";
import type { EnvironmentConfig, PlatformConfig } from "../config/model";
import { applyOrder } from "../preflight/order";
import { World } from "../preflight/world";
import { readManifest } from "../synth-output";
import { clickhouseClusters, keeperEnsembles, renderedObjects, renderedStorageClasses } from "./charts";
import { zoneOutcomes } from "./checks";
import type { EnvironmentTopology, StorageClass, VolumeBinding, ZoneOutcome } from "./model";
import { interfaceEndpoints, kafkaClusters, natRoutes, nodeGroups, postgresInstances, storageClasses } from "./terraform";
import { required } from "../defined";

export { zoneOutcomes } from "./checks";
export { formatReport, lossesOf } from "./report";
export type { EnvironmentTopology, ZoneOutcome } from "./model";

export interface AzFailureOptions {
  /** Only these environments; default: every production-tier environment. */
  readonly environments?: readonly string[];
  /** Helm binary; default: the one .ci/install-helm.sh caches. */
  readonly helm?: string;
}

/** The environments the check covers: the named ones, or every production-tier one. */
export function environmentsToCheck(config: PlatformConfig, names?: readonly string[]): EnvironmentConfig[] {
  if (!names || names.length === 0) return config.environments.filter((e) => e.tier === "production");
  const unknown = names.filter((n) => !config.environments.some((e) => e.name === n));
  if (unknown.length > 0)
    throw new Error(
      `--environment: unknown environment ${unknown.map((n) => `"${n}"`).join(", ")}; known: ${config.environments.map((e) => e.name).join(", ")}`,
    );
  return config.environments.filter((e) => names.includes(e.name));
}

/** How volumes of a storage class bind: the named class, or the default class for none. */
export function bindingOf(classes: readonly StorageClass[], name: string | undefined): VolumeBinding {
  return (name === undefined ? classes.find((c) => c.isDefault) : classes.find((c) => c.name === name))?.volumeBinding;
}

/** Reads one environment's topology from the output folder's stacks and rendered charts. */
export function readTopologies(outdir: string, config: PlatformConfig, options: AzFailureOptions = {}): EnvironmentTopology[] {
  const manifest = readManifest(outdir);
  const dirs = new Map(manifest.map((s) => [s.name, path.dirname(s.file)]));
  const world = new World(applyOrder(manifest, config).stacks);
  return environmentsToCheck(config, options.environments).map((env) => {
    const stacks = world.stacks.filter((s) => s.environment === env.name);
    if (stacks.length === 0)
      throw new Error(
        `${outdir}: no stack of environment "${env.name}" (expected ${env.name}-network ... in manifest.json); synthesize it first (npm run synth)`,
      );
    const groups = nodeGroups(world, stacks);
    const objects = renderedObjects(
      world,
      stacks,
      (s) => required(dirs.get(s.name), `synthesized folder of stack ${s.name}`),
      options.helm,
    );
    // Every environment runs ClickHouse and Keeper: finding none means the charts were not read, not that nothing can be lost.
    const kinds = new Set(objects.map((o) => o["kind"]));
    const missing = ["ClickHouseInstallation", "ClickHouseKeeperInstallation"].filter((k) => !kinds.has(k));
    if (missing.length > 0)
      throw new Error(
        `${env.name}-platform: no local chart renders a ${missing.join(" or a ")} (clickhouse.shards is ${env.clickhouse.shards} in ${env.file}); the zone check cannot place ClickHouse or Keeper`,
      );
    const classes = [...storageClasses(world, stacks), ...renderedStorageClasses(objects)];
    const topology: Omit<EnvironmentTopology, "zones"> = {
      environment: env.name,
      clickhouse: clickhouseClusters(objects, groups).map((c) => ({ ...c, volumeBinding: bindingOf(classes, c.storageClass) })),
      keeper: keeperEnsembles(objects, groups).map((k) => ({ ...k, volumeBinding: bindingOf(classes, k.storageClass) })),
      kafka: kafkaClusters(world, stacks),
      postgres: postgresInstances(world, stacks),
      natRoutes: natRoutes(world, stacks),
      endpoints: interfaceEndpoints(world, stacks),
      nodeGroups: groups,
    };
    const seen = [
      ...topology.natRoutes.flatMap((r) => [...r.subnetZones, r.natZone ?? ""]),
      ...topology.nodeGroups.flatMap((g) => g.zones),
      ...topology.kafka.flatMap((k) => k.zones),
    ];
    const zones = [...new Set([...env.availabilityZones, ...seen.filter((z) => z !== "")])].sort();
    return { ...topology, zones };
  });
}

/** Every zone of every checked environment, with what each component keeps. */
export function azFailure(outdir: string, config: PlatformConfig, options: AzFailureOptions = {}): ZoneOutcome[] {
  return readTopologies(outdir, config, options).flatMap(zoneOutcomes);
}
