import * as fs from "node:fs";
import * as path from "node:path";
import Table from "cli-table3";
import { buildApp } from "./app";
import { loadPlatformConfig } from "./config/load";
import { ConfigError, type ConfigProblem } from "./config/problems";
import type { PlatformConfig } from "./config/model";
import { countResources, readManifest } from "./synth-output";
import { mergeInto, pruneApp, selectStacks } from "./synth-select";
import { describeSynthError } from "./policy/synth-error";

export interface SynthOptions {
  /** Output folder (replaced only when synth succeeds). */
  readonly out: string;
  /** Folder of the environment files. Default: environments/. */
  readonly environmentsDir?: string;
  /** Only these environments; default all. The output folder is replaced as a whole. */
  readonly environments?: readonly string[];
  /**
   * `--env`: (re)write only these environments' stacks into `out`, leaving every other stack's
   * folder as it is and merging manifest.json (lib/synth-select.ts). Combines with `stacks`.
   */
  readonly env?: readonly string[];
  /** `--stack`: (re)write only these stacks, as `env` does. */
  readonly stacks?: readonly string[];
  /** Where messages go. */
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Print the stack table. Default: true. */
  readonly table?: boolean;
}

/**
 * Validates the environment files, synthesizes every stack into a scratch folder beside `out`, and
 * swaps it into place. On any failure the previous `out` is left exactly as it was. Returns the
 * process exit code.
 */
export function synthesize(options: SynthOptions): number {
  const { out, stdout, stderr } = options;
  let config: PlatformConfig;
  try {
    config = loadPlatformConfig(options.environmentsDir);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    stderr(`synth refused: ${err.message}\n${out} was not changed.\n`);
    return 1;
  }
  if (options.env?.length || options.stacks?.length) return synthesizePart(config, options);
  const unknown = (options.environments ?? []).filter((e) => !config.environments.some((c) => c.name === e));
  if (unknown.length > 0) {
    const problem: ConfigProblem = {
      file: "--environments",
      field: "",
      message: `known environments: ${config.environments.map((e) => e.name).join(", ")}`,
      value: unknown,
    };
    stderr(`synth refused: ${new ConfigError([problem]).message}\n`);
    return 1;
  }

  const scratch = `${out}.tmp-${process.pid}`;
  fs.rmSync(scratch, { recursive: true, force: true });
  try {
    const { app } = buildApp(config, { outdir: scratch, ...(options.environments ? { environments: options.environments } : {}) });
    app.synth();
  } catch (err) {
    fs.rmSync(scratch, { recursive: true, force: true });
    stderr(`synth failed: ${describeSynthError(err)}\n${out} was not changed.\n`);
    return 1;
  }
  const previous = `${out}.old-${process.pid}`;
  if (fs.existsSync(out)) fs.renameSync(out, previous);
  fs.renameSync(scratch, out);
  fs.rmSync(previous, { recursive: true, force: true });

  if (options.table !== false) stdout(`${stackTable(out)}\nwrote ${path.relative(process.cwd(), out) || out}\n`);
  return 0;
}

/**
 * `--env` / `--stack`: builds the selected environments (and only the account stacks asked for),
 * synthesizes the stacks to write plus the stacks they read from and that read from them (so each
 * written stack is byte-identical to a full synth's), and moves only the selected stacks' folders
 * into `out`. An unknown name exits 2, naming the allowed values; `out` is then not touched.
 */
function synthesizePart(config: PlatformConfig, options: SynthOptions): number {
  const { out, stdout, stderr } = options;
  const picked = selectStacks(config, options.env ?? [], options.stacks ?? []);
  if ("problems" in picked) {
    stderr(`synth refused:\n  ${picked.problems.join("\n  ")}\n${out} was not changed.\n`);
    return 2;
  }
  const { write, build } = picked.selection;
  const scratch = `${out}.tmp-${process.pid}`;
  fs.rmSync(scratch, { recursive: true, force: true });
  try {
    const { app, stacks } = buildApp(config, { outdir: scratch, ...build });
    pruneApp(app, stacks, write);
    app.synth();
    mergeInto(scratch, out, write);
  } catch (err) {
    stderr(`synth failed: ${describeSynthError(err)}\n${out} was not changed.\n`);
    return 1;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  if (options.table !== false)
    stdout(`${stackTable(out, write)}\nwrote ${write.length} of the stacks in ${path.relative(process.cwd(), out) || out}\n`);
  return 0;
}

/** The environment a stack belongs to: `-` for the organization-wide stacks. */
export function environmentOf(stackName: string): string {
  if (stackName === "organization" || stackName.startsWith("bootstrap-")) return "-";
  return stackName.replace(/-[a-z]+$/, "");
}

/** The table `npm run synth` prints: stack, environment, resource count (of `only`, when given). */
export function stackTable(out: string, only?: readonly string[]): string {
  const table = new Table({ head: ["stack", "environment", "resources"], style: { head: [], border: [] } });
  let total = 0;
  for (const stack of readManifest(out).filter((s) => !only || only.includes(s.name))) {
    const count = countResources(JSON.parse(fs.readFileSync(stack.file, "utf8")));
    total += count;
    table.push([stack.name, environmentOf(stack.name), count]);
  }
  table.push(["total", "", total]);
  return table.toString();
}
