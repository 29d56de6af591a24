import { Testing } from "cdktf";
import { loadPlatformConfig } from "../../lib/config/load";
import { evaluateStack } from "../../lib/policy/stack-report";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { resourcesOf, synthJson, type TfJson } from "../helpers/synth";

// Built directly (not through buildApp) so this file does not depend on the environment layers.
const config = loadPlatformConfig();
const app = Testing.app();
const stacks = new Map(config.accounts.map((account) => [`bootstrap-${account.name}`, new BootstrapStack(app, `bootstrap-${account.name}`, { account, config })]));
const prodUs = synthJson(stacks.get("bootstrap-prod-us")!);
const prodEu = synthJson(stacks.get("bootstrap-prod-eu")!);
const management = synthJson(stacks.get("bootstrap-management")!);
const account = (name: string) => config.accounts.find((a) => a.name === name)!;

const one = (json: TfJson, type: string, match: (r: Record<string, unknown>) => boolean = () => true) => {
  const found = Object.values(resourcesOf(json, type)).filter(match);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const policy = (r: Record<string, unknown>, key = "policy") => JSON.parse(r[key] as string) as { Statement: Record<string, unknown>[] };
const role = (json: TfJson, name: string) => one(json, "aws_iam_role", (r) => r.name === name);

describe("bootstrap stacks", () => {
  test("one per account, with local state kept outside cdktf.out", () => {
    for (const a of config.accounts) {
      const json = synthJson(stacks.get(`bootstrap-${a.name}`)!);
      expect((json.terraform as { backend: Record<string, unknown> }).backend).toEqual({ local: { path: `../../../bootstrap-state/bootstrap-${a.name}.tfstate` } });
    }
  });

  test("creates the bucket and KMS alias the other stacks' S3 backends name", () => {
    const a = account("prod-us");
    const bucket = one(prodUs, "aws_s3_bucket", (r) => r.bucket === a.stateBucket);
    expect(bucket).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
    const alias = one(prodUs, "aws_kms_alias");
    expect(`arn:aws:kms:${a.homeRegion}:${a.id}:${alias.name as string}`).toBe(a.stateKmsKeyArn);
    expect(one(prodUs, "aws_kms_key")).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
  });

  test("the state bucket is versioned, KMS-encrypted, private, TLS-only and access-logged", () => {
    const a = account("prod-us");
    expect(Object.values(resourcesOf(prodUs, "aws_s3_bucket_versioning")).every((v) => (v.versioning_configuration as { status: string }).status === "Enabled")).toBe(true);
    const sse = Object.values(resourcesOf(prodUs, "aws_s3_bucket_server_side_encryption_configuration")).map((r) => (r.rule as { apply_server_side_encryption_by_default: { sse_algorithm: string } }[])[0]!.apply_server_side_encryption_by_default.sse_algorithm);
    // The state bucket uses the CMK; its access-log bucket SSE-S3 (S3 access logging cannot write to SSE-KMS).
    expect(sse.sort()).toEqual(["AES256", "aws:kms"]);
    expect(one(prodUs, "aws_s3_bucket_logging")).toMatchObject({ target_bucket: `analytics-tfstate-access-logs-${a.id}` });
    for (const pab of Object.values(resourcesOf(prodUs, "aws_s3_bucket_public_access_block"))) {
      expect(pab).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    }
    for (const p of Object.values(resourcesOf(prodUs, "aws_s3_bucket_policy"))) {
      expect(policy(p).Statement).toContainEqual(expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
    }
  });

  test("EU state stays in the EU", () => {
    expect(prodEu.provider!.aws![0]).toMatchObject({ region: "eu-central-1", allowed_account_ids: [account("prod-eu").id] });
  });

  test("member accounts are reached through the Organizations access role; the management account with the operator's own session", () => {
    const vars = (json: TfJson) => json.variable as Record<string, { default?: string }>;
    expect(vars(prodUs).role_arn!.default).toBe(`arn:aws:iam::${account("prod-us").id}:role/OrganizationAccountAccessRole`);
    expect(vars(management).role_arn!.default).toBe("");
    expect(management.provider!.aws![0]).toMatchObject({ allowed_account_ids: [account("management").id] });
  });

  test("GitHub OIDC provider with the STS audience", () => {
    expect(one(prodUs, "aws_iam_openid_connect_provider")).toMatchObject({ url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] });
  });

  test("plan role: pull requests of the repository only, ReadOnlyAccess, no state writes, no secret reads", () => {
    const plan = role(prodUs, "terraform-plan");
    const github = policy(plan, "assume_role_policy").Statement.find((s) => s.Action === "sts:AssumeRoleWithWebIdentity")!;
    expect(github.Condition).toEqual({
      StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
      StringLike: { "token.actions.githubusercontent.com:sub": ["repo:example-org/analytics-platform-infra:pull_request"] },
    });
    const attachments = Object.values(resourcesOf(prodUs, "aws_iam_role_policy_attachment"));
    expect(attachments.map((a) => a.policy_arn).sort()).toEqual(["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    const denies = policy(one(prodUs, "aws_iam_role_policy", (r) => r.name === "no-state-writes-no-secrets")).Statement;
    expect(subjects(prodUs, "terraform-plan")).toEqual(["repo:example-org/analytics-platform-infra:pull_request"]);
    expect(denies.every((s) => s.Effect === "Deny")).toBe(true);
    const actions = denies.flatMap((s) => s.Action as string[] | string);
    expect(actions).toEqual(expect.arrayContaining(["s3:PutObject", "s3:DeleteObject", "secretsmanager:GetSecretValue", "ssm:GetParameter", "kms:Decrypt"]));
    // Except AWS's public parameters (AMI ids), which the data stack's plan reads.
    expect(denies.find((s) => ([s.Action].flat() as string[]).includes("ssm:GetParameter"))).toMatchObject({ NotResource: "arn:aws:ssm:*::parameter/aws/*" });
  });

  const subjects = (json: TfJson, name: string) =>
    (policy(role(json, name), "assume_role_policy").Statement.find((s) => s.Action === "sts:AssumeRoleWithWebIdentity")!.Condition as { StringLike: Record<string, string[]> })
      .StringLike["token.actions.githubusercontent.com:sub"];

  test("deploy role: main branch or the GitHub environment of the platform environment deployed there, never pull requests", () => {
    expect(subjects(prodUs, "terraform-deploy")).toEqual(["repo:example-org/analytics-platform-infra:ref:refs/heads/main", "repo:example-org/analytics-platform-infra:environment:us"]);
    expect(subjects(management, "terraform-deploy")).toEqual(["repo:example-org/analytics-platform-infra:ref:refs/heads/main"]);
  });

  test("organization plans: the management plan role may assume each member's plan role, and nothing else", () => {
    const mgmtPlan = `arn:aws:iam::${account("management").id}:role/terraform-plan`;
    expect(policy(role(prodUs, "terraform-plan"), "assume_role_policy").Statement).toContainEqual(
      expect.objectContaining({ Sid: "OrganizationPlan", Condition: { ArnEquals: { "aws:PrincipalArn": mgmtPlan } } }),
    );
    const allow = policy(one(management, "aws_iam_role_policy", (r) => r.name === "no-state-writes-no-secrets")).Statement.find((s) => s.Effect === "Allow")!;
    expect(allow.Action).toBe("sts:AssumeRole");
    expect(allow.Resource).toEqual(config.accounts.filter((a) => a.name !== "management").map((a) => a.planRoleArn));
  });

  test("state role: assumed only by the deploy and plan roles and the administrators of the same account; touches only the state bucket and key", () => {
    const id = account("prod-us").id;
    const trust = policy(role(prodUs, "terraform-state"), "assume_role_policy").Statement;
    expect(trust).toEqual([
      expect.objectContaining({ Principal: { AWS: `arn:aws:iam::${id}:root` }, Condition: { ArnEquals: { "aws:PrincipalArn": [`arn:aws:iam::${id}:role/terraform-deploy`, `arn:aws:iam::${id}:role/terraform-plan`] } } }),
      // Manual applies by the account's Identity Center administrators (runbooks).
      expect.objectContaining({ Principal: { AWS: `arn:aws:iam::${id}:root` }, Condition: { ArnLike: { "aws:PrincipalArn": expect.stringContaining("AWSReservedSSO_Admin_") } } }),
    ]);
    const access = policy(one(prodUs, "aws_iam_role_policy", (r) => r.name === "terraform-state")).Statement;
    const resources = access.flatMap((s) => [s.Resource].flat() as string[]);
    expect(resources.filter((r) => r.startsWith("arn:aws:s3")).every((r) => r.startsWith(`arn:aws:s3:::analytics-tfstate-${id}`))).toBe(true);
    expect(resources).not.toContain("*");
  });

  test("the policy checker finds nothing to fix; the deploy role's AdministratorAccess is a declared exception", () => {
    for (const name of ["bootstrap-management", "bootstrap-prod-us"]) {
      const findings = evaluateStack(stacks.get(name)!);
      expect(findings.filter((f) => f.status === "fail")).toEqual([]);
      expect(findings.filter((f) => f.status === "excepted").map((f) => f.ruleId)).toEqual(["IAM-09"]);
    }
  });

  test("no IAM users or access keys", () => {
    for (const json of [prodUs, prodEu, management]) {
      expect(Object.keys(json.resource ?? {}).filter((t) => /^aws_iam_(user|access_key|group)/.test(t))).toEqual([]);
    }
  });
});
