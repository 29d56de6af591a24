import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadPlatformConfig } from "../../lib/config/load";
import type { EnvironmentConfig } from "../../lib/config/model";
import { environmentOf, synthesize } from "../../lib/synth-command";
import { environmentsFixture, shippedFile } from "../helpers/fixtures";
import { buildStacks, synthJson } from "../helpers/synth";

const stacks = buildStacks();

/** The optional recovery stacks an environment file asks for (lib/app.ts addRecoveryStacks). */
const recoveryStacks = (e: EnvironmentConfig): string[] =>
  [
    ...(e.disasterRecovery.enabled ? ["recovery-network", "recovery-data", "recovery-replication"] : []),
    ...(e.disasterRecovery.restoreDrill ? ["recovery-drill"] : []),
  ].map((l) => `${e.name}-${l}`);
const synthesized = new Map([...stacks].map(([name, stack]) => [name, synthJson(stack)]));

describe("layered stacks", () => {
  test("one organization stack, one bootstrap stack per account, plus network, data, cluster, platform and monitoring per environment, and the recovery stacks its file asks for", () => {
    const config = loadPlatformConfig();
    expect([...stacks.keys()].sort()).toEqual(
      [
        "organization",
        ...config.accounts.map((a) => `bootstrap-${a.name}`),
        ...config.environments.flatMap((e) => ["network", "data", "cluster", "platform", "monitoring"].map((l) => `${e.name}-${l}`)),
        ...config.environments.flatMap(recoveryStacks),
      ].sort(),
    );
  });

  test("layers depend on each other in deployment order", () => {
    const deps = (name: string) =>
      stacks
        .get(name)!
        .dependencies.map((d) => d.node.id)
        .sort();
    expect(deps("us-network")).toEqual([]);
    expect(deps("us-data")).toContain("us-network");
    expect(deps("us-cluster")).toContain("us-data");
    expect(deps("us-platform")).toContain("us-cluster");
    // Monitoring reads network, data and cluster; a failed platform apply must not block it.
    expect(deps("us-monitoring")).toContain("us-cluster");
    expect(deps("us-monitoring")).not.toContain("us-platform");
  });

  // Bootstrap stacks keep local state (they create the bucket): test/stacks/bootstrap-stack.test.ts.
  test.each([...synthesized.keys()].filter((n) => !n.startsWith("bootstrap-")))(
    "%s: S3 backend with its own key, encryption, lockfile and an assumed state role",
    (name) => {
      const backend = (synthesized.get(name)!.terraform as { backend: { s3: Record<string, unknown> } }).backend.s3;
      expect(backend).toMatchObject({ key: `${name}/terraform.tfstate`, encrypt: true, use_lockfile: true });
      expect(backend).not.toHaveProperty("role_arn");
      expect(backend.assume_role).toEqual(
        expect.objectContaining({ role_arn: expect.stringMatching(/^arn:aws:iam::\d{12}:role\/terraform-state$/) }),
      );
      expect(backend.kms_key_id).toMatch(/^arn:aws:kms:/);
    },
  );

  test.each([...synthesized.keys()])("%s: every AWS provider is pinned to its account, assumes a role and tags", (name) => {
    const json = synthesized.get(name)!;
    const providers = json.provider?.aws ?? [];
    expect(providers.length).toBeGreaterThan(0);
    for (const p of providers) {
      expect(p.allowed_account_ids).toEqual([expect.stringMatching(/^\d{12}$/)]);
      expect(p.assume_role).toEqual([expect.objectContaining({ role_arn: expect.any(String) })]);
      const tags = (p.default_tags as { tags: Record<string, string> }[])[0]!.tags;
      expect(Object.keys(tags).sort()).toEqual(["cost-center", "environment", "managed-by", "repository", "team", "tier"]);
    }
  });

  test("each environment deploys into its own account and region", () => {
    const provider = (name: string) => synthesized.get(name)!.provider!.aws![0]!;
    expect(provider("us-data")).toMatchObject({ region: "us-east-1", allowed_account_ids: ["200000000001"] });
    expect(provider("eu-data")).toMatchObject({ region: "eu-central-1", allowed_account_ids: ["200000000002"] });
    expect(provider("staging-data")).toMatchObject({ region: "us-east-1", allowed_account_ids: ["300000000001"] });
    expect(provider("organization")).toMatchObject({ allowed_account_ids: ["100000000001"] });
  });

  test("EU state stays in the EU", () => {
    const backend = (synthesized.get("eu-data")!.terraform as { backend: { s3: Record<string, unknown> } }).backend.s3;
    expect(backend.region).toBe("eu-central-1");
  });

  test("adding an environment file adds its stacks with no code change", () => {
    const copy = shippedFile("eu.yaml")
      .replace("eu-central-1", "eu-west-2")
      .replace("10.20.0.0/16", "10.60.0.0/16")
      .replace("eu-west-1", "eu-west-3")
      .replace(/^residency: .*\n/m, "");
    const names = [...buildStacks(loadPlatformConfig(environmentsFixture({ "uk.yaml": copy })), { environments: ["uk"] }).keys()];
    expect(names).toEqual(expect.arrayContaining(["uk-network", "uk-data", "uk-cluster", "uk-platform"]));
  });
});

describe("synthesize (npm run synth)", () => {
  const quiet = { stdout: () => undefined, stderr: () => undefined };

  test("bad input exits 1, names the problem, and leaves the previous output untouched", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "out-"));
    fs.writeFileSync(path.join(out, "marker.json"), "{}");
    const errors: string[] = [];
    const code = synthesize({
      ...quiet,
      out,
      stderr: (t) => errors.push(t),
      environmentsDir: environmentsFixture({ "us.yaml": "tier: production\n" }),
    });
    expect(code).toBe(1);
    expect(errors.join("")).toMatch(/us\.yaml: account: .*/);
    expect(errors.join("")).not.toMatch(/\n\s+at /); // no stack trace
    expect(fs.readdirSync(out)).toEqual(["marker.json"]);
  });

  test("writes every stack and a manifest, and prints the stack table", () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "out-")), "cdktf.out");
    const printed: string[] = [];
    expect(synthesize({ ...quiet, out, environments: ["staging"], stdout: (t) => printed.push(t) })).toBe(0);
    const staging = loadPlatformConfig().environments.find((e) => e.name === "staging")!;
    expect(fs.readdirSync(path.join(out, "stacks")).sort()).toEqual(
      [
        "organization",
        "staging-cluster",
        "staging-data",
        "staging-monitoring",
        "staging-network",
        "staging-platform",
        ...recoveryStacks(staging),
      ].sort(),
    );
    expect(printed.join("")).toMatch(/staging-data\s+│\s+staging/);
  });
});

test.each([
  ["us-data", "us"],
  ["us-west-monitoring", "us-west"],
  ["organization", "-"],
  ["bootstrap-prod-us", "-"],
])("the synth table puts %s in environment %s", (stack, env) => {
  expect(environmentOf(stack)).toBe(env);
});
