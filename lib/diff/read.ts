import * as fs from "node:fs";
import * as path from "node:path";
import { readManifest } from "../synth-output";

/** The parts of a synthesized stack the diff reads. */
export interface TfJson {
  resource?: Record<string, Record<string, unknown>>;
  terraform?: unknown;
  provider?: unknown;
  output?: unknown;
  variable?: unknown;
}

/** Every stack of a cdktf output folder, by stack name. */
export type SynthTree = Map<string, TfJson>;

/** Reads a cdktf output folder (the one holding manifest.json). */
export function readSynthTree(outdir: string): SynthTree {
  if (!fs.existsSync(path.join(outdir, "manifest.json"))) {
    throw new Error(`${outdir}: no manifest.json (is it a cdktf output folder? run \`npm run synth -- --out ${outdir}\`)`);
  }
  return new Map(readManifest(outdir).map((s) => [s.name, JSON.parse(fs.readFileSync(s.file, "utf8")) as TfJson]));
}
