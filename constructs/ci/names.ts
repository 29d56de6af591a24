/**
 * Names shared by the CI runner construct (network stack), the cluster stack (its access to the
 * private EKS endpoint) and the CI matrix (which jobs run inside the VPC). One place, so the
 * workflow label and the CodeBuild project can never disagree.
 */

/** CodeBuild project that hosts GitHub Actions runners inside one environment's VPC. */
export function ciRunnerProjectName(environment: string): string {
  return `${environment}-github-runner`;
}

/**
 * `runs-on` label prefix of a job that must run inside the environment's VPC. GitHub Actions jobs
 * whose label is `codebuild-<project>-<run_id>-<run_attempt>` are picked up by the CodeBuild project
 * (AWS CodeBuild user guide, "Self-hosted GitHub Actions runners in AWS CodeBuild").
 */
export function ciRunnerLabelPrefix(environment: string): string {
  return `codebuild-${ciRunnerProjectName(environment)}`;
}

/**
 * Names (the `name:` key) of this repository's workflows whose jobs may run on the CodeBuild runner.
 * The runner's webhook accepts queued jobs of these workflows only. A job of a reusable workflow
 * (apply layer, called by apply) is reported under either name, so both are listed.
 */
export const CI_RUNNER_WORKFLOWS = ["plan", "apply", "apply layer", "drift"] as const;
