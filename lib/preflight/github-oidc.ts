/**
 * docs/reference/deploy-constraints.md row 5: the `sub` claim GitHub sends for each role-assuming workflow step must
 * match the trust policy of the role the step names. With the repository's customized subject
 * template (GITHUB_SUBJECT_CLAIM_KEYS, docs/ci.md) the claim is
 *   repo:OWNER/REPO:<context>:job_workflow_ref:OWNER/REPO/.github/workflows/<file>@<ref>
 * where <context> is `environment:<name>` for a job with an environment, `pull_request` for pull
 * requests, else `ref:<ref>`; scheduled runs and pushes to main run on refs/heads/main, and a
 * reusable workflow's job_workflow_ref is the called file (GitHub docs, "OpenID Connect reference",
 * "Customizing the subject claims"; "About security hardening with OpenID Connect", example
 * subject claims; read 2026-12-02). Conditions are evaluated as IAM does (IAM user guide, "IAM JSON
 * policy elements: Condition operators", read 2026-12-02): StringEquals exact and case-sensitive,
 * StringLike with `*` and `?`, the Not forms negated.
 */
import { parse } from "yaml";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_URL } from "../../constructs/bootstrap/terraform-roles";
import { GITHUB_SUBJECT_CLAIM_KEYS } from "../../constructs/bootstrap/github-subjects";
import { isObject, type Config } from "../policy/tf";
import type { MatrixEntry, PreflightContext, WorkflowFile } from "./context";
import type { Finding } from "./finding";
import { conditionOf, federatedPrincipals, globMatch, parsePolicy, type Statement } from "./policy-document";
import type { Resource, World } from "./world";

const DEFAULT_BRANCH_REF = "refs/heads/main";
const PULL_REQUEST_REF = "refs/pull/1/merge";
const ISSUER = GITHUB_OIDC_URL.replace(/^https:\/\//, "");
const CREDENTIALS_ACTION = "aws-actions/configure-aws-credentials@";
const MATRIX_FIELD = /^\$\{\{\s*matrix\.([A-Za-z0-9_]+)\s*\}\}$/;

/** One run of a workflow: the event, and the ref the workflow file is read from. */
interface Trigger {
  readonly event: string;
  readonly ref: string;
}

/** One role-assuming step as GitHub would run it for one matrix entry. */
export interface Assumption {
  readonly file: string;
  readonly job: string;
  readonly roleArn: string;
  readonly subject: string;
  readonly trigger: Trigger;
}

type Job = Config & { steps?: unknown; environment?: unknown; uses?: unknown; with?: unknown };

const jobsOf = (doc: unknown): [string, Job][] =>
  isObject(doc) && isObject(doc["jobs"]) ? Object.entries(doc["jobs"]).filter((e): e is [string, Job] => isObject(e[1])) : [];

/** Triggers of a workflow's `on:`; a reusable workflow takes the triggers of its callers. */
function triggersOf(doc: unknown): Trigger[] {
  const on = isObject(doc) ? (doc["on"] ?? doc["true"]) : undefined;
  const events: Config =
    typeof on === "string" ? { [on]: {} } : Array.isArray(on) ? Object.fromEntries(on.map((e) => [String(e), {}])) : isObject(on) ? on : {};
  return Object.entries(events).flatMap(([event, cfg]): Trigger[] => {
    if (event === "pull_request" || event === "pull_request_target") return [{ event: "pull_request", ref: PULL_REQUEST_REF }];
    if (event === "push") {
      const branches = isObject(cfg) && Array.isArray(cfg["branches"]) ? cfg["branches"].map(String) : ["main"];
      return branches.map((b) => ({ event, ref: `refs/heads/${b}` }));
    }
    // Schedules run on the default branch; a manual dispatch is checked from it too.
    if (event === "schedule" || event === "workflow_dispatch") return [{ event, ref: DEFAULT_BRANCH_REF }];
    return [];
  });
}

/** The value of `${{ matrix.<field> }}` (or a literal) for one matrix entry. */
function evaluate(value: unknown, entry: MatrixEntry | undefined): string | undefined {
  if (typeof value !== "string") return undefined;
  const field = MATRIX_FIELD.exec(value.trim())?.[1];
  if (field === undefined) return value.includes("${{") ? undefined : value;
  const v = entry ? (entry as unknown as Record<string, unknown>)[field] : undefined;
  return typeof v === "string" ? v : undefined;
}

/** The `sub` claim for the customized template (GITHUB_SUBJECT_CLAIM_KEYS). */
export function subjectClaim(repository: string, file: string, trigger: Trigger, environment: string | undefined): string {
  const context = environment ? `environment:${environment}` : trigger.event === "pull_request" ? "pull_request" : `ref:${trigger.ref}`;
  const claims: Record<(typeof GITHUB_SUBJECT_CLAIM_KEYS)[number], string> = {
    repo: `repo:${repository}`,
    context,
    job_workflow_ref: `job_workflow_ref:${repository}/.github/workflows/${file}@${trigger.ref}`,
  };
  return GITHUB_SUBJECT_CLAIM_KEYS.map((k) => claims[k]).join(":");
}

/** Every role-assuming step of the workflows, per trigger and matrix entry, with its `sub` claim. */
export function roleAssumptions(repository: string, workflows: readonly WorkflowFile[], matrix: readonly MatrixEntry[]): Assumption[] {
  const docs = workflows.map((w) => ({ file: w.file, doc: parse(w.text) as unknown }));
  const callersOf = (file: string) =>
    docs.flatMap((d) =>
      jobsOf(d.doc)
        .filter(([, j]) => typeof j.uses === "string" && j.uses.replace(/^\.\/\.github\/workflows\//, "") === file)
        .map(([, j]) => ({ caller: d, job: j })),
    );
  return docs.flatMap(({ file, doc }) => {
    const callers = callersOf(file);
    const called = isObject(doc) && isObject(doc["on"]) && "workflow_call" in doc["on"];
    const triggers = [...triggersOf(doc), ...(called ? callers.flatMap((c) => triggersOf(c.caller.doc)) : [])];
    // A reusable workflow called with a layer gets that layer's matrix (tools/ci-matrix.ts --layer).
    const layers = callers
      .map((c) => (isObject(c.job.with) ? c.job.with["layer"] : undefined))
      .filter((l): l is string => typeof l === "string");
    const entries = called && layers.length > 0 ? matrix.filter((e) => layers.includes(e.layer)) : matrix;
    return jobsOf(doc).flatMap(([job, body]) => {
      const steps = Array.isArray(body.steps) ? body.steps.filter(isObject) : [];
      return steps
        .filter((s) => typeof s["uses"] === "string" && s["uses"].startsWith(CREDENTIALS_ACTION))
        .flatMap((step) => {
          const role = isObject(step["with"]) ? step["with"]["role-to-assume"] : undefined;
          const perEntry = typeof role === "string" && MATRIX_FIELD.test(role.trim()) ? entries : [undefined];
          return perEntry.flatMap((entry) => {
            const roleArn = evaluate(role, entry);
            if (!roleArn) return [];
            const environment =
              body.environment === undefined
                ? undefined
                : evaluate(isObject(body.environment) ? body.environment["name"] : body.environment, entry);
            return triggers.map((trigger) => ({
              file,
              job,
              roleArn,
              trigger,
              subject: subjectClaim(repository, file, trigger, environment),
            }));
          });
        });
    });
  });
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

export function checkGithubOidcSubjects(world: World, context: PreflightContext): Omit<Finding, "check">[] {
  if (!context.githubRepository || context.workflows.length === 0) return [];
  const seen = new Set<string>();
  return roleAssumptions(context.githubRepository, context.workflows, context.matrix).flatMap((a) => {
    const key = `${a.file} ${a.job} ${a.roleArn} ${a.subject}`;
    if (seen.has(key)) return [];
    seen.add(key);
    const at = (missing: string, fix: string) => [{ stack: a.file, address: a.job, missing, fix }];
    const [, account, name] = ROLE_ARN.exec(a.roleArn) ?? [];
    const roles = world.resources("aws_iam_role").filter((r) => r.account === account);
    // An output without the account's bootstrap stack (a partial --out folder) holds nothing to check against.
    if (roles.length === 0) return [];
    const role = roles.find((r) => r.body["name"] === name);
    if (!role)
      return at(
        `assumes ${a.roleArn} on ${a.trigger.event}, a role no stack creates`,
        "create the role in the account's bootstrap stack, or name one that exists",
      );
    const policy = parsePolicy(role.body["assume_role_policy"]);
    if (policy.kind !== "document")
      return at(
        `assumes ${a.roleArn}, whose trust policy (${role.stack.name} ${role.address}) the preflight cannot read`,
        "write the trust policy as a JSON document",
      );
    const claims = { [`${ISSUER}:sub`]: a.subject, [`${ISSUER}:aud`]: GITHUB_OIDC_AUDIENCE };
    const applies = (s: Statement) =>
      s.Action.some((x) => globMatch(x, "sts:AssumeRoleWithWebIdentity", true)) &&
      federatedPrincipals(s).some((p) => isGithubProvider(world, role, p)) &&
      conditionsHold(conditionOf(s), claims);
    const denied = policy.statements.some((s) => s.Effect === "Deny" && applies(s));
    if (!denied && policy.statements.some((s) => s.Effect === "Allow" && applies(s))) return [];
    return at(
      `on ${a.trigger.event} (${a.trigger.ref}) GitHub sends sub ${JSON.stringify(a.subject)}, which the trust policy of ${a.roleArn} (${role.stack.name} ${role.address}) ${denied ? "denies" : "does not allow"}`,
      `trust that subject for sts:AssumeRoleWithWebIdentity from the GitHub OIDC provider (constructs/bootstrap/github-subjects.ts), or run the job where the role expects (workflow file, trigger, environment)`,
    );
  });
}

function isGithubProvider(world: World, role: Resource, principal: string): boolean {
  const r = world.resolve(role.stack, principal);
  if (r?.kind === "resource")
    return (
      r.resource.type === "aws_iam_openid_connect_provider" && String(r.resource.body["url"] ?? "").replace(/^https:\/\//, "") === ISSUER
    );
  return r?.kind === "literal" && r.value.endsWith(`:oidc-provider/${ISSUER}`);
}

/** Every condition block holds for the claims; a key the token does not carry fails (no IfExists). */
export function conditionsHold(condition: Config, claims: Readonly<Record<string, string>>): boolean {
  return Object.entries(condition).every(([rawOperator, byKey]) => {
    if (!isObject(byKey)) return false;
    const ifExists = rawOperator.endsWith("IfExists");
    const operator = rawOperator.replace(/IfExists$/, "").replace(/^For(Any|All)Value:/, "");
    return Object.entries(byKey).every(([key, raw]) => {
      const claim = Object.entries(claims).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
      if (claim === undefined) return ifExists;
      const values = (Array.isArray(raw) ? raw : [raw]).map(String);
      const match = (v: string): boolean | undefined => {
        switch (operator) {
          case "StringEquals":
          case "StringNotEquals":
            return v === claim;
          case "StringEqualsIgnoreCase":
          case "StringNotEqualsIgnoreCase":
            return v.toLowerCase() === claim.toLowerCase();
          case "StringLike":
          case "StringNotLike":
            return globMatch(v, claim);
          default:
            return undefined;
        }
      };
      const results = values.map(match);
      if (results.includes(undefined)) return false;
      return operator.includes("Not") ? !results.includes(true) : results.includes(true);
    });
  });
}
