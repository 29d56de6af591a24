import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { buildApp } from "../../lib/app";
import { loadPlatformConfig } from "../../lib/config/load";
import type { EnvironmentConfig, PlatformConfig } from "../../lib/config/model";
import { environmentsFixture, freeVpcCidr, shippedFile } from "./fixtures";

let cached: string | undefined;

/**
 * The real synth output of one environment (the first of the folder) with the organization and
 * bootstrap stacks, written once per suite for the CI tests (test/ci/) and removed after it.
 */
export function oneEnvironmentOut(config: PlatformConfig): string {
  if (cached) return cached;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ci-synth-"));
  buildApp(config, { outdir, environments: [config.environments[0]!.name], accountStacks: "all" }).app.synth();
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
  cached = outdir;
  return outdir;
}

export interface EveryLayerOut {
  /** The configuration of the fixture folder (the shipped files, one of them with every optional layer on). */
  readonly config: PlatformConfig;
  /** The environment synthesized: the first production environment with a backup region. */
  readonly env: EnvironmentConfig;
  readonly outdir: string;
}

let everyLayer: EveryLayerOut | undefined;

/**
 * The real synth output of one environment with every optional layer on (the recovery target in
 * its backup region and the restore drill, both off in the shipped production files), with the
 * organization and bootstrap stacks: what CI must plan and apply when an environment asks for them.
 * Written once per suite, removed after it.
 */
export function everyLayerOut(): EveryLayerOut {
  if (everyLayer) return everyLayer;
  const shipped = loadPlatformConfig();
  const target = shipped.environments.find((e) => e.tier === "production" && e.postgres.backupReplicationRegion !== null);
  if (!target) throw new Error("everyLayerOut: no shipped production environment has postgres.backupReplicationRegion");
  const file = path.basename(target.file);
  // The drills need ClickHouse tiering off (the ClickHouse drill restores local-disk parts only).
  const doc = parseDocument(shippedFile(file));
  doc.setIn(["disasterRecovery"], { enabled: true, vpcCidr: freeVpcCidr(), restoreDrill: true });
  doc.setIn(["clickhouse", "tiering", "enabled"], false);
  const dir = environmentsFixture({ [file]: doc.toString() });
  const config = loadPlatformConfig(dir);
  const env = config.environments.find((e) => e.name === target.name)!;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ci-synth-"));
  buildApp(config, { outdir, environments: [env.name], accountStacks: "all" }).app.synth();
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
  everyLayer = { config, env, outdir };
  return everyLayer;
}
