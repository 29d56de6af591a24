import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadPlatformConfig } from "../../lib/config/load";
import { main } from "../../tools/preflight";

const config = loadPlatformConfig();

function run(args: string[]): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) }, () => config);
  return { code, out, err };
}

/** An output folder holding one environment's network stack, empty but for its AWS provider. */
function tree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-cli-"));
  const env = config.environments[0]!;
  const account = env.account;
  const name = `${env.name}-network`;
  fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "stacks", name, "cdk.tf.json"),
    JSON.stringify({ provider: { aws: [{ region: env.region, allowed_account_ids: [account.id] }] } }),
  );
  fs.writeFileSync(
    path.join(dir, "manifest.json"),
    JSON.stringify({
      version: "0.21.0",
      stacks: { [name]: { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, dependencies: [] } },
    }),
  );
  return dir;
}

describe("npm run preflight", () => {
  test("bad usage is a clear error and exit 2", () => {
    expect(run(["--bogus"])).toMatchObject({ code: 2, err: expect.stringContaining("unknown option '--bogus'") });
    expect(run(["--out", "/nonexistent/cdktf.out"])).toMatchObject({
      code: 2,
      err: expect.stringContaining("no manifest.json in /nonexistent/cdktf.out"),
    });
    expect(run(["extra"])).toMatchObject({ code: 2, err: expect.stringContaining("usage:") });
  });

  test("a clean output folder exits 0 with a one-line summary", () => {
    const dir = tree();
    const result = run(["--out", dir]);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^preflight: no findings \(1 stacks walked in deploy order, 0 resources checked, \d+ constraints/);
    expect(result.out.trim().split("\n")).toHaveLength(1);
  });

  test("--constraints lists every row with its source", () => {
    const { code, out } = run(["--constraints"]);
    expect(code).toBe(0);
    expect(out).toContain("config-delivery-bucket-without-object-lock (deploy-constraints row 3)");
    expect(out).toContain("source: Amazon MSK developer guide");
  });
});
