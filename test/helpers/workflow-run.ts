import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { evaluateCondition, evaluateValue, toText, type ExpressionContext, type Value } from "./gh-expression";

/**
 * Runs the workflows of .github/workflows as GitHub would decide them, offline: whether an event
 * triggers a workflow (`on:` with its branch, path and activity-type filters), which jobs run (`needs:`
 * and `if:`), each job's matrix, and for every matrix entry the runner, the GitHub environment, the
 * role it asks configure-aws-credentials for and the OIDC subject its token carries. Reusable
 * workflows (`uses: ./.github/workflows/…`) are run with their evaluated inputs. Steps do not run:
 * job outputs come from the caller (`outputs`), as the real synth job would produce them.
 *
 * GitHub facts used ("Events that trigger workflows", "Workflow syntax for GitHub Actions",
 * "OpenID Connect reference"; docs.github.com, read 2026-12-07): a pull_request run without `types`
 * runs for opened, synchronize and reopened; its github.ref is refs/pull/<n>/merge; schedule runs on
 * the default branch; `branches` filters of pull_request match the base branch; a job without `if`
 * runs when all its needs succeeded; a reusable workflow's jobs see the caller's github context; the
 * OIDC subject (customized to repo, context, job_workflow_ref) is `repo:<repo>:<context>:job_workflow_ref:<ref>`
 * where context is environment:<name>, pull_request, or ref:<ref>, and job_workflow_ref names the
 * file that defines the job.
 */
export interface GitHubEvent {
  readonly name: "push" | "pull_request" | "schedule" | "workflow_dispatch";
  /** github.ref: refs/heads/<branch>, refs/pull/<n>/merge, … */
  readonly ref: string;
  /** pull_request activity type. */
  readonly action?: string;
  /** pull_request: the base branch (for `branches` filters). */
  readonly baseBranch?: string;
  /** Files the push or pull request changes (for `paths` filters). */
  readonly changedFiles?: readonly string[];
  /** github.event. */
  readonly payload?: Record<string, Value>;
}

export interface MatrixRun {
  readonly matrix: Value;
  readonly runsOn: string;
  readonly environment: string | null;
  /** `role-to-assume` of configure-aws-credentials, null when the job assumes no role. */
  readonly roleToAssume: string | null;
  /** The `sub` claim of the job's OIDC token, null without `id-token: write`. */
  readonly oidcSubject: string | null;
}

export interface JobRun {
  /** `<workflow file>:<job id>`; a reusable workflow's jobs are `<caller job path>/<callee file>:<job id>`. */
  readonly path: string;
  readonly result: "success" | "failure" | "skipped";
  readonly runs: readonly MatrixRun[];
}

export interface RunOptions {
  readonly repository: string;
  /** Outputs of a job that ran, by job id (the jobs' `outputs:` come from steps, which do not run here). */
  readonly outputs?: (jobId: string) => Record<string, string>;
  /** Jobs (ids) that fail when they run. */
  readonly failing?: readonly string[];
  readonly workflowsDir: string;
}

type Job = {
  needs?: string | string[];
  if?: string | boolean;
  uses?: string;
  with?: Record<string, unknown>;
  "runs-on"?: unknown;
  environment?: unknown;
  permissions?: Record<string, string> | string;
  strategy?: { matrix?: unknown };
  steps?: { uses?: string; with?: Record<string, unknown> }[];
};
type Workflow = { on: unknown; jobs: Record<string, Job> };

export const loadWorkflow = (dir: string, file: string): Workflow => parse(fs.readFileSync(path.join(dir, file), "utf8")) as Workflow;

/** GitHub's filter patterns: `*` within a path segment, `**` across, `!` negates (later wins). */
function globToRegExp(glob: string): RegExp {
  const segment = (part: string) =>
    part
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, "[^/]*")
      .replace(/\?/g, "[^/]");
  const re = glob.split("**").map(segment).join(".*");
  return new RegExp(`^${re}$`);
}
function matchesFilter(patterns: readonly string[], value: string): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith("!")) {
      if (globToRegExp(p.slice(1)).test(value)) matched = false;
    } else if (globToRegExp(p).test(value)) matched = true;
  }
  return matched;
}

/** Whether `event` starts the workflow, by its `on:` block. */
export function triggers(wf: Workflow, event: GitHubEvent): boolean {
  const on =
    typeof wf.on === "string"
      ? { [wf.on]: null }
      : Array.isArray(wf.on)
        ? Object.fromEntries(wf.on.map((e: string) => [e, null]))
        : (wf.on as Record<string, Record<string, string[]> | null>);
  if (!(event.name in on)) return false;
  const filter = on[event.name] ?? {};
  if (event.name === "schedule" || event.name === "workflow_dispatch") return true;
  if (event.name === "pull_request") {
    const types = filter.types ?? ["opened", "synchronize", "reopened"];
    if (!types.includes(event.action ?? "opened")) return false;
  }
  const branch = event.name === "pull_request" ? (event.baseBranch ?? "main") : event.ref.replace(/^refs\/heads\//, "");
  if (filter.branches && !matchesFilter(filter.branches, branch)) return false;
  if (filter["branches-ignore"] && matchesFilter(filter["branches-ignore"], branch)) return false;
  const files = event.changedFiles ?? [];
  if (filter.paths && !files.some((f) => matchesFilter(filter.paths!, f))) return false;
  if (filter["paths-ignore"] && files.every((f) => matchesFilter(filter["paths-ignore"]!, f))) return false;
  return true;
}

const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);

/** Jobs in an order where every job comes after its needs. */
function jobOrder(wf: Workflow): string[] {
  const done: string[] = [];
  const visit = (id: string, seen: string[]) => {
    if (done.includes(id)) return;
    if (seen.includes(id)) throw new Error(`needs cycle: ${[...seen, id].join(" -> ")}`);
    const job = wf.jobs[id];
    if (!job) throw new Error(`needs names a job that does not exist: ${id}`);
    for (const n of needsOf(job)) visit(n, [...seen, id]);
    done.push(id);
  };
  Object.keys(wf.jobs).forEach((id) => visit(id, []));
  return done;
}

/** The entries of an evaluated `strategy.matrix` ({include: [...]} or vectors). */
function matrixEntries(matrix: Value, where: string): Value[] {
  if (matrix === null || typeof matrix !== "object" || Array.isArray(matrix))
    throw new Error(`${where}: the matrix is not an object: ${toText(matrix)}`);
  const { include, ...vectors } = matrix as Record<string, Value>;
  let entries: Record<string, Value>[] = [{}];
  for (const [key, values] of Object.entries(vectors)) {
    if (!Array.isArray(values)) throw new Error(`${where}: matrix.${key} is not a list`);
    entries = entries.flatMap((e) => values.map((v) => ({ ...e, [key]: v })));
  }
  if (Object.keys(vectors).length === 0) entries = [];
  const all: Value[] = [...entries, ...((Array.isArray(include) ? include : []) as Value[])];
  // GitHub fails a run whose matrix has no entries ("Matrix vector ... does not contain any values").
  if (all.length === 0) throw new Error(`${where}: the matrix is empty, which fails the run on GitHub`);
  return all;
}

/** Runs one workflow for an event (and, for a reusable one, the caller's inputs). */
export function runWorkflow(
  file: string,
  event: GitHubEvent,
  options: RunOptions,
  call?: { inputs: Record<string, Value>; prefix: string; idToken: boolean },
): JobRun[] {
  const wf = loadWorkflow(options.workflowsDir, file);
  if (!call && !triggers(wf, event)) return [];
  const github: Record<string, Value> = {
    event_name: event.name,
    ref: event.ref,
    repository: options.repository,
    run_id: 1000,
    run_attempt: 1,
    event: event.payload ?? {},
  };
  const results = new Map<string, JobRun["result"]>();
  const runs: JobRun[] = [];
  const ancestors = (id: string): string[] => needsOf(wf.jobs[id]!).flatMap((n) => [n, ...ancestors(n)]);
  for (const id of jobOrder(wf)) {
    const job = wf.jobs[id]!;
    const jobPath = `${call?.prefix ?? ""}${file}:${id}`;
    const needs: Record<string, Value> = Object.fromEntries(
      needsOf(job).map((n) => [n, { result: results.get(n)!, outputs: results.get(n) === "success" ? (options.outputs?.(n) ?? {}) : {} }]),
    );
    const base: ExpressionContext = {
      contexts: { github, needs, inputs: call?.inputs ?? {}, vars: {} },
      needsResults: [...new Set(ancestors(id))].map((n) => results.get(n)!),
    };
    if (!evaluateCondition(job.if, base)) {
      results.set(id, "skipped");
      runs.push({ path: jobPath, result: "skipped", runs: [] });
      continue;
    }
    const idToken =
      (typeof job.permissions === "object" ? job.permissions["id-token"] === "write" : job.permissions === "write-all") &&
      (call ? call.idToken : true);
    if (job.uses) {
      if (!job.uses.startsWith("./.github/workflows/"))
        throw new Error(`${jobPath}: only local reusable workflows are simulated, got ${job.uses}`);
      const inputs = evaluateValue(job.with ?? {}, base) as Record<string, Value>;
      const inner = runWorkflow(path.basename(job.uses), event, options, { inputs, prefix: `${jobPath}/`, idToken });
      runs.push(...inner);
      const result = inner.some((r) => r.result === "failure") || options.failing?.includes(id) ? "failure" : "success";
      results.set(id, result);
      runs.push({ path: jobPath, result, runs: [] });
      continue;
    }
    const entries = job.strategy?.matrix === undefined ? [null] : matrixEntries(evaluateValue(job.strategy.matrix, base), jobPath);
    const matrixRuns = entries.map((matrix): MatrixRun => {
      const ctx: ExpressionContext = { ...base, contexts: { ...base.contexts, matrix } };
      const envValue = evaluateValue(job.environment ?? null, ctx);
      const environment =
        envValue === null
          ? null
          : typeof envValue === "object" && !Array.isArray(envValue)
            ? toText(envValue.name ?? null)
            : toText(envValue);
      const creds = (job.steps ?? []).find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      const role = creds ? toText(evaluateValue(creds.with?.["role-to-assume"] ?? null, ctx)) : null;
      const context = environment ? `environment:${environment}` : event.name === "pull_request" ? "pull_request" : `ref:${event.ref}`;
      const subject = `repo:${options.repository}:${context}:job_workflow_ref:${options.repository}/.github/workflows/${file}@${event.ref}`;
      return {
        matrix,
        runsOn: toText(evaluateValue(job["runs-on"] ?? null, ctx)),
        environment,
        roleToAssume: role,
        oidcSubject: idToken ? subject : null,
      };
    });
    const result = options.failing?.includes(id) ? "failure" : "success";
    results.set(id, result);
    runs.push({ path: jobPath, result, runs: matrixRuns });
  }
  return runs;
}

/** Every workflow file the event triggers, with its job runs. */
export function runEvent(event: GitHubEvent, options: RunOptions): Map<string, JobRun[]> {
  const files = fs
    .readdirSync(options.workflowsDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  return new Map(files.map((f) => [f, runWorkflow(f, event, options)] as [string, JobRun[]]).filter(([, r]) => r.length > 0));
}
