/**
 * Each GitHub Actions OIDC token the workflows can obtain assumes exactly the roles its job names,
 * and no other role of any account. The tokens are derived from .github/workflows/*.yml (which job
 * of which file assumes which role, in which GitHub environment, on which trigger:
 * lib/preflight/github-oidc.ts) with the repository's customized subject template
 * (constructs/bootstrap/github-subjects.ts); the roles' trust policies come from the synthesized
 * stacks. Tokens of the same jobs run from a branch (a manual dispatch, an environment job) must
 * assume nothing: applying from a branch is denied.
 *
 * Claims per GitHub docs ("OpenID Connect reference", read 2026-12-07): `aud` is what
 * configure-aws-credentials requests (sts.amazonaws.com), `ref` the ref the run is for,
 * `job_workflow_ref` the workflow file at that ref. The trust policies test `sub` and `aud`, the
 * claims AWS exposes as condition keys for this provider.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_URL } from "../../constructs/bootstrap/terraform-roles";
import type { MatrixEntry, WorkflowFile } from "../../lib/preflight/context";
import { roleAssumptions, subjectClaim } from "../../lib/preflight/github-oidc";
import { shippedIamModel, simulate, type IamModel } from "../helpers/iam-model";
import { buildStacks, synthJson } from "../helpers/synth";

const ISSUER = GITHUB_OIDC_URL.replace(/^https:\/\//, "");
const BRANCH_REF = "refs/heads/feature/try-something";

interface Token {
  /** What run this token comes from, for messages. */
  readonly label: string;
  readonly claims: { sub: string; aud: string; ref: string; job_workflow_ref: string };
  /** Role ARNs the workflow job means to assume with it: none for runs from a branch. */
  readonly intended: ReadonlySet<string>;
}

function workflowFiles(): WorkflowFile[] {
  const dir = path.resolve(__dirname, "../../.github/workflows");
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((file) => ({ file, text: fs.readFileSync(path.join(dir, file), "utf8") }));
}

/** The CI matrix as tools/ci-matrix.ts builds it: every stack with a remote backend. */
function matrixEntries(model: IamModel): MatrixEntry[] {
  return [...buildStacks()].flatMap(([stack, s]) => {
    const json = synthJson(s);
    const backend = (json.terraform?.["backend"] ?? {}) as Record<string, unknown>;
    if ("local" in backend) return [];
    const accountId = ((json.provider?.["aws"]?.[0] ?? {}) as { allowed_account_ids?: string[] }).allowed_account_ids?.[0];
    const account = model.config.accounts.find((a) => a.id === accountId);
    if (!account) return [];
    const env = model.config.environments.find((e) => stack.startsWith(`${e.name}-`));
    return [
      {
        stack,
        environment: env?.name ?? stack,
        layer: env ? stack.slice(env.name.length + 1) : "manual",
        accountId: account.id,
        planRoleArn: account.planRoleArn,
        deployRoleArn: account.deployRoleArn,
        stateReadRoleArn: account.stateReadRoleArn,
      },
    ];
  });
}

/** Every token the workflows obtain, and the same jobs' tokens when run from a branch. */
function tokensOf(repository: string, workflows: readonly WorkflowFile[], matrix: readonly MatrixEntry[]): Token[] {
  const byToken = new Map<string, { label: string; claims: Token["claims"]; intended: Set<string> }>();
  const add = (
    label: string,
    file: string,
    trigger: { event: string; ref: string },
    environment: string | undefined,
    roleArn: string | undefined,
  ) => {
    const sub = subjectClaim(repository, file, trigger, environment);
    const entry = byToken.get(sub) ?? {
      label,
      claims: {
        sub,
        aud: GITHUB_OIDC_AUDIENCE,
        ref: trigger.ref,
        job_workflow_ref: `${repository}/.github/workflows/${file}@${trigger.ref}`,
      },
      intended: new Set<string>(),
    };
    if (roleArn) entry.intended.add(roleArn);
    byToken.set(sub, entry);
  };
  for (const a of roleAssumptions(repository, workflows, matrix)) {
    const environment = /:environment:([^:]+):/.exec(a.subject)?.[1];
    add(
      `${a.file} ${a.job} on ${a.trigger.event}${environment ? ` in environment ${environment}` : ""}`,
      a.file,
      a.trigger,
      environment,
      a.roleArn,
    );
    // The same job run from a branch: a manual dispatch, or an environment job of a branch's run.
    if (a.trigger.event !== "pull_request")
      add(
        `${a.file} ${a.job} dispatched from a branch${environment ? ` in environment ${environment}` : ""}`,
        a.file,
        { event: "workflow_dispatch", ref: BRANCH_REF },
        environment,
        undefined,
      );
  }
  return [...byToken.values()];
}

/** Every (token, role) pair whose simulated decision differs from the intent. */
async function mismatches(model: IamModel, tokens: readonly Token[]): Promise<string[]> {
  const wrong: string[] = [];
  for (const token of tokens) {
    for (const role of model.roles) {
      const decision = await simulate(model, {
        principal: `arn:aws:iam::${role.accountId}:oidc-provider/${ISSUER}`,
        action: "sts:AssumeRoleWithWebIdentity",
        resource: role.arn,
        context: Object.fromEntries(Object.entries(token.claims).map(([k, v]) => [`${ISSUER}:${k}`, v])),
      });
      const want = token.intended.has(role.arn);
      if ((decision === "Allowed") !== want)
        wrong.push(`${token.label} (sub ${token.claims.sub}): ${role.arn} ${decision}, expected ${want ? "Allowed" : "denied"}`);
    }
  }
  return wrong;
}

describe("GitHub OIDC tokens assume exactly their roles, simulated", () => {
  let model: IamModel;
  let tokens: Token[];
  beforeAll(() => {
    model = shippedIamModel();
    tokens = tokensOf(model.config.organization.githubRepository, workflowFiles(), matrixEntries(model));
  }, 120_000);

  test("the workflows obtain tokens for pull requests, pushes and schedules on main, environment jobs, and runs from a branch", () => {
    const events = new Set(tokens.map((t) => t.label.replace(/^.* on (\S+).*$/, "$1")));
    for (const e of ["pull_request", "push", "schedule"]) expect(events).toContain(e);
    expect(tokens.some((t) => t.claims.sub.includes(":environment:") && t.claims.ref === "refs/heads/main")).toBe(true);
    expect(tokens.some((t) => t.claims.sub.includes(":environment:") && t.claims.ref === BRANCH_REF)).toBe(true);
    expect(tokens.some((t) => t.claims.sub.includes(`:ref:${BRANCH_REF}`))).toBe(true);
    expect(tokens.filter((t) => t.intended.size === 0).every((t) => t.claims.ref === BRANCH_REF)).toBe(true);
  });

  test("each token assumes the roles its job names and no other role of any account", async () => {
    expect(await mismatches(model, tokens)).toEqual([]);
  }, 60_000);

  test("a deploy role trusting any subject of the repository is caught: a branch could apply", async () => {
    const target = model.roles.find((r) => r.name === model.config.organization.roleNames.deploy)!;
    const repository = model.config.organization.githubRepository;
    const wildcard = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: `arn:aws:iam::${target.accountId}:oidc-provider/${ISSUER}` },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { [`${ISSUER}:aud`]: GITHUB_OIDC_AUDIENCE },
            StringLike: { [`${ISSUER}:sub`]: `repo:${repository}:*` },
          },
        },
      ],
    };
    const broken: IamModel = { ...model, roles: model.roles.map((r) => (r === target ? { ...r, trust: wildcard } : r)) };
    const wrong = await mismatches(broken, tokens);
    expect(wrong.length).toBeGreaterThan(0);
    expect(wrong.every((w) => w.includes(target.arn))).toBe(true);
    expect(wrong).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`dispatched from a branch in environment .*${target.arn.replace(/[/.]/g, "\\$&")} Allowed, expected denied`),
        ),
      ]),
    );
  }, 60_000);
});
