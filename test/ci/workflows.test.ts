/* eslint-disable no-template-curly-in-string -- the strings below are literal GitHub expressions and shell variables, not templates */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { validateWorkflow } from "@action-validator/core";
import { repoRoot } from "../../lib/paths";
import { APPLY_LAYERS, outputPrefix } from "../../tools/ci-matrix";
import { GITHUB_SUBJECT_CLAIM_KEYS, GITHUB_WORKFLOWS } from "../../constructs/bootstrap/github-subjects";

const root = repoRoot();
const workflowsDir = path.join(root, ".github", "workflows");
const workflowFiles = fs
  .readdirSync(workflowsDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

type Step = { id?: string; uses?: string; run?: string; with?: Record<string, unknown>; if?: string; env?: Record<string, string> };
type Job = {
  needs?: string | string[];
  if?: string;
  uses?: string;
  "runs-on"?: string;
  with?: Record<string, string>;
  permissions?: Record<string, string>;
  environment?: string;
  strategy?: { matrix: unknown };
  steps?: Step[];
};
type Workflow = { on: Record<string, unknown>; jobs: Record<string, Job> };
const load = (name: string) => parse(fs.readFileSync(path.join(workflowsDir, name), "utf8")) as Workflow;
const stepsOf = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps ?? []);

/** action-validator's schema and expression checks (the wasm core behind @action-validator/cli). */
const validate = (file: string) => validateWorkflow(fs.readFileSync(file, "utf8")).errors;

describe("GitHub Actions workflows", () => {
  test("there are plan, apply, apply-layer and drift workflows", () => {
    expect(workflowFiles).toEqual(["apply-layer.yml", "apply.yml", "drift.yml", "plan.yml"]);
  });

  test.each(workflowFiles)("%s passes action-validator", (file) => {
    expect(validate(path.join(workflowsDir, file))).toEqual([]);
  });

  test("action-validator rejects a broken workflow (the check can fail)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wf-"));
    try {
      const broken = path.join(dir, "broken.yml");
      fs.writeFileSync(broken, "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n");
      expect(validate(broken)).not.toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("every third-party action is pinned to a full commit SHA", () => {
    const uses = workflowFiles.flatMap((f) =>
      stepsOf(load(f))
        .map((s) => s.uses)
        .filter((u): u is string => !!u),
    );
    expect(uses.length).toBeGreaterThan(5);
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
  });

  // The version a SHA stands for, for people and Dependabot: `uses: owner/action@<sha> # vX.Y.Z`.
  const pinned = /^\s*-?\s*uses:\s*[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/;
  const usesLines = (text: string) => text.split("\n").filter((l) => /^\s*-?\s*uses:\s*[^.\s]/.test(l));

  test("every third-party action line carries the version its SHA is, as a comment", () => {
    // The SHAs were checked against the tags of each action's repository on 2026-12-07
    // (`git rev-parse vX.Y.Z^{commit}` in snapshots of actions/checkout, setup-node, upload-artifact,
    // download-artifact, github-script, hashicorp/setup-terraform, aws-actions/configure-aws-credentials).
    const lines = workflowFiles.flatMap((f) => usesLines(fs.readFileSync(path.join(workflowsDir, f), "utf8")));
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) expect(l).toMatch(pinned);
  });

  test("the pin check rejects a tag, a short SHA and a SHA without its version", () => {
    for (const bad of [
      "- uses: actions/checkout@v4",
      "- uses: actions/checkout@3d3c42e # v7.0.1",
      "- uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
    ]) {
      expect(usesLines(bad)).toHaveLength(1);
      expect(bad).not.toMatch(pinned);
    }
    expect("      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1").toMatch(pinned);
  });

  test("the Terraform version is pinned once, in .terraform-version, and read by every workflow that installs Terraform", () => {
    const version = fs.readFileSync(path.join(root, ".terraform-version"), "utf8").trim();
    expect(version).toMatch(/^1\.(1[1-9]|[2-9]\d)\.\d+$/); // use_lockfile needs >= 1.10, assume_role blocks 1.11
    for (const file of workflowFiles) {
      const text = fs.readFileSync(path.join(workflowsDir, file), "utf8");
      expect(text).not.toContain(version);
      for (const step of stepsOf(load(file)).filter((s) => s.uses?.startsWith("hashicorp/setup-terraform@"))) {
        expect(step.with?.terraform_version).toBe("${{ steps.terraform.outputs.version }}");
        expect(text).toContain("$(cat .terraform-version)");
      }
    }
    const scripts = fs.readdirSync(path.join(root, ".github", "scripts"));
    for (const s of scripts) expect(fs.readFileSync(path.join(root, ".github", "scripts", s), "utf8")).not.toContain(version);
  });
});

describe("plan on pull requests", () => {
  const wf = load("plan.yml");
  const plan = wf.jobs.plan!;

  test("runs on pull requests, including label changes (allow-destroy)", () => {
    expect(wf.on.pull_request).toEqual({ types: expect.arrayContaining(["opened", "synchronize", "labeled", "unlabeled"]) });
  });

  test("installs with npm ci, tests, synthesizes once and uploads cdktf.out", () => {
    const runs = wf.jobs.synth!.steps!.map((s) => s.run ?? s.uses ?? "");
    const at = (re: RegExp) => runs.findIndex((r) => re.test(r));
    expect(at(/^npm ci/)).toBeGreaterThanOrEqual(0);
    expect(at(/^npm test$/)).toBeGreaterThan(at(/^npm ci/));
    expect(at(/^npm run synth$/)).toBeGreaterThan(at(/^npm test$/));
    expect(runs.filter((r) => /npm run synth/.test(r))).toHaveLength(1);
    const upload = wf.jobs.synth!.steps!.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    expect(String(upload.with!.path)).toContain("cdktf.out");
  });

  test("plans one matrix entry per changed stack (npm run changed against the pull request's base), with OIDC and the minimum permissions", () => {
    expect(plan.strategy!.matrix).toBe("${{ fromJSON(needs.synth.outputs.matrix) }}");
    const matrix = wf.jobs.synth!.steps!.find((s) => s.id === "matrix")!;
    expect(matrix.env!.BASE_SHA).toBe("${{ github.event.pull_request.base.sha }}");
    expect(matrix.run).toMatch(
      /^node dist\/tools\/changed\.js --base "\$BASE_SHA" --head HEAD --base-out reports\/base\.out --head-out cdktf\.out --github-output/,
    );
    expect(plan.permissions).toEqual({ "id-token": "write", contents: "read", "pull-requests": "write" });
    const creds = plan.steps!.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
    expect(creds.with!["role-to-assume"]).toBe("${{ matrix.planRoleArn }}");
  });

  test("plans with -lock=false and the plan role as role_arn, and reports unapplied dependencies without failing", () => {
    const script = fs.readFileSync(path.join(root, ".github", "scripts", "plan-stack.sh"), "utf8");
    expect(script).toMatch(/terraform -chdir="\$dir" init -input=false/);
    expect(script).toMatch(/plan -input=false -lock=false .*-var "role_arn=\$\{role\}" .*-out=tfplan/);
    expect(script).toContain('plan-status.js" "$dir/cdk.tf.json" "$init_exit" "$plan_exit"');
    const fail = plan.steps!.find((s) => s.if?.includes("steps.plan.outputs.status"))!;
    expect(fail.if).toBe("steps.plan.outputs.status == 'failed'");
  });

  test("posts one comment per stack, found again by a hidden marker", () => {
    const script = fs.readFileSync(path.join(root, ".github", "scripts", "plan-stack.sh"), "utf8");
    expect(script).toContain('echo "<!-- cdktf-plan:${stack} -->"');
    expect(script).toContain("reports/diff/${stack}.md");
    expect(script).toContain("reports/cost/${stack}.md");
    const upsert = fs.readFileSync(path.join(root, ".github", "scripts", "upsert-comment.js"), "utf8");
    expect(upsert).toContain("updateComment");
    expect(plan.steps!.some((s) => s.uses?.startsWith("actions/github-script@"))).toBe(true);
  });

  test("the allow-destroy label maps to --allow-destroy and the guard fails on exit status 2", () => {
    const reports = wf.jobs.synth!.steps!.find((s) => s.run?.includes("pr-reports.sh"))!;
    expect(reports.env!.ALLOW_DESTROY).toBe("${{ contains(github.event.pull_request.labels.*.name, 'allow-destroy') }}");
    const script = fs.readFileSync(path.join(root, ".github", "scripts", "pr-reports.sh"), "utf8");
    expect(script).toContain('[ "$2" = true ] && allow=(--allow-destroy)');
    expect(wf.jobs.guard!.steps!.map((s) => s.run ?? "").join("\n")).toContain('if [ "$status" = 2 ]');
  });

  test("the shell scripts parse", () => {
    for (const s of ["plan-stack.sh", "pr-reports.sh"]) execFileSync("bash", ["-n", path.join(root, ".github", "scripts", s)]);
  });
});

describe("apply on main", () => {
  const wf = load("apply.yml");
  const layer = load("apply-layer.yml");

  test("runs on pushes to main", () => {
    expect(wf.on.push).toEqual({ branches: ["main"] });
  });

  test("applies layer by layer: network, data, cluster, platform, monitoring, then the recovery layers", () => {
    const order = APPLY_LAYERS.map((l) => wf.jobs[l]!);
    order.forEach((job, i) => {
      const prefix = outputPrefix(APPLY_LAYERS[i]!);
      expect(job.uses).toBe("./.github/workflows/apply-layer.yml");
      expect(job.with!.layer).toBe(APPLY_LAYERS[i]);
      expect(job.with!.matrix).toBe(`\${{ needs.synth.outputs.${prefix}matrix }}`);
      if (i > 0) expect(job.if).toBe(`\${{ !cancelled() && !failure() && needs.synth.outputs.${prefix}count != '0' }}`);
      // Which layers each job waits for is derived from the stacks' dependencies in test/ci/apply-order.test.ts.
      if (i > 0 && i < 4) expect(job.needs).toEqual(["synth", APPLY_LAYERS[i - 1]]);
    });
    expect(wf.jobs.monitoring!.needs).toEqual(["synth", "network", "data", "cluster"]);
    expect(Object.keys(wf.jobs).sort()).toEqual(["synth", ...APPLY_LAYERS].sort());
  });

  test("the synth job writes and exposes a matrix and a count for every apply layer", () => {
    const synth = wf.jobs.synth as Job & { outputs: Record<string, string> };
    expect(synth.steps!.find((s) => s.id === "matrix")!.run).toBe(
      "node dist/tools/ci-matrix.js --out cdktf.out --each-layer --github-output",
    );
    const expected = Object.fromEntries(
      APPLY_LAYERS.flatMap((l) =>
        ["matrix", "count"].map((k) => [`${outputPrefix(l)}${k}`, `\${{ steps.matrix.outputs.${outputPrefix(l)}${k} }}`]),
      ),
    );
    expect(synth.outputs).toEqual(expected);
  });

  test("each stack applies behind the GitHub environment of its environment, with the deployment role", () => {
    const job = layer.jobs.apply!;
    expect(job.environment).toBe("${{ matrix.environment }}");
    expect(job.permissions).toEqual({ "id-token": "write", contents: "read" });
    const creds = job.steps!.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
    expect(creds.with!["role-to-assume"]).toBe("${{ matrix.deployRoleArn }}");
    expect(job.steps!.map((s) => s.run ?? "").join("\n")).toMatch(/apply -input=false -no-color tfplan/);
  });
});

describe("runners and roles", () => {
  // The CodeBuild-hosted runner label: codebuild-<project>-<run_id>-<run_attempt> (AWS CodeBuild user
  // guide, "Label overrides supported with the CodeBuild-hosted GitHub Actions runner"; read 2026-12-02).
  const RUNS_ON =
    "${{ matrix.runsOn == 'ubuntu-latest' && 'ubuntu-latest' || format('{0}-{1}-{2}', matrix.runsOn, github.run_id, github.run_attempt) }}";
  const stackJobs: [string, string][] = [
    ["plan.yml", "plan"],
    ["drift.yml", "detect"],
    ["apply-layer.yml", "apply"],
  ];

  test.each(stackJobs)("%s: the per-stack job runs where the matrix says (in-VPC runner for kubernetes/helm stacks)", (file, job) => {
    expect(load(file).jobs[job]!["runs-on"]).toBe(RUNS_ON);
  });

  test("the role-assuming jobs live in the workflow files the roles trust", () => {
    const assuming = workflowFiles.filter((f) =>
      stepsOf(load(f)).some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@")),
    );
    expect(assuming.sort()).toEqual(Object.values(GITHUB_WORKFLOWS).sort());
  });

  test("plans and drift checks read state through the state-read role", () => {
    for (const [file, job] of stackJobs.slice(0, 2)) {
      const step = load(file).jobs[job]!.steps!.find((s) => s.id === "plan")!;
      expect(step.env!.STATE_READ_ROLE).toBe("${{ matrix.stateReadRoleArn }}");
      expect(step.run).toMatch(/plan-stack\.sh "\$STACK" "\$PLAN_ROLE" "\$STATE_READ_ROLE" /);
    }
  });

  test("apply-layer refuses to run for any ref but main, even when called from another branch", () => {
    expect(load("apply-layer.yml").jobs.apply!.if).toBe("github.ref == 'refs/heads/main'");
  });

  test("docs/ci.md and the bootstrap runbook give the one-time OIDC subject customization with the claim keys the roles expect", () => {
    const body = `{"use_default":false,"include_claim_keys":${JSON.stringify(GITHUB_SUBJECT_CLAIM_KEYS)}}`;
    for (const doc of ["docs/ci.md", "runbooks/bootstrap-new-account.md"]) {
      const text = fs.readFileSync(path.join(root, doc), "utf8");
      expect(text).toContain("repos/${OWNER_REPO}/actions/oidc/customization/sub");
      expect(text).toContain(body);
    }
  });
});

describe("drift detection", () => {
  const wf = load("drift.yml");

  test("runs on a schedule and plans every stack with the read-only plan role", () => {
    expect(wf.on.schedule).toEqual([{ cron: expect.any(String) }]);
    const detect = wf.jobs.detect!;
    expect(detect.strategy!.matrix).toBe("${{ fromJSON(needs.synth.outputs.matrix) }}");
    expect(detect.permissions).toEqual({ "id-token": "write", contents: "read", issues: "write" });
    const creds = detect.steps!.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
    expect(creds.with!["role-to-assume"]).toBe("${{ matrix.planRoleArn }}");
    expect(detect.steps!.find((s) => s.id === "plan")!.env!.DRIFT_CHECK).toBe("1");
  });
});
