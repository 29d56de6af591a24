import * as os from "node:os";
import * as path from "node:path";
import * as fs from "node:fs";
import { Testing, type TerraformStack } from "cdktf";
import { buildApp } from "../../lib/app";
import { loadPlatformConfig } from "../../lib/config/load";
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

/** Builds the app for a configuration (default: the shipped environment files). */
export function buildStacks(config: PlatformConfig = loadPlatformConfig()): Map<string, TerraformStack> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-test-"));
  const { stacks } = buildApp(config, { outdir });
  return new Map(stacks.map((s) => [s.node.id, s]));
}

/** Synthesizes one stack (with its aspects) to parsed Terraform JSON. */
export function synthJson(stack: TerraformStack): TfJson {
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

/** All resources of one type in a synthesized stack, by logical id. */
export function resourcesOf(json: TfJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource?.[type] ?? {};
}
