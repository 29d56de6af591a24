/**
 * What the preflight knows beyond the synthesized stacks: the date support windows are measured
 * from (injectable like the config loader's `today`), environment tiers and accounts from
 * lib/config, and the GitHub workflows that assume the Terraform roles.
 */
import type { StackTarget } from "../../tools/ci-matrix";
import type { AccountConfig, EnvironmentConfig, PlatformConfig } from "../config/model";

export interface WorkflowFile {
  /** File name under .github/workflows/. */
  readonly file: string;
  readonly text: string;
}

/** One CI matrix entry: the values `matrix.<field>` takes in a workflow. */
export type MatrixEntry = Pick<
  StackTarget,
  "stack" | "environment" | "layer" | "accountId" | "planRoleArn" | "deployRoleArn" | "stateReadRoleArn"
>;

export interface PreflightContext {
  /** The date support windows are measured from. @default now */
  readonly today: Date;
  readonly environments: readonly Pick<EnvironmentConfig, "name" | "tier">[];
  readonly accounts: readonly Pick<AccountConfig, "id" | "planRoleArn">[];
  /** `owner/name` of the repository whose workflows assume the roles; none: row 5 is skipped. */
  readonly githubRepository: string | undefined;
  readonly workflows: readonly WorkflowFile[];
  /** Every CI matrix entry: the stacks the workflows plan and apply. */
  readonly matrix: readonly MatrixEntry[];
}

export function preflightContext(partial: Partial<PreflightContext> = {}): PreflightContext {
  return { today: new Date(), environments: [], accounts: [], githubRepository: undefined, workflows: [], matrix: [], ...partial };
}

/** The context of the shipped platform: its config, workflows and CI matrix. */
export function contextOf(
  config: PlatformConfig,
  workflows: readonly WorkflowFile[],
  matrix: readonly MatrixEntry[],
  today?: Date,
): PreflightContext {
  return preflightContext({
    ...(today ? { today } : {}),
    environments: config.environments,
    accounts: config.accounts,
    githubRepository: config.organization.githubRepository,
    workflows,
    matrix,
  });
}
