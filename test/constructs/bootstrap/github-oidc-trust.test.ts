import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformRoles } from "../../../constructs/bootstrap/terraform-roles";
import { resourcesOf, type TfJson } from "../../helpers/synth";

/**
 * The deploy and plan roles' web-identity trust, evaluated as IAM does, against the `sub` GitHub
 * sends for each trigger. With the repository's subject customization (`repo`, `context`,
 * `job_workflow_ref`) a subject is `repo:O/R:<context>:job_workflow_ref:O/R/.github/workflows/<file>@<ref>`
 * (GitHub docs, "OpenID Connect reference", "Customizing the subject claims"; read 2026-12-02).
 */
const repo = "acme/infra";
const json = (() => {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new TerraformRoles(stack, "Roles", {
    accountId: "123456789012",
    githubRepository: repo,
    deployEnvironments: ["us"],
    roleNames: { deploy: "terraform-deploy", plan: "terraform-plan", state: "terraform-state", stateRead: "terraform-state-read" },
    administratorPermissionSetName: "Admin",
    stateBucketName: "org-tfstate-123456789012",
    stateKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/abc",
  });
  return JSON.parse(Testing.synth(stack)) as TfJson;
})();

type Condition = Record<string, Record<string, string | string[]>>;
const statementsOf = (name: string) =>
  (
    JSON.parse(Object.values(resourcesOf(json, "aws_iam_role")).find((r) => r.name === name)!.assume_role_policy as string) as {
      Statement: { Action: string; Condition?: Condition }[];
    }
  ).Statement.filter((s) => s.Action === "sts:AssumeRoleWithWebIdentity");

/** IAM string condition operators: every key must match (AND), any of a key's values (OR). */
function conditionHolds(condition: Condition, claims: Record<string, string>): boolean {
  const ops: Record<string, (pattern: string, value: string) => boolean> = {
    StringEquals: (p, v) => p === v,
    // `*` any run of characters, `?` one character, case-sensitive (IAM user guide, "String condition operators").
    StringLike: (p, v) =>
      new RegExp(
        `^${p
          .replace(/[.+^${}()|[\]\\]/g, "\\$&")
          .replace(/\*/g, ".*")
          .replace(/\?/g, ".")}$`,
      ).test(v),
  };
  return Object.entries(condition).every(([op, keys]) => {
    const test = ops[op];
    if (!test) throw new Error(`operator ${op} not modelled`);
    return Object.entries(keys).every(([key, values]) => key in claims && [values].flat().some((p) => test(p, claims[key]!)));
  });
}

const assumes = (role: string, sub: string) =>
  statementsOf(role).some((s) =>
    conditionHolds(s.Condition ?? {}, {
      "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
      "token.actions.githubusercontent.com:sub": sub,
    }),
  );

/** The customized subject GitHub sends for a job. */
const sub = (context: string, workflow: string, ref: string, repository = repo) =>
  `repo:${repository}:${context}:job_workflow_ref:${repository}/.github/workflows/${workflow}@${ref}`;
const MAIN = "refs/heads/main";
const PR = "refs/pull/42/merge";

describe("GitHub OIDC trust of the Terraform roles", () => {
  test.each([
    ["apply-layer.yml on main in the us environment", "terraform-deploy", sub("environment:us", "apply-layer.yml", MAIN)],
    ["plan.yml on a pull request", "terraform-plan", sub("pull_request", "plan.yml", PR)],
    ["drift.yml on its schedule (main)", "terraform-plan", sub(`ref:${MAIN}`, "drift.yml", MAIN)],
    ["drift.yml dispatched on main", "terraform-plan", sub(`ref:${MAIN}`, "drift.yml", MAIN)],
  ])("allows %s", (_name, role, subject) => {
    expect(assumes(role, subject)).toBe(true);
  });

  test.each([
    [
      "a feature branch's apply-layer.yml with the us environment",
      "terraform-deploy",
      sub("environment:us", "apply-layer.yml", "refs/heads/feature"),
    ],
    ["a pull request claiming apply", "terraform-deploy", sub("pull_request", "apply-layer.yml", PR)],
    ["a pull request job in the us environment (edited plan.yml)", "terraform-deploy", sub("environment:us", "plan.yml", PR)],
    ["a job on main without an environment", "terraform-deploy", sub(`ref:${MAIN}`, "apply-layer.yml", MAIN)],
    ["another environment (not deployed into this account)", "terraform-deploy", sub("environment:eu", "apply-layer.yml", MAIN)],
    ["another workflow on main in the us environment", "terraform-deploy", sub("environment:us", "drift.yml", MAIN)],
    ["another repository", "terraform-deploy", sub("environment:us", "apply-layer.yml", MAIN, "acme/infra-fork")],
    ["the default (uncustomized) environment subject", "terraform-deploy", "repo:acme/infra:environment:us"],
    ["the default main subject", "terraform-deploy", `repo:acme/infra:ref:${MAIN}`],
    ["the pull-request plan with the deploy role", "terraform-deploy", sub("pull_request", "plan.yml", PR)],
    ["drift.yml dispatched on a feature branch", "terraform-plan", sub("ref:refs/heads/feature", "drift.yml", "refs/heads/feature")],
    ["plan.yml run on a push to main", "terraform-plan", sub(`ref:${MAIN}`, "plan.yml", MAIN)],
    ["drift.yml on a pull request", "terraform-plan", sub("pull_request", "drift.yml", PR)],
    ["the default (uncustomized) pull-request subject", "terraform-plan", "repo:acme/infra:pull_request"],
    ["a pull request of another repository", "terraform-plan", sub("pull_request", "plan.yml", PR, "acme/other")],
  ])("denies %s", (_name, role, subject) => {
    expect(assumes(role, subject)).toBe(false);
  });

  test("the audience must be STS", () => {
    const [statement] = statementsOf("terraform-plan");
    expect(
      conditionHolds(statement!.Condition!, {
        "token.actions.githubusercontent.com:aud": "other",
        "token.actions.githubusercontent.com:sub": sub("pull_request", "plan.yml", PR),
      }),
    ).toBe(false);
  });
});
