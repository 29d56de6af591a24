import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildApp } from "../../lib/app";
import type { PlatformConfig } from "../../lib/config/model";

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
