import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadPlatformConfig } from "../../lib/config/load";
import { preflight } from "../../lib/preflight";
import { applyOrder, DEFAULT_RUNNER } from "../../lib/preflight/order";
import { World } from "../../lib/preflight/world";
import { readManifest } from "../../lib/synth-output";
import { APPLY_LAYERS } from "../../tools/ci-matrix";

const config = loadPlatformConfig();

/** A cdktf-shaped output folder with empty stacks, written in the given (arbitrary) order. */
function tree(names: readonly string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-order-"));
  const stacks: Record<string, unknown> = {};
  for (const name of names) {
    fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), "{}");
    stacks[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, dependencies: [] };
  }
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks }));
  return dir;
}

describe("preflight: deploy order", () => {
  const expected = [
    ...config.accounts.map((a) => `bootstrap-${a.name}`),
    "organization",
    ...config.environments.flatMap((e) => APPLY_LAYERS.map((l) => `${e.name}-${l}`)),
  ];
  const dir = tree([...expected].reverse());
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("bootstrap per account, then organization, then each environment's layers, from the config", () => {
    const order = applyOrder(readManifest(dir), config);
    expect(order.stacks.map((s) => s.name)).toEqual(expected);
    expect(order.stacks.map((s) => s.index)).toEqual(expected.map((_, i) => i));
    expect(order.unplaced).toEqual([]);
  });

  test("stacks run on ubuntu-latest unless the CI matrix says otherwise", () => {
    const first = config.environments[0]!.name;
    const order = applyOrder(readManifest(dir), config, (s) => (s === `${first}-platform` ? "codebuild-x" : undefined));
    expect(order.stacks.find((s) => s.name === `${first}-platform`)?.runsOn).toBe("codebuild-x");
    expect(order.stacks.find((s) => s.name === `${first}-network`)?.runsOn).toBe(DEFAULT_RUNNER);
  });

  test("a stack the documented order has no place for is a finding", () => {
    const stray = tree([...expected, "scratch-experiment"]);
    const order = applyOrder(readManifest(stray), config);
    expect(order.unplaced).toEqual(["scratch-experiment"]);
    expect(preflight(new World(order.stacks), order.unplaced).findings).toEqual([
      expect.objectContaining({ stack: "scratch-experiment", address: "stack", check: "order" }),
    ]);
    fs.rmSync(stray, { recursive: true, force: true });
  });
});
