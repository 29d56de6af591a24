/**
 * Hand-written synthesized stacks for the preflight tests: only the blocks a check reads, in the
 * shape cdktf writes them (provider lists, `${type.name.attr}` references, S3 backends).
 */
import { CONSTRAINTS, preflight } from "../../lib/preflight";
import { preflightContext, type PreflightContext } from "../../lib/preflight/context";
import type { Finding } from "../../lib/preflight/finding";
import { DEFAULT_RUNNER } from "../../lib/preflight/order";
import type { Config } from "../../lib/policy/tf";
import { World, type PlacedStack } from "../../lib/preflight/world";

export const ACCOUNT = "111111111111";
export const OTHER_ACCOUNT = "222222222222";

export interface FixtureStack {
  readonly name: string;
  readonly account?: string;
  readonly environment?: string;
  readonly runsOn?: string;
  readonly resource?: Record<string, Record<string, Config>>;
  readonly data?: Record<string, Record<string, Config>>;
  readonly ephemeral?: Record<string, Record<string, Config>>;
  readonly output?: Record<string, string>;
  readonly provider?: Config;
  /** @default "s3": the fixture account's state bucket in eu-west-1 */
  readonly backend?: "s3" | "local";
}

const backend = (name: string, account: string) => ({ bucket: `state-${account}`, key: `${name}/terraform.tfstate`, region: "eu-west-1" });

/** `${address}`, a Terraform reference, without tripping the no-template-curly-in-string lint rule. */
export const ref = (address: string): string => `\${${address}}`;

/** A `terraform_remote_state` data source reading another fixture stack's state. */
export const remoteState = (stack: string, account = ACCOUNT): Config => ({
  backend: "s3",
  config: backend(stack, account),
  workspace: ref("terraform.workspace"),
});

/**
 * A bootstrap stack (local state) creating the fixture's state bucket of an account, as the real
 * bootstrap stacks do: every fixture stack's backend then has its bucket when its turn comes.
 */
export const stateBootstrap = (account: string): FixtureStack => ({
  name: `bootstrap-state-${account}`,
  account,
  backend: "local",
  resource: { aws_s3_bucket: { State: { bucket: backend("any", account).bucket } } },
});

/**
 * Places the stacks in the order given, as the preflight would after reading a manifest; unless
 * `withStateBuckets` is false, after a stateBootstrap for every account the stacks name.
 */
export function world(stacks: readonly FixtureStack[], withStateBuckets = true): World {
  const accounts = [...new Set(stacks.map((s) => s.account ?? ACCOUNT))];
  const all = withStateBuckets ? [...accounts.map(stateBootstrap), ...stacks] : stacks;
  return new World(
    all.map((s, index): PlacedStack => {
      const account = s.account ?? ACCOUNT;
      return {
        name: s.name,
        index,
        environment: s.environment,
        phase: s.name.startsWith("bootstrap-") ? "bootstrap" : (s.name.split("-").pop() ?? s.name),
        runsOn: s.runsOn ?? DEFAULT_RUNNER,
        json: {
          terraform: { backend: s.backend === "local" ? { local: { path: `${s.name}.tfstate` } } : { s3: backend(s.name, account) } },
          provider: { aws: [{ allowed_account_ids: [account], region: "eu-west-1" }], ...(s.provider ?? {}) },
          ...(s.resource ? { resource: s.resource } : {}),
          ...(s.data ? { data: s.data } : {}),
          ...(s.ephemeral ? { ephemeral: s.ephemeral } : {}),
          ...(s.output ? { output: Object.fromEntries(Object.entries(s.output).map(([k, value]) => [k, { value }])) } : {}),
        },
      };
    }),
  );
}

/** Findings over fixture stacks; `context` adds dates, tiers, accounts and workflows. */
export const findingsOf = (stacks: readonly FixtureStack[], context: Partial<PreflightContext> = {}): Finding[] => [
  ...preflight(world(stacks), [], CONSTRAINTS, preflightContext(context)).findings,
];

/** A policy document as cdktf synthesizes it: a JSON string. */
export const policy = (...statements: Config[]): string => JSON.stringify({ Version: "2012-10-17", Statement: statements });
