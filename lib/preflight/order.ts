/**
 * The documented first-deploy order (README "First deploy"), derived from the configuration and
 * the manifest, never from a list of names: `bootstrap-<account>` for every account of
 * accounts.yaml, then `organization`, then for every environment its layers in apply order.
 */
import * as fs from "node:fs";
import type { PlatformConfig } from "../config/model";
import type { Config } from "../policy/tf";
import type { SynthesizedStack } from "../synth-output";
import { APPLY_LAYERS, MANUAL_STACKS } from "../../tools/ci-matrix";
import type { PlacedStack } from "./world";

const [ORGANIZATION, BOOTSTRAP] = MANUAL_STACKS;

/** Runner label of a stack applied outside CI's layer jobs, or a matrix entry without `runsOn`. */
export const DEFAULT_RUNNER = "ubuntu-latest";

export interface ApplyOrder {
  readonly stacks: readonly PlacedStack[];
  /** Manifest stacks the documented order has no place for. */
  readonly unplaced: readonly string[];
}

/**
 * Places the manifest's stacks in deploy order. `runsOn` gives the CI runner label of a stack
 * (tools/ci-matrix.ts `stackTargets`); stacks it does not know run on `ubuntu-latest`.
 */
export function applyOrder(
  manifest: readonly SynthesizedStack[],
  config: Pick<PlatformConfig, "accounts" | "environments">,
  runsOn: (stack: string) => string | undefined = () => undefined,
): ApplyOrder {
  const wanted: { name: string; phase: string; environment: string | undefined }[] = [
    ...config.accounts.map((a) => ({ name: `${BOOTSTRAP}-${a.name}`, phase: BOOTSTRAP as string, environment: undefined })),
    { name: ORGANIZATION, phase: ORGANIZATION, environment: undefined },
    ...config.environments.flatMap((e) =>
      // APPLY_LAYERS ends with the optional recovery layers: they read the data stack and the monitoring topics.
      APPLY_LAYERS.map((layer) => ({ name: `${e.name}-${layer}`, phase: layer as string, environment: e.name })),
    ),
  ];
  const byName = new Map(manifest.map((s) => [s.name, s]));
  const stacks: PlacedStack[] = [];
  for (const w of wanted) {
    const s = byName.get(w.name);
    if (!s) continue;
    stacks.push({
      ...w,
      index: stacks.length,
      runsOn: runsOn(w.name) ?? DEFAULT_RUNNER,
      json: JSON.parse(fs.readFileSync(s.file, "utf8")) as Config,
    });
  }
  const placed = new Set(stacks.map((s) => s.name));
  return { stacks, unplaced: manifest.map((s) => s.name).filter((n) => !placed.has(n)) };
}
