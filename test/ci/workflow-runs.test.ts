import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadPlatformConfig } from "../../lib/config/load";
import { repoRoot } from "../../lib/paths";
import { readManifest } from "../../lib/synth-output";
import { APPLY_LAYERS, matrixFor, stackTargets } from "../../tools/ci-matrix";
import { oneEnvironmentOut } from "../helpers/ci-synth";
import { runEvent, type GitHubEvent, type JobRun, type RunOptions } from "../helpers/workflow-run";

/**
 * The workflows run as programs for each kind of event (test/helpers/workflow-run.ts): which jobs
 * run, their matrices, the role each assumes and whether that role's trust policy, as the bootstrap
 * stacks synthesize it, accepts the job's OIDC subject.
 */
const config = loadPlatformConfig();
const env = config.environments[0]!;
const out = oneEnvironmentOut(config);
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
  (planMatrix: ReturnType<typeof matrixFor>) =>
  (job: string): Record<string, string> => {
    if (job !== "synth") return {};
    const layers = Object.fromEntries(
      APPLY_LAYERS.flatMap((l) => [
        [`${l}_matrix`, JSON.stringify(matrixFor(targets, l))],
        [`${l}_count`, String(matrixFor(targets, l).include.length)],
      ]),
    );
    return { matrix: JSON.stringify(planMatrix), count: String(planMatrix.include.length), ...layers };
  };
const options = (planMatrix = matrixFor(targets), failing: string[] = [], dir = workflowsDir): RunOptions => ({
  repository,
  workflowsDir: dir,
  outputs: synthOutputs(planMatrix),
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
    const order = ran(runs.get("apply.yml")).filter((p) => /^apply\.yml:[a-z]+$/.test(p));
    expect(order).toEqual(["apply.yml:synth", ...APPLY_LAYERS.map((l) => `apply.yml:${l}`)]);
  });

  test("a failed network layer holds back every layer above it", () => {
    const runs = runEvent(push("main"), options(undefined, ["network"]));
    expect(ran(runs.get("apply.yml")).filter((p) => /^apply\.yml:[a-z]+$/.test(p))).toEqual(["apply.yml:synth", "apply.yml:network"]);
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
