import * as os from "node:os";
import * as path from "node:path";
import * as fs from "node:fs";
import { Testing, type TerraformStack } from "cdktf";
import { buildApp, type BuildOptions } from "../../lib/app";
import { loadPlatformConfig } from "../../lib/config/load";
import { synthesize } from "../../lib/synth-command";
import type { PlatformConfig } from "../../lib/config/model";

/** Terraform JSON of a stack, parsed (cdktf metadata stripped, keys sorted). */
export type TfJson = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, Record<string, unknown>[]>;
  terraform?: Record<string, unknown>;
  output?: Record<string, unknown>;
  variable?: Record<string, unknown>;
};

/**
 * Runs `build` on the first call only; later calls return its result, or throw its error again
 * without building twice.
 */
export function once<T>(build: () => T): () => T {
  let outcome: { value: T } | { error: unknown } | undefined;
  return () => {
    if (!outcome) {
      try {
        outcome = { value: build() };
      } catch (error) {
        outcome = { error };
      }
    }
    if ("error" in outcome) throw outcome.error;
    return outcome.value;
  };
}

function build(config: PlatformConfig, options: Omit<BuildOptions, "outdir">): Map<string, TerraformStack> {
  // Under the run's temporary folder (test/temp-run.js), deleted when the run ends.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-test-"));
  const { stacks } = buildApp(config, { ...options, outdir });
  return new Map(stacks.map((s) => [s.node.id, s]));
}

/**
 * The shared build of an environment set, made on first use. A broken environment file makes every
 * call throw the loader's validation message (file, field, value, what is allowed), so each test that
 * needs the stacks fails with it, while the tests that do not keep running.
 */
export function sharedBuild(load: () => PlatformConfig): () => Map<string, TerraformStack> {
  return once(() => build(load(), {}));
}

const shipped = sharedBuild(() => loadPlatformConfig());

/**
 * Builds the app for a configuration. Without one, the shipped environment files: that build is
 * shared by every test file of a suite (test/suites/), so treat its stacks as read-only.
 */
export function buildStacks(config?: PlatformConfig, options: Omit<BuildOptions, "outdir"> = {}): Map<string, TerraformStack> {
  if (!config && !options.environments) return shipped();
  return build(config ?? loadPlatformConfig(), options);
}

const shippedOut = once(() => {
  // Under the run's temporary folder (test/temp-run.js), deleted when the run ends.
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "shipped-synth-")), "cdktf.out");
  const errors: string[] = [];
  if (synthesize({ out, table: false, stdout: () => undefined, stderr: (t) => errors.push(t) }) !== 0) throw new Error(errors.join(""));
  return out;
});

/**
 * The output folder of `npm run synth` for the shipped environment files (lib/synth-command.ts, in
 * this process), made once per suite for the tests that read a whole synth output. Read-only: copy
 * it to edit it. Throws the synth's messages when it fails.
 */
export function shippedSynthOut(): string {
  return shippedOut();
}

const synthesized = new WeakMap<TerraformStack, string>();

/** Synthesizes one stack (with its aspects) to parsed Terraform JSON; a fresh copy per call. */
export function synthJson(stack: TerraformStack): TfJson {
  let text = synthesized.get(stack);
  if (text === undefined) {
    text = Testing.synth(stack);
    synthesized.set(stack, text);
  }
  return JSON.parse(text) as TfJson;
}

/** All resources of one type in a synthesized stack, by logical id. */
export function resourcesOf(json: TfJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource?.[type] ?? {};
}
