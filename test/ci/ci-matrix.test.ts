import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadPlatformConfig } from "../../lib/config/load";
import { matrixFor, stackTargets } from "../../tools/ci-matrix";

const config = loadPlatformConfig();

/** A cdktf-shaped output folder whose stacks carry only their AWS provider. */
function tree(stacks: Record<string, { accountId: string; region: string; dependencies?: string[] }>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matrix-"));
  const manifest: { version: string; stacks: Record<string, unknown> } = { version: "0.21.0", stacks: {} };
  for (const [name, s] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify({ provider: { aws: [{ region: s.region, allowed_account_ids: [s.accountId] }] } }));
    manifest.stacks[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json`, dependencies: s.dependencies ?? [] };
  }
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
  return dir;
}

const out = tree({
  organization: { accountId: "100000000001", region: "us-east-1" },
  "eu-data": { accountId: "200000000002", region: "eu-central-1", dependencies: ["eu-network"] },
  "eu-network": { accountId: "200000000002", region: "eu-central-1" },
  "staging-monitoring": { accountId: "300000000001", region: "us-east-1", dependencies: ["staging-platform"] },
});

describe("ci-matrix", () => {
  test("one entry per stack, with its account, region and the roles from accounts.yaml", () => {
    const targets = stackTargets(out, config);
    expect(targets.find((t) => t.stack === "eu-data")).toEqual({
      stack: "eu-data",
      environment: "eu",
      layer: "data",
      account: "prod-eu",
      accountId: "200000000002",
      region: "eu-central-1",
      planRoleArn: "arn:aws:iam::200000000002:role/terraform-plan",
      deployRoleArn: "arn:aws:iam::200000000002:role/terraform-deploy",
      dependencies: ["eu-network"],
    });
  });

  test("sorted by apply order; organization is a manual stack in the management account", () => {
    const targets = stackTargets(out, config);
    expect(targets.map((t) => t.stack)).toEqual(["organization", "eu-network", "eu-data", "staging-monitoring"]);
    expect(targets[0]).toMatchObject({ layer: "manual", environment: "organization", planRoleArn: "arn:aws:iam::100000000001:role/terraform-plan" });
  });

  test("--layer keeps one layer and never the manual stacks", () => {
    const targets = stackTargets(out, config);
    expect(matrixFor(targets, "network").include.map((t) => t.stack)).toEqual(["eu-network"]);
    expect(matrixFor(targets, "cluster").include).toEqual([]);
    expect(matrixFor(targets).include).toHaveLength(4);
  });

  test("throws when a stack's provider names an undeclared account", () => {
    expect(() => stackTargets(tree({ "eu-data": { accountId: "999999999999", region: "eu-central-1" } }), config)).toThrow(
      /eu-data: its AWS provider names account 999999999999, which environments\/accounts.yaml does not declare/,
    );
  });
});
