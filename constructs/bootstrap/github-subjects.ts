/**
 * The `sub` claims of GitHub's OIDC tokens that the Terraform roles trust.
 *
 * The repository's subject template is customized once (docs/ci.md, "One-time repository setup")
 * to include `repo`, `context` and `job_workflow_ref`, so a subject names the workflow file and the
 * ref it was read from as well as the trigger:
 *   repo:OWNER/REPO:<context>:job_workflow_ref:OWNER/REPO/.github/workflows/<file>@<ref>
 * where <context> is `environment:<name>` for a job with an environment, `pull_request` for pull
 * requests, else `ref:<ref>` (GitHub docs, "OpenID Connect reference", "Customizing the subject
 * claims" / "Example: Requiring a reusable workflow and other claims"; read 2026-12-02).
 * Without the customization the default subject (`repo:OWNER/REPO:environment:us`) carries no
 * branch: any branch could use an environment (docs/reference/deploy-constraints.md row 5).
 */

/** `include_claim_keys` of the repository's OIDC subject customization. */
export const GITHUB_SUBJECT_CLAIM_KEYS = ["repo", "context", "job_workflow_ref"] as const;

/** The workflow files whose jobs assume a role (`.github/workflows/<file>`). */
export const GITHUB_WORKFLOWS = {
  /** Reusable workflow that applies one layer; its jobs run in the environment's GitHub environment. */
  apply: "apply-layer.yml",
  /** Pull-request plans. */
  plan: "plan.yml",
  /** Scheduled drift check of main. */
  drift: "drift.yml",
} as const;

const MAIN = "refs/heads/main";

const workflowRef = (repository: string, file: string, ref: string) => `${repository}/.github/workflows/${file}@${ref}`;

/**
 * Deploy role: only apply-layer.yml as it is on main, running in the GitHub environment of a
 * platform environment of the account. A job on any other branch, or any other workflow file (a
 * pull request that edits plan.yml to claim an environment), has another subject.
 */
export function deploySubjects(repository: string, environments: readonly string[]): string[] {
  return environments.map(
    (e) => `repo:${repository}:environment:${e}:job_workflow_ref:${workflowRef(repository, GITHUB_WORKFLOWS.apply, MAIN)}`,
  );
}

/**
 * Plan role: plan.yml on pull requests (ref `refs/pull/<number>/merge`), and drift.yml on main
 * (schedules run on the default branch; a manual dispatch from another branch does not match).
 */
export function planSubjects(repository: string): string[] {
  return [
    `repo:${repository}:pull_request:job_workflow_ref:${workflowRef(repository, GITHUB_WORKFLOWS.plan, "refs/pull/*/merge")}`,
    `repo:${repository}:ref:${MAIN}:job_workflow_ref:${workflowRef(repository, GITHUB_WORKFLOWS.drift, MAIN)}`,
  ];
}
