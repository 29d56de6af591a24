import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildApp } from "../../lib/app";
import { differingFiles, listFiles } from "../../lib/bench/compare-trees";
import { loadPlatformConfig } from "../../lib/config/load";
import { synthesize } from "../../lib/synth-command";
import { readManifest } from "../../lib/synth-output";
import { ENVIRONMENT_LAYERS, stackNames } from "../../lib/synth-select";
import { shippedSynthOut } from "../helpers/synth";

// `npm run synth -- --env <name>` / `--stack <name>` against the full synth of the shipped
// environments (made once per suite). Names come from the environments folder, never a fixed list.
const config = loadPlatformConfig();
const full = shippedSynthOut();
const env = config.environments[0]!.name;
// A stack others read from: its outputs depend on its readers.
const producer = `${env}-${ENVIRONMENT_LAYERS[1]}`;
const dirs: string[] = [];
const scratch = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "partial-synth-"));
  dirs.push(dir);
  return dir;
};
const copyOfFull = () => {
  const out = path.join(scratch(), "cdktf.out");
  fs.cpSync(full, out, { recursive: true });
  return out;
};
const run = (options: { out: string; env?: string[]; stacks?: string[] }) => {
  const errors: string[] = [];
  const code = synthesize({ ...options, table: false, stdout: () => undefined, stderr: (t) => errors.push(t) });
  return { code, errors: errors.join("") };
};
const stackFile = (out: string, name: string) => fs.readFileSync(path.join(out, "stacks", name, "cdk.tf.json"), "utf8");
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("npm run synth -- --env / --stack", () => {
  test("the stack names --stack accepts are exactly the stacks a full synth writes", () => {
    expect([...stackNames(config)].sort()).toEqual(readManifest(full).map((s) => s.name));
  });

  test(`--env ${env} into an empty folder writes that environment's stacks, byte-identical to the full synth, and a manifest of only them`, () => {
    const out = path.join(scratch(), "cdktf.out");
    expect(run({ out, env: [env] }).code).toBe(0);
    const written = readManifest(out).map((s) => s.name);
    expect(written).toEqual(
      readManifest(full)
        .map((s) => s.name)
        .filter((n) => ENVIRONMENT_LAYERS.some((l) => n === `${env}-${l}`)),
    );
    for (const name of written) expect(stackFile(out, name)).toBe(stackFile(full, name));
    expect(fs.readdirSync(path.join(out, "stacks")).sort()).toEqual(written);
  });

  test(`--env ${env} into a full output changes no byte: other stacks and the manifest stay as they were`, () => {
    const out = copyOfFull();
    expect(run({ out, env: [env] }).code).toBe(0);
    expect(differingFiles(full, out)).toEqual([]);
  });

  test(`--stack ${producer} rewrites only that folder, as the full synth writes it (outputs its readers need included)`, () => {
    const out = copyOfFull();
    // Mark every other stack: a partial synth must leave them alone.
    const others = readManifest(full)
      .map((s) => s.name)
      .filter((n) => n !== producer);
    for (const name of others) fs.writeFileSync(path.join(out, "stacks", name, "cdk.tf.json"), "marker");
    fs.writeFileSync(path.join(out, "stacks", producer, "cdk.tf.json"), "stale");
    expect(run({ out, stacks: [producer] }).code).toBe(0);
    expect(stackFile(out, producer)).toBe(stackFile(full, producer));
    for (const name of others) expect(stackFile(out, name)).toBe("marker");
    expect(fs.readFileSync(path.join(out, "manifest.json"), "utf8")).toBe(fs.readFileSync(path.join(full, "manifest.json"), "utf8"));
    expect(listFiles(out)).toEqual(listFiles(full));
  });

  test("the equality check catches a producer synthesized without its readers (it would lose their outputs)", () => {
    const dir = path.join(scratch(), "cdktf.out");
    const { app, stacks } = buildApp(config, { outdir: dir, environments: [env], accountStacks: "none" });
    const keep = new Set([producer, ...stacks.find((s) => s.node.id === producer)!.dependencies.map((d) => d.node.id)]);
    for (const s of stacks) if (!keep.has(s.node.id)) app.node.tryRemoveChild(s.node.id);
    app.synth();
    const alone = JSON.parse(stackFile(dir, producer)) as { output?: object };
    const inFull = JSON.parse(stackFile(full, producer)) as { output?: object };
    expect(Object.keys(inFull.output ?? {}).length).toBeGreaterThan(Object.keys(alone.output ?? {}).length);
    expect(stackFile(dir, producer)).not.toBe(stackFile(full, producer));
  });

  test("an unknown --env or --stack exits 2, names each bad value and the allowed ones, and leaves the output untouched", () => {
    const out = copyOfFull();
    const { code, errors } = run({ out, env: ["nowhere"], stacks: [`${env}-netwrok`] });
    expect(code).toBe(2);
    expect(errors).toContain(`--env: unknown environment 'nowhere'; allowed: ${config.environments.map((e) => e.name).join(", ")}`);
    expect(errors).toContain(`--stack: unknown stack '${env}-netwrok'; allowed: ${stackNames(config).join(", ")}`);
    expect(errors).not.toMatch(/\n\s+at /);
    expect(differingFiles(full, out)).toEqual([]);
  });
});
