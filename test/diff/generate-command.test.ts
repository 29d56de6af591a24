import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pinnedVersion, runGenerate } from "../../lib/diff/generate/command";
import { repoRoot } from "../../lib/paths";

const FIXTURE = path.join(__dirname, "fixtures", "go");
const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A cdktf-shaped output folder whose one stack uses the given resource types. */
function synthFolder(types: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "force-new-synth-"));
  scratch.push(dir);
  fs.mkdirSync(path.join(dir, "stacks", "s"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "stacks", "s", "cdk.tf.json"),
    JSON.stringify({ resource: Object.fromEntries(types.map((t) => [t, { x: {} }])) }),
  );
  fs.writeFileSync(
    path.join(dir, "manifest.json"),
    JSON.stringify({ version: "0.21.0", stacks: { s: { name: "s", synthesizedStackPath: "stacks/s/cdk.tf.json" } } }),
  );
  return dir;
}

function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = runGenerate(args, { root: repoRoot(), stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const sources = [
  "--aws",
  path.join(FIXTURE, "aws"),
  "--kubernetes",
  path.join(FIXTURE, "kubernetes"),
  "--helm",
  path.join(FIXTURE, "helm"),
];

describe("npm run generate:force-new", () => {
  test("a missing provider checkout is named with the version to check out; exit 1", () => {
    const result = run(["--aws", path.join(FIXTURE, "aws"), "--helm", path.join(FIXTURE, "helm")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `generate-force-new: --kubernetes <dir> is required: a checkout of hashicorp/terraform-provider-kubernetes at v${pinnedVersion(repoRoot(), "kubernetes")}\n`,
    );
  });

  test("a folder that does not exist and a synth folder without manifest are refused with the bad value", () => {
    expect(run([...sources.slice(0, 4), "--helm", "/no/such/helm"]).stderr).toContain("--helm: /no/such/helm is not a folder");
    expect(run([...sources, "--synth", os.tmpdir()]).stderr).toContain(`--synth: ${os.tmpdir()} has no manifest.json`);
  });

  test("writes the table, then --check passes; a stale table fails --check", () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "force-new-out-")), "table.json");
    scratch.push(path.dirname(out));
    const synth = synthFolder(["aws_widget", "helm_chart_install"]);
    const written = run([...sources, "--synth", synth, "--out", out]);
    expect(written).toMatchObject({ code: 0, stdout: `wrote ${out}: 2 types, 2 read from source\n` });
    expect(run([...sources, "--synth", synth, "--out", out, "--check"])).toMatchObject({ code: 0, stdout: `${out} is up to date\n` });

    const stale = synthFolder(["aws_widget", "helm_chart_install", "kubernetes_gadget_v1"]);
    expect(run([...sources, "--synth", stale, "--out", out, "--check"])).toMatchObject({
      code: 1,
      stdout: expect.stringContaining("differs from what the sources generate"),
    });
  });

  test("types without source are listed on stderr", () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "force-new-out-")), "table.json");
    scratch.push(path.dirname(out));
    const result = run([...sources, "--synth", synthFolder(["aws_widget", "aws_made_up"]), "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("no source found for 1 type(s): aws_made_up");
  });
});
