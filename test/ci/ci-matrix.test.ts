import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadPlatformConfig } from "../../lib/config/load";
import { ciRunnerLabelPrefix } from "../../constructs/ci/names";
import { APPLY_LAYERS, githubOutputLines, main, matrixFor, outputPrefix, stackTargets } from "../../tools/ci-matrix";

const config = loadPlatformConfig();

interface FakeStack {
  accountId: string;
  region: string;
  dependencies?: string[];
  /** Default: s3. */
  backend?: "s3" | "local";
  /** Providers besides aws configured in the stack's JSON. */
  providers?: string[];
}

const trees: string[] = [];
afterAll(() => trees.forEach((t) => fs.rmSync(t, { recursive: true, force: true })));

/** A cdktf-shaped output folder whose stacks carry only their backend and providers. */
function tree(stacks: Record<string, FakeStack>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "matrix-"));
  trees.push(dir);
  const manifest: { version: string; stacks: Record<string, unknown> } = { version: "0.21.0", stacks: {} };
  for (const [name, s] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
    const provider: Record<string, unknown[]> = { aws: [{ region: s.region, allowed_account_ids: [s.accountId] }] };
    for (const p of s.providers ?? []) provider[p] = [{}];
    const backend =
      s.backend === "local"
        ? { local: { path: `../../../bootstrap-state/${name}.tfstate` } }
        : { s3: { bucket: "b", key: `${name}/terraform.tfstate` } };
    fs.writeFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify({ provider, terraform: { backend } }));
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
      stateReadRoleArn: "arn:aws:iam::200000000002:role/terraform-state-read",
      deployRoleArn: "arn:aws:iam::200000000002:role/terraform-deploy",
      dependencies: ["eu-network"],
      runsOn: "ubuntu-latest",
    });
  });

  test("sorted by apply order; organization is a manual stack in the management account", () => {
    const targets = stackTargets(out, config);
    expect(targets.map((t) => t.stack)).toEqual(["organization", "eu-network", "eu-data", "staging-monitoring"]);
    expect(targets[0]).toMatchObject({
      layer: "manual",
      environment: "organization",
      planRoleArn: "arn:aws:iam::100000000001:role/terraform-plan",
    });
  });

  test("--layer keeps one layer and never the manual stacks", () => {
    const targets = stackTargets(out, config);
    expect(matrixFor(targets, "network").include.map((t) => t.stack)).toEqual(["eu-network"]);
    expect(matrixFor(targets, "cluster").include).toEqual([]);
    expect(matrixFor(targets).include).toHaveLength(4);
  });

  test("recovery stacks get their own layers, after monitoring, in the order of lib/layers.ts; their region is the stack's own", () => {
    const targets = stackTargets(
      tree({
        "eu-recovery-replication": { accountId: "200000000002", region: "eu-central-1", dependencies: ["eu-recovery-data"] },
        "eu-recovery-drill": { accountId: "200000000002", region: "eu-central-1", dependencies: ["eu-monitoring"] },
        "eu-recovery-data": { accountId: "200000000002", region: "eu-west-1", dependencies: ["eu-recovery-network"] },
        "eu-recovery-network": { accountId: "200000000002", region: "eu-west-1", dependencies: ["eu-monitoring"] },
        "eu-monitoring": { accountId: "200000000002", region: "eu-central-1" },
      }),
      config,
    );
    expect(targets.map((t) => t.layer)).toEqual([
      "monitoring",
      "recovery-network",
      "recovery-data",
      "recovery-replication",
      "recovery-drill",
    ]);
    expect(APPLY_LAYERS.slice(-4)).toEqual(["recovery-network", "recovery-data", "recovery-replication", "recovery-drill"]);
    expect(matrixFor(targets, "recovery-data").include.map((t) => [t.stack, t.region, t.environment])).toEqual([
      ["eu-recovery-data", "eu-west-1", "eu"],
    ]);
  });

  test("GitHub output lines: underscored names per layer, count 0 and an empty matrix for a layer nothing synthesizes", () => {
    const targets = stackTargets(out, config);
    expect(outputPrefix("recovery-network")).toBe("recovery_network_");
    expect(githubOutputLines(targets, "recovery-network")).toBe('recovery_network_matrix={"include":[]}\nrecovery_network_count=0\n');
    expect(githubOutputLines(targets, "network")).toMatch(
      /^network_matrix=\{"include":\[\{"stack":"eu-network",.*\}\]\}\nnetwork_count=1\n$/,
    );
    expect(githubOutputLines(targets)).toMatch(/^matrix=.*\ncount=4\n$/);
  });

  test("--each-layer --github-output appends a matrix and a count for every apply layer to $GITHUB_OUTPUT", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gh-output-")), "output");
    trees.push(path.dirname(file));
    const before = process.env.GITHUB_OUTPUT;
    process.env.GITHUB_OUTPUT = file;
    try {
      main(["node", "ci-matrix", "--out", out, "--each-layer", "--github-output"]);
    } finally {
      if (before === undefined) delete process.env.GITHUB_OUTPUT;
      else process.env.GITHUB_OUTPUT = before;
    }
    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines.map((l) => l.slice(0, l.indexOf("=")))).toEqual(
      APPLY_LAYERS.flatMap((l) => [`${outputPrefix(l)}matrix`, `${outputPrefix(l)}count`]),
    );
    expect(lines).toContain("recovery_drill_count=0");
    expect(lines).toContain("data_count=1");
    expect(() => main(["node", "ci-matrix", "--out", out, "--each-layer"])).toThrow(
      "--each-layer writes one matrix per layer: add --github-output",
    );
  });

  test("throws when a stack's provider names an undeclared account", () => {
    expect(() => stackTargets(tree({ "eu-data": { accountId: "999999999999", region: "eu-central-1" } }), config)).toThrow(
      /eu-data: its AWS provider names account 999999999999, which environments\/accounts.yaml does not declare/,
    );
  });
});

describe("ci-matrix: what runs where", () => {
  const prodUs = config.accounts.find((a) => a.name === "prod-us")!;
  const env = config.environments.find((e) => e.account.name === prodUs.name)!;
  const targets = stackTargets(
    tree({
      organization: { accountId: "100000000001", region: "us-east-1" },
      "bootstrap-prod-us": { accountId: prodUs.id, region: prodUs.homeRegion, backend: "local" },
      // Named like a layer without cluster access, but configures the kubernetes provider: the JSON decides.
      [`${env.name}-data`]: { accountId: prodUs.id, region: env.region, providers: ["kubernetes"] },
      [`${env.name}-platform`]: { accountId: prodUs.id, region: env.region, providers: ["helm", "kubernetes"] },
      [`${env.name}-monitoring`]: { accountId: prodUs.id, region: env.region },
    }),
    config,
  );
  const byStack = new Map(targets.map((t) => [t.stack, t]));

  test("bootstrap stacks (local state) are in neither the plan/drift nor any apply matrix; organization stays in the plan matrix", () => {
    expect(byStack.has("bootstrap-prod-us")).toBe(false);
    expect(matrixFor(targets).include.map((t) => t.stack)).toContain("organization");
  });

  test("stacks with a kubernetes or helm provider run on the environment's in-VPC runner, the others on GitHub-hosted runners", () => {
    expect(byStack.get(`${env.name}-data`)!.runsOn).toBe(ciRunnerLabelPrefix(env.name));
    expect(byStack.get(`${env.name}-platform`)!.runsOn).toBe(ciRunnerLabelPrefix(env.name));
    expect(byStack.get(`${env.name}-monitoring`)!.runsOn).toBe("ubuntu-latest");
    expect(byStack.get("organization")!.runsOn).toBe("ubuntu-latest");
  });

  test("plans get the account's read-only state role", () => {
    expect(byStack.get(`${env.name}-platform`)!.stateReadRoleArn).toBe(prodUs.stateReadRoleArn);
  });

  test("a kubernetes provider outside any environment is an error (no runner could reach a cluster)", () => {
    expect(() =>
      stackTargets(tree({ organization: { accountId: "100000000001", region: "us-east-1", providers: ["helm"] } }), config),
    ).toThrow(/organization: it configures a kubernetes or helm provider but belongs to no environment/);
  });
});
