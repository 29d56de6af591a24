import { loadPlatformConfig } from "../../lib/config/load";
import { SESSION_PREFERENCES_DOCUMENT } from "../../constructs/observability/session-logging";
import { buildStacks, resourcesOf, synthJson } from "../helpers/synth";

// Issue 17 part 6: every environment's account and region logs Session Manager sessions, and the
// nodes (cluster layer) may write the transcripts the data layer's preferences send them to.
const config = loadPlatformConfig();
const stacks = buildStacks();

describe.each(config.environments.map((env) => [env.name, env] as const))("%s session logging", (_name, env) => {
  const data = synthJson(stacks.get(`${env.name}-data`)!);
  const cluster = synthJson(stacks.get(`${env.name}-cluster`)!);

  test("the data layer writes the session preferences document", () => {
    const docs = Object.values(resourcesOf(data, "aws_ssm_document")) as { name: string }[];
    expect(docs.map((d) => d.name)).toEqual([SESSION_PREFERENCES_DOCUMENT]);
  });

  test("the cluster's nodes attach the writer policy the data layer created", () => {
    const policies = Object.values(resourcesOf(data, "aws_iam_policy")) as { name: string }[];
    const writer = policies.find((p) => p.name.endsWith("-session-logging-writer"))!;
    const attachments = Object.values(resourcesOf(cluster, "aws_iam_role_policy_attachment")) as { policy_arn: string }[];
    expect(attachments.map((a) => a.policy_arn)).toContain(`arn:aws:iam::${env.account.id}:policy/${writer.name}`);
  });
});

test("no two environments share an account and region (one preferences document each)", () => {
  const places = config.environments.map((env) => `${env.account.id}/${env.region}`);
  expect(new Set(places).size).toBe(places.length);
});
