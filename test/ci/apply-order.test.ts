import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { environmentLayers } from "../../lib/app";
import { repoRoot } from "../../lib/paths";
import { APPLY_LAYERS, matrixFor, stackTargets } from "../../tools/ci-matrix";
import { ciRunnerLabelPrefix } from "../../constructs/ci/names";
import { everyLayerOut } from "../helpers/ci-synth";

/**
 * The real synthesized output of one environment with every optional layer on (with the account
 * stacks) through the CI matrix, and the apply workflow's job graph against the stacks' dependencies.
 */
const { config, env, outdir } = everyLayerOut();
const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
  stacks: Record<string, { dependencies: string[] }>;
};
const targets = stackTargets(outdir, config);

type Layer = (typeof APPLY_LAYERS)[number];
const layerOf = (stack: string) => stack.slice(env.name.length + 1) as Layer;

/** Layers reachable from `start` through `edges` (start excluded). */
function closure(start: string, edges: (node: string) => string[]): string[] {
  const seen = new Set<string>();
  const walk = (n: string) => edges(n).forEach((m) => !seen.has(m) && (seen.add(m), walk(m)));
  walk(start);
  return [...seen].sort();
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { remoteStateDependencies } = require(path.join(repoRoot(), ".github", "scripts", "plan-status.js")) as {
  remoteStateDependencies: (json: unknown) => { stack: string; outputs: string[] }[];
};

describe("CI over the synthesized stacks", () => {
  test("plan-status.js finds each stack's remote-state dependencies in its JSON: manifest dependencies, and outputs their producers declare", () => {
    const json = (stack: string) =>
      JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as { output?: Record<string, unknown> };
    let checked = 0;
    for (const [stack, { dependencies }] of Object.entries(manifest.stacks)) {
      for (const dep of remoteStateDependencies(json(stack))) {
        expect({ stack, reads: dep.stack, inManifest: dependencies.includes(dep.stack) }).toEqual({
          stack,
          reads: dep.stack,
          inManifest: true,
        });
        expect(dep.outputs.length).toBeGreaterThan(0);
        const declared = Object.keys(json(dep.stack).output ?? {});
        for (const o of dep.outputs) expect(declared).toContain(o);
        checked += dep.outputs.length;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  test("the environment synthesized has a stack in every apply layer, the optional recovery layers included", () => {
    expect(environmentLayers(env)).toEqual([...APPLY_LAYERS]);
    for (const layer of APPLY_LAYERS) expect(Object.keys(manifest.stacks)).toContain(`${env.name}-${layer}`);
  });

  test("bootstrap stacks are synthesized but in no matrix", () => {
    const bootstrap = Object.keys(manifest.stacks).filter((s) => s.startsWith("bootstrap-"));
    expect(bootstrap.length).toBe(config.accounts.length);
    expect(
      matrixFor(targets)
        .include.map((t) => t.stack)
        .filter((s) => bootstrap.includes(s)),
    ).toEqual([]);
  });

  test("the platform stack (helm, kubernetes) runs inside the VPC; the network stack on GitHub-hosted runners", () => {
    expect(targets.find((t) => t.stack === `${env.name}-platform`)!.runsOn).toBe(ciRunnerLabelPrefix(env.name));
    expect(targets.find((t) => t.stack === `${env.name}-network`)!.runsOn).toBe("ubuntu-latest");
  });

  test("remote-state lookups (cross-stack references) read through the account's state-read role, which plans may assume", () => {
    const lookups = Object.keys(manifest.stacks).flatMap((name) => {
      const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as {
        data?: { terraform_remote_state?: Record<string, { config: { assume_role: { role_arn: string } } }> };
      };
      return Object.values(json.data?.terraform_remote_state ?? {}).map((r) => ({ name, role: r.config.assume_role.role_arn }));
    });
    expect(lookups.length).toBeGreaterThan(0);
    for (const { name, role } of lookups) expect({ name, role }).toEqual({ name, role: env.account.stateReadRoleArn });
  });

  test("stacks outside the account's home region (the recovery target) keep state in their own region's bucket and use the account's roles", () => {
    const backend = (stack: string) =>
      (
        JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as {
          terraform: { backend: { s3: { bucket: string; region: string; kms_key_id: string } } };
        }
      ).terraform.backend.s3;
    const away = targets.filter((t) => t.environment === env.name && t.region !== env.account.homeRegion);
    expect(away.map((t) => t.layer)).toEqual(expect.arrayContaining(["recovery-network", "recovery-data"]));
    for (const t of away) {
      const { bucket, region, kms_key_id: key } = backend(t.stack);
      // runbooks/region-loss.md: applicable while the home region is lost.
      const own = env.account.stateLocations[t.region]!;
      expect(own.bucket).not.toBe(env.account.stateBucket);
      expect({ stack: t.stack, bucket, region, key }).toEqual({ stack: t.stack, bucket: own.bucket, region: t.region, key: own.kmsKeyArn });
      expect(t.runsOn).toBe("ubuntu-latest");
      expect([t.deployRoleArn, t.planRoleArn, t.stateReadRoleArn]).toEqual([
        env.account.deployRoleArn,
        env.account.planRoleArn,
        env.account.stateReadRoleArn,
      ]);
    }
  });

  test("monitoring does not depend on platform: a failed platform apply leaves the alarms deployable", () => {
    expect(closure(`${env.name}-monitoring`, (s) => manifest.stacks[s]?.dependencies ?? [])).not.toContain(`${env.name}-platform`);
  });

  test("each apply.yml layer job waits for exactly the layers its stacks depend on (transitively)", () => {
    const wf = parse(fs.readFileSync(path.join(repoRoot(), ".github", "workflows", "apply.yml"), "utf8")) as {
      jobs: Record<string, { needs?: string | string[] }>;
    };
    const needs = (layer: string) => [wf.jobs[layer]?.needs ?? []].flat().filter((n) => n !== "synth");
    for (const layer of APPLY_LAYERS) {
      const fromStacks = closure(`${env.name}-${layer}`, (s) => manifest.stacks[s]?.dependencies ?? []).map(layerOf);
      expect({ layer, needs: closure(layer, needs) }).toEqual({ layer, needs: fromStacks });
    }
  });
});
