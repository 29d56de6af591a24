import * as fs from "node:fs";
import * as path from "node:path";

/** One stack of a cdktf output folder, as recorded in its manifest.json. */
export interface SynthesizedStack {
  readonly name: string;
  /** Absolute path of the stack's cdk.tf.json. */
  readonly file: string;
  readonly dependencies: readonly string[];
}

interface Manifest {
  stacks: Record<string, { name: string; synthesizedStackPath: string; dependencies?: string[] }>;
}

/** Lists the stacks of a cdktf output folder (the folder holding manifest.json). */
export function readManifest(outdir: string): SynthesizedStack[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as Manifest;
  return Object.values(manifest.stacks)
    .map((s) => ({ name: s.name, file: path.join(outdir, s.synthesizedStackPath), dependencies: s.dependencies ?? [] }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Counts the managed resources (not data sources) of a synthesized stack. */
export function countResources(tfJson: { resource?: Record<string, Record<string, unknown>> }): number {
  return Object.values(tfJson.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}
