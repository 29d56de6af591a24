import * as fs from "node:fs";
import * as path from "node:path";
import type { App, TerraformStack } from "cdktf";
import type { BuildOptions } from "./app";
import type { PlatformConfig } from "./config/model";
import { stableJson } from "./bench/stable-json";

/**
 * The layers lib/app.ts builds per environment, named `<env>-<layer>`. Used to name every stack
 * without building the app (for `--stack` validation); test/synth/partial-synth.test.ts checks it
 * against what the app builds.
 */
export const ENVIRONMENT_LAYERS = ["network", "data", "cluster", "platform", "monitoring"] as const;

/** Every stack `npm run synth` builds for a configuration, in the order the app adds them. */
export function stackNames(config: PlatformConfig): string[] {
  return [
    "organization",
    ...config.accounts.map((a) => `bootstrap-${a.name}`),
    ...config.environments.flatMap((e) => ENVIRONMENT_LAYERS.map((layer) => `${e.name}-${layer}`)),
  ];
}

/** What `--env` / `--stack` ask for: the stacks to write and the app build that can produce them. */
export interface Selection {
  /** Stacks whose folders are (re)written; every other folder of the output stays as it was. */
  readonly write: readonly string[];
  /** The smallest buildApp call that contains them. */
  readonly build: Pick<BuildOptions, "environments" | "accountStacks">;
}

/**
 * Resolves `--env` and `--stack` names against the configuration. Returns the selection, or the
 * problems (one line each, naming the option, the bad value and the allowed values).
 */
export function selectStacks(
  config: PlatformConfig,
  envs: readonly string[],
  stacks: readonly string[],
): { selection: Selection } | { problems: string[] } {
  const envNames = config.environments.map((e) => e.name);
  const allStacks = stackNames(config);
  const problems = [
    ...envs.filter((e) => !envNames.includes(e)).map((e) => `--env: unknown environment '${e}'; allowed: ${envNames.join(", ")}`),
    ...stacks.filter((s) => !allStacks.includes(s)).map((s) => `--stack: unknown stack '${s}'; allowed: ${allStacks.join(", ")}`),
  ];
  if (problems.length > 0) return { problems };

  const write = [...new Set([...envs.flatMap((e) => ENVIRONMENT_LAYERS.map((l) => `${e}-${l}`)), ...stacks])];
  const environments = envNames.filter((e) => write.some((s) => ENVIRONMENT_LAYERS.some((l) => s === `${e}-${l}`)));
  const accountStacks = write.some((s) => s.startsWith("bootstrap-")) ? "all" : write.includes("organization") ? "organization" : "none";
  return { selection: { write, build: { environments, accountStacks } } };
}

/**
 * Removes from the app every stack not needed to synthesize `write` exactly as a full synth would:
 * kept are the stacks to write, the stacks they read from (their references must resolve) and the
 * stacks that read from them (a producer's outputs are the values its consumers read, so without
 * its consumers a producer would lose outputs), each with what it reads from in turn. Returns the
 * names kept.
 */
export function pruneApp(app: App, stacks: readonly TerraformStack[], write: readonly string[]): string[] {
  const byName = new Map(stacks.map((s) => [s.node.id, s]));
  const readsFrom = (s: TerraformStack) => s.dependencies.filter((d): d is TerraformStack => byName.has(d.node.id));
  const keep = new Set<string>();
  const addWithProducers = (s: TerraformStack) => {
    if (keep.has(s.node.id)) return;
    keep.add(s.node.id);
    readsFrom(s).forEach(addWithProducers);
  };
  const consumersOf = (name: string, seen = new Set<string>()): TerraformStack[] =>
    stacks
      .filter((s) => !seen.has(s.node.id) && readsFrom(s).some((d) => d.node.id === name))
      .flatMap((s) => {
        seen.add(s.node.id);
        return [s, ...consumersOf(s.node.id, seen)];
      });
  for (const name of write) {
    const stack = byName.get(name);
    if (!stack) throw new Error(`stack ${name} was not built`);
    addWithProducers(stack);
    consumersOf(name).forEach(addWithProducers);
  }
  for (const s of stacks) if (!keep.has(s.node.id)) app.node.tryRemoveChild(s.node.id);
  return [...keep].sort();
}

interface Manifest {
  version?: string;
  stacks: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Moves the folders of `write` from a scratch synth into `out` and merges the manifests: entries of
 * the rewritten stacks come from the scratch synth, every other entry of `out/manifest.json` stays
 * (a missing or unreadable manifest starts empty, so it then lists only the written stacks). Other
 * stacks' folders are not touched.
 */
export function mergeInto(scratch: string, out: string, write: readonly string[]): void {
  const fresh = JSON.parse(fs.readFileSync(path.join(scratch, "manifest.json"), "utf8")) as Manifest;
  const manifestPath = path.join(out, "manifest.json");
  let previous: Manifest = { stacks: {} };
  if (fs.existsSync(manifestPath)) {
    try {
      previous = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as Manifest;
    } catch {
      previous = { stacks: {} };
    }
  }
  const stacks = { ...previous.stacks };
  for (const name of write) stacks[name] = fresh.stacks[name];
  fs.mkdirSync(path.join(out, "stacks"), { recursive: true });
  for (const name of write) {
    const target = path.join(out, "stacks", name);
    const old = `${target}.old-${process.pid}`;
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.renameSync(path.join(scratch, "stacks", name), target);
    fs.rmSync(old, { recursive: true, force: true });
  }
  const tmp = `${manifestPath}.tmp-${process.pid}`;
  // cdktf's own layout (sorted keys), so a partial synth into a full one leaves the manifest byte-identical.
  fs.writeFileSync(tmp, stableJson({ ...previous, ...fresh, stacks }));
  fs.renameSync(tmp, manifestPath);
}
