import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { repoRoot } from "../../lib/paths";
import { readManifest } from "../../lib/synth-output";
import { APPLY_LAYERS, matrixFor, outputPrefix, stackTargets, type StackTarget } from "../../tools/ci-matrix";
import { everyLayerOut } from "../helpers/ci-synth";
import { loadWorkflow, runEvent, type GitHubEvent, type JobRun, type RunOptions } from "../helpers/workflow-run";

/**
 * The workflows run as programs for each kind of event (test/helpers/workflow-run.ts): which jobs
 * run, their matrices, the role each assumes and whether that role's trust policy, as the bootstrap
 * stacks synthesize it, accepts the job's OIDC subject. The stacks are one environment's with every
 * optional layer on (the recovery target and the restore drill), so every layer has a stack.
 */
const { config, env, outdir: out } = everyLayerOut();
const targets = stackTargets(out, config);
const repository = config.organization.githubRepository;
const workflowsDir = path.join(repoRoot(), ".github", "workflows");

/** StringLike of IAM: `*` any run of characters, `?` one. */
const stringLike = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  ).test(value);

interface Statement {
  Action: string | string[];
  Condition?: { StringEquals?: Record<string, string | string[]>; StringLike?: Record<string, string | string[]> };
}
/** The GitHub OIDC subjects each role of the synthesized bootstrap stacks trusts, by role ARN. */
const trusted = new Map<string, string[]>();
for (const s of readManifest(out).filter((m) => m.name.startsWith("bootstrap-"))) {
  const json = JSON.parse(fs.readFileSync(s.file, "utf8")) as {
    provider: { aws: { allowed_account_ids: string[] }[] };
    resource: { aws_iam_role?: Record<string, { name: string; assume_role_policy: string }> };
  };
  const accountId = json.provider.aws[0]!.allowed_account_ids[0]!;
  for (const role of Object.values(json.resource.aws_iam_role ?? {})) {
    const statements = (JSON.parse(role.assume_role_policy) as { Statement: Statement[] }).Statement.filter((st) =>
      [st.Action].flat().includes("sts:AssumeRoleWithWebIdentity"),
    );
    const subjects = statements.flatMap((st) =>
      st.Condition?.StringEquals?.["token.actions.githubusercontent.com:aud"] === "sts.amazonaws.com"
        ? [st.Condition.StringLike?.["token.actions.githubusercontent.com:sub"] ?? []].flat()
        : [],
    );
    trusted.set(`arn:aws:iam::${accountId}:role/${role.name}`, subjects);
  }
}
const roleAccepts = (role: string, subject: string | null) =>
  subject !== null && (trusted.get(role) ?? []).some((p) => stringLike(p, subject));

/** What the synth jobs output for these stacks (tools/ci-matrix.ts, npm run changed). */
const synthOutputs =
  (planMatrix: ReturnType<typeof matrixFor>, applied: readonly StackTarget[]) =>
  (job: string): Record<string, string> => {
    if (job !== "synth") return {};
    const layers = Object.fromEntries(
      APPLY_LAYERS.flatMap((l) => [
        [`${outputPrefix(l)}matrix`, JSON.stringify(matrixFor(applied, l))],
        [`${outputPrefix(l)}count`, String(matrixFor(applied, l).include.length)],
      ]),
    );
    return { matrix: JSON.stringify(planMatrix), count: String(planMatrix.include.length), ...layers };
  };
/** `applied`: the stacks the synth job found (default: this build's). */
const options = (planMatrix = matrixFor(targets), failing: string[] = [], dir = workflowsDir, applied = targets): RunOptions => ({
  repository,
  workflowsDir: dir,
  outputs: synthOutputs(planMatrix, applied),
  failing,
});

const pullRequest = (files: string[], headRepo = repository): GitHubEvent => ({
  name: "pull_request",
  action: "synchronize",
  ref: "refs/pull/7/merge",
  baseBranch: "main",
  changedFiles: files,
  payload: { pull_request: { number: 7, base: { sha: "b".repeat(40) }, head: { repo: { full_name: headRepo } }, labels: [] } },
});
const push = (branch: string): GitHubEvent => ({ name: "push", ref: `refs/heads/${branch}`, changedFiles: ["environments/eu.yaml"] });
const dispatch = (branch: string): GitHubEvent => ({ name: "workflow_dispatch", ref: `refs/heads/${branch}` });
const schedule: GitHubEvent = { name: "schedule", ref: "refs/heads/main" };

const ran = (runs: JobRun[] | undefined) => (runs ?? []).filter((r) => r.result !== "skipped").map((r) => r.path);
const roleRuns = (runs: JobRun[] | undefined) =>
  (runs ?? []).flatMap((r) => r.runs.filter((m) => m.roleToAssume !== null).map((m) => ({ job: r.path, ...m })));

const stackOf = (m: { matrix: unknown }) => (m.matrix as { stack: string }).stack;
const manifest = readManifest(out);

/**
 * What CI does with every synthesized stack, from the workflows in `dir` run as programs: each
 * stack with remote state planned by exactly one pull-request job and one drift job, each but the
 * manual ones (organization) applied by exactly one job on main, and that job waiting (through
 * `needs`, transitively) for the job of every stack it depends on. Bootstrap stacks (local state)
 * are run by hand and appear in no job. Returns one line per defect.
 */
function ciCoverageProblems(dir: string): string[] {
  const problems: string[] = [];
  const byStack = (runs: JobRun[] | undefined) => {
    const jobs = new Map<string, string[]>();
    for (const r of roleRuns(runs)) jobs.set(stackOf(r), [...(jobs.get(stackOf(r)) ?? []), r.job]);
    return jobs;
  };
  const applies = byStack(runEvent(push("main"), options(undefined, [], dir)).get("apply.yml"));
  const plans = byStack(runEvent(pullRequest([`environments/${env.name}.yaml`]), options(matrixFor(targets), [], dir)).get("plan.yml"));
  const drifts = byStack(runEvent(schedule, options(undefined, [], dir)).get("drift.yml"));
  const apply = loadWorkflow(dir, "apply.yml");
  const needs = (job: string): string[] => [apply.jobs[job]?.needs ?? []].flat();
  const ancestors = (job: string): string[] => needs(job).flatMap((n) => [n, ...ancestors(n)]);
  const callerJob = (jobPath: string) => jobPath.replace(/^apply\.yml:([^/]+)\/.*$/, "$1");
  for (const s of manifest) {
    const target = targets.find((t) => t.stack === s.name);
    const want = !target ? { apply: 0, plan: 0, drift: 0 } : { apply: target.layer === "manual" ? 0 : 1, plan: 1, drift: 1 };
    const got = {
      apply: applies.get(s.name)?.length ?? 0,
      plan: plans.get(s.name)?.length ?? 0,
      drift: drifts.get(s.name)?.length ?? 0,
    };
    for (const k of ["apply", "plan", "drift"] as const)
      if (got[k] !== want[k]) problems.push(`${s.name}: in ${got[k]} ${k} job(s), expected ${want[k]}`);
    const job = applies.get(s.name)?.[0];
    if (!job) continue;
    for (const dep of s.dependencies) {
      const depJob = applies.get(dep)?.[0];
      if (depJob && !ancestors(callerJob(job)).includes(callerJob(depJob)))
        problems.push(
          `${s.name}: applied by ${callerJob(job)}, which does not wait for ${callerJob(depJob)} (applies ${dep}, which it reads)`,
        );
    }
  }
  return problems;
}

/** A copy of the workflows with apply.yml changed by `edit` (its parsed jobs), in a scratch folder. */
function plantedWorkflows(edit: (jobs: Record<string, Record<string, unknown>>) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wf-"));
  planted.push(dir);
  for (const f of fs.readdirSync(workflowsDir)) fs.copyFileSync(path.join(workflowsDir, f), path.join(dir, f));
  const wf = parse(fs.readFileSync(path.join(dir, "apply.yml"), "utf8")) as { jobs: Record<string, Record<string, unknown>> };
  edit(wf.jobs);
  fs.writeFileSync(path.join(dir, "apply.yml"), stringify(wf));
  return dir;
}
const planted: string[] = [];
afterAll(() => planted.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("every synthesized stack in CI", () => {
  test("each stack is planned once, drift-checked once and (but organization and bootstrap) applied once, after every stack it reads", () => {
    expect(manifest.some((s) => s.name === `${env.name}-recovery-replication`)).toBe(true);
    expect(ciCoverageProblems(workflowsDir)).toEqual([]);
  });

  test("the check catches an apply workflow without the recovery jobs", () => {
    const dir = plantedWorkflows((jobs) =>
      Object.keys(jobs)
        .filter((j) => j.startsWith("recovery-"))
        .forEach((j) => delete jobs[j]),
    );
    const problems = ciCoverageProblems(dir);
    const recovery = manifest.filter((s) => s.name.startsWith(`${env.name}-recovery-`)).map((s) => s.name);
    expect(recovery.length).toBeGreaterThan(0);
    for (const stack of recovery) expect(problems).toContain(`${stack}: in 0 apply job(s), expected 1`);
  });

  test("the check catches a recovery layer applied before a stack it reads", () => {
    const dir = plantedWorkflows((jobs) => {
      jobs["recovery-data"]!.needs = ["synth", "monitoring"];
    });
    expect(ciCoverageProblems(dir)).toContain(
      `${env.name}-recovery-data: applied by recovery-data, which does not wait for recovery-network (applies ${env.name}-recovery-network, which it reads)`,
    );
  });

  test("without recovery stacks (the shipped default) the recovery jobs are skipped, not failed on an empty matrix", () => {
    const withoutRecovery = targets.filter((t) => !t.layer.startsWith("recovery-"));
    const runs = runEvent(push("main"), options(undefined, [], workflowsDir, withoutRecovery)).get("apply.yml")!;
    const result = (job: string) => runs.find((r) => r.path === `apply.yml:${job}`)?.result;
    for (const layer of APPLY_LAYERS)
      expect({ layer, result: result(layer) }).toEqual({ layer, result: layer.startsWith("recovery-") ? "skipped" : "success" });
  });

  test("a failed recovery-network holds back recovery-data and recovery-replication, not the restore drill", () => {
    const runs = runEvent(push("main"), options(undefined, ["recovery-network"])).get("apply.yml")!;
    const result = (job: string) => runs.find((r) => r.path === `apply.yml:${job}`)?.result;
    expect(["recovery-network", "recovery-data", "recovery-replication", "recovery-drill"].map(result)).toEqual([
      "failure",
      "skipped",
      "skipped",
      "success",
    ]);
  });
});

describe("workflows as programs", () => {
  test(`a pull request touching environments/${env.name}.yaml: plan.yml only; its stacks planned with the plan role, which trusts the job`, () => {
    const envStacks = matrixFor(targets.filter((t) => t.environment === env.name));
    const runs = runEvent(pullRequest([`environments/${env.name}.yaml`]), options(envStacks));
    expect([...runs.keys()]).toEqual(["plan.yml"]);
    expect(ran(runs.get("plan.yml"))).toEqual(["plan.yml:synth", "plan.yml:guard", "plan.yml:plan"]);
    const plans = roleRuns(runs.get("plan.yml"));
    expect(plans.map((p) => (p.matrix as { stack: string }).stack)).toEqual(envStacks.include.map((t) => t.stack));
    for (const p of plans) {
      const target = envStacks.include.find((t) => t.stack === (p.matrix as { stack: string }).stack)!;
      expect(p.roleToAssume).toBe(target.planRoleArn);
      expect(p.environment).toBeNull();
      expect(p.runsOn).toBe(target.runsOn === "ubuntu-latest" ? "ubuntu-latest" : `${target.runsOn}-1000-1`);
      expect({ subject: p.oidcSubject, accepted: roleAccepts(p.roleToAssume!, p.oidcSubject) }).toEqual({
        subject: p.oidcSubject,
        accepted: true,
      });
      expect(roleAccepts(target.deployRoleArn, p.oidcSubject)).toBe(false);
    }
  });

  test("a pull request whose change reaches no stack plans nothing (an empty matrix would fail the run)", () => {
    const runs = runEvent(pullRequest(["docs/ci.md"]), options({ include: [] }));
    expect(ran(runs.get("plan.yml"))).toEqual(["plan.yml:synth", "plan.yml:guard"]);
  });

  test("a pull request from a fork gets no plan jobs (no OIDC token for forks)", () => {
    const runs = runEvent(pullRequest(["environments/eu.yaml"], "someone/fork"), options());
    expect(roleRuns(runs.get("plan.yml"))).toEqual([]);
  });

  test("a push to main: apply.yml applies every layer in order, each stack in its GitHub environment with the deploy role, which trusts exactly that", () => {
    const runs = runEvent(push("main"), options());
    expect([...runs.keys()]).toEqual(["apply.yml"]);
    const applies = roleRuns(runs.get("apply.yml"));
    const expected = matrixFor(targets.filter((t) => t.layer !== "manual")).include;
    expect(applies.map((a) => (a.matrix as { stack: string }).stack).sort()).toEqual(expected.map((t) => t.stack).sort());
    for (const a of applies) {
      const target = expected.find((t) => t.stack === (a.matrix as { stack: string }).stack)!;
      expect(a.job).toBe(`apply.yml:${target.layer}/apply-layer.yml:apply`);
      expect(a.environment).toBe(target.environment);
      expect(a.roleToAssume).toBe(target.deployRoleArn);
      expect({ subject: a.oidcSubject, accepted: roleAccepts(a.roleToAssume!, a.oidcSubject) }).toEqual({
        subject: a.oidcSubject,
        accepted: true,
      });
      expect(roleAccepts(target.planRoleArn, a.oidcSubject)).toBe(false);
    }
    // Layers in apply order: a layer's job comes after the layers it needs.
    const order = ran(runs.get("apply.yml")).filter((p) => /^apply\.yml:[a-z-]+$/.test(p));
    expect(order).toEqual(["apply.yml:synth", ...APPLY_LAYERS.map((l) => `apply.yml:${l}`)]);
  });

  test("a failed network layer holds back every layer above it", () => {
    const runs = runEvent(push("main"), options(undefined, ["network"]));
    expect(ran(runs.get("apply.yml")).filter((p) => /^apply\.yml:[a-z-]+$/.test(p))).toEqual(["apply.yml:synth", "apply.yml:network"]);
  });

  test("a push to another branch runs nothing", () => {
    expect([...runEvent(push("feature"), options()).keys()]).toEqual([]);
  });

  test("apply dispatched from a branch assumes no role; the subject it would send is not trusted by any deploy role", () => {
    const runs = runEvent(dispatch("feature"), options());
    expect([...runs.keys()].sort()).toEqual(["apply.yml", "drift.yml"]);
    for (const r of runs.values()) expect(roleRuns(r)).toEqual([]);
    const branchSubject = `repo:${repository}:environment:${env.name}:job_workflow_ref:${repository}/.github/workflows/apply-layer.yml@refs/heads/feature`;
    for (const t of targets) expect(roleAccepts(t.deployRoleArn, branchSubject)).toBe(false);
  });

  test("the scheduled drift check plans every remote-state stack of main with the plan role, which trusts it; never a bootstrap stack", () => {
    const runs = runEvent(schedule, options());
    expect([...runs.keys()]).toEqual(["drift.yml"]);
    const drift = roleRuns(runs.get("drift.yml"));
    expect(drift.map((d) => (d.matrix as { stack: string }).stack)).toEqual(targets.map((t) => t.stack));
    expect(drift.some((d) => (d.matrix as { stack: string }).stack.startsWith("bootstrap-"))).toBe(false);
    for (const d of drift) expect(roleAccepts(d.roleToAssume!, d.oidcSubject)).toBe(true);
  });

  test("the checks catch a workflow that would apply from a branch: without apply-layer's ref condition, a branch dispatch assumes the deploy role", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wf-"));
    try {
      for (const f of fs.readdirSync(workflowsDir)) fs.copyFileSync(path.join(workflowsDir, f), path.join(dir, f));
      const layer = path.join(dir, "apply-layer.yml");
      const text = fs.readFileSync(layer, "utf8");
      fs.writeFileSync(layer, text.replace("    if: github.ref == 'refs/heads/main'\n", ""));
      const applies = roleRuns(runEvent(dispatch("feature"), options(undefined, [], dir)).get("apply.yml"));
      expect(applies.length).toBeGreaterThan(0);
      // …and AWS would refuse each of them: the second line of defence.
      for (const a of applies) expect(roleAccepts(a.roleToAssume!, a.oidcSubject)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
