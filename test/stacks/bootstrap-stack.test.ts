import { Testing } from "cdktf";
import { loadPlatformConfig } from "../../lib/config/load";
import { evaluateStack } from "../../lib/policy/stack-report";
import { EPHEMERAL_PLAN_ACTIONS } from "../../constructs/bootstrap/terraform-roles";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { resourcesOf, synthJson, type TfJson } from "../helpers/synth";

// Built directly (not through buildApp) so this file does not depend on the environment layers.
const config = loadPlatformConfig();
const app = Testing.app();
const stacks = new Map(
  config.accounts.map((account) => [
    `bootstrap-${account.name}`,
    new BootstrapStack(app, `bootstrap-${account.name}`, { account, config }),
  ]),
);
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
      expect((json.terraform as { backend: Record<string, unknown> }).backend).toEqual({
        local: { path: `../../../bootstrap-state/bootstrap-${a.name}.tfstate` },
      });
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
    expect(
      Object.values(resourcesOf(prodUs, "aws_s3_bucket_versioning")).every(
        (v) => (v.versioning_configuration as { status: string }).status === "Enabled",
      ),
    ).toBe(true);
    const sse = Object.values(resourcesOf(prodUs, "aws_s3_bucket_server_side_encryption_configuration")).map(
      (r) =>
        (r.rule as { apply_server_side_encryption_by_default: { sse_algorithm: string } }[])[0]!.apply_server_side_encryption_by_default
          .sse_algorithm,
    );
    // The state bucket uses the CMK; its access-log bucket SSE-S3 (S3 access logging cannot write to SSE-KMS).
    expect(sse.sort()).toEqual(["AES256", "aws:kms"]);
    expect(one(prodUs, "aws_s3_bucket_logging")).toMatchObject({ target_bucket: `analytics-tfstate-access-logs-${a.id}` });
    for (const pab of Object.values(resourcesOf(prodUs, "aws_s3_bucket_public_access_block"))) {
      expect(pab).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    }
    for (const p of Object.values(resourcesOf(prodUs, "aws_s3_bucket_policy"))) {
      expect(policy(p).Statement).toContainEqual(
        expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      );
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
    expect(one(prodUs, "aws_iam_openid_connect_provider")).toMatchObject({
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
  });

  test("plan role: the repository's plan and drift workflows only, ReadOnlyAccess, no state writes, no secret reads", () => {
    const plan = role(prodUs, "terraform-plan");
    const github = policy(plan, "assume_role_policy").Statement.find((s) => s.Action === "sts:AssumeRoleWithWebIdentity")!;
    expect(github.Condition).toMatchObject({ StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } });
    const attachments = Object.values(resourcesOf(prodUs, "aws_iam_role_policy_attachment")).filter((a) =>
      String(a.role).includes("PlanRole"),
    );
    expect(attachments.map((a) => a.policy_arn)).toEqual(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    const denies = policy(one(prodUs, "aws_iam_role_policy", (r) => r.name === "no-state-writes-no-secrets")).Statement;
    const actions = denies.filter((s) => s.Effect === "Deny").flatMap((s) => s.Action as string[] | string);
    expect(actions).toEqual(
      expect.arrayContaining(["s3:PutObject", "s3:DeleteObject", "secretsmanager:GetSecretValue", "ssm:GetParameter", "kms:Decrypt"]),
    );
    // Except AWS's public parameters (AMI ids), which the data stack's plan reads.
    expect(denies.find((s) => ([s.Action].flat() as string[]).includes("ssm:GetParameter"))).toMatchObject({
      NotResource: "arn:aws:ssm:*::parameter/aws/*",
    });
  });

  const subjects = (json: TfJson, name: string) =>
    (
      policy(role(json, name), "assume_role_policy").Statement.find((s) => s.Action === "sts:AssumeRoleWithWebIdentity")!.Condition as {
        StringLike: Record<string, string[]>;
      }
    ).StringLike["token.actions.githubusercontent.com:sub"];

  test("deploy role: one OIDC subject per environment of the account (from the environment files); none in accounts without environments", () => {
    for (const a of config.accounts) {
      const json = synthJson(stacks.get(`bootstrap-${a.name}`)!);
      const envs = config.environments.filter((e) => e.account.name === a.name).map((e) => e.name);
      const trust = policy(role(json, "terraform-deploy"), "assume_role_policy").Statement.filter(
        (s) => s.Action === "sts:AssumeRoleWithWebIdentity",
      );
      if (envs.length === 0) expect(trust).toEqual([]);
      else expect(subjects(json, "terraform-deploy")).toHaveLength(envs.length);
    }
  });

  test("organization plans: the management plan role may assume each member's plan role, and nothing else", () => {
    const mgmtPlan = `arn:aws:iam::${account("management").id}:role/terraform-plan`;
    expect(policy(role(prodUs, "terraform-plan"), "assume_role_policy").Statement).toContainEqual(
      expect.objectContaining({ Sid: "OrganizationPlan", Condition: { ArnEquals: { "aws:PrincipalArn": mgmtPlan } } }),
    );
    const allow = policy(one(management, "aws_iam_role_policy", (r) => r.name === "no-state-writes-no-secrets")).Statement.find(
      (s) => s.Sid === "ReadMembersThroughTheirPlanRoles",
    )!;
    expect(allow.Action).toBe("sts:AssumeRole");
    expect(allow.Resource).toEqual(config.accounts.filter((a) => a.name !== "management").map((a) => a.planRoleArn));
  });

  test("state role: assumed only by the deploy role and the administrators of the same account, never by plans; touches only the state bucket and key", () => {
    const a = account("prod-us");
    const id = a.id;
    const trust = policy(role(prodUs, "terraform-state"), "assume_role_policy").Statement;
    expect(trust).toEqual([
      expect.objectContaining({
        Principal: { AWS: `arn:aws:iam::${id}:root` },
        Condition: { ArnEquals: { "aws:PrincipalArn": [a.deployRoleArn] } },
      }),
      // Manual applies by the account's Identity Center administrators (runbooks).
      expect.objectContaining({
        Principal: { AWS: `arn:aws:iam::${id}:root` },
        Condition: { ArnLike: { "aws:PrincipalArn": expect.stringContaining("AWSReservedSSO_Admin_") } },
      }),
    ]);
    const access = policy(one(prodUs, "aws_iam_role_policy", (r) => r.name === "terraform-state")).Statement;
    const resources = access.flatMap((s) => [s.Resource].flat() as string[]);
    expect(resources.filter((r) => r.startsWith("arn:aws:s3")).every((r) => r.startsWith(`arn:aws:s3:::analytics-tfstate-${id}`))).toBe(
      true,
    );
    expect(resources).not.toContain("*");
  });

  test("the policy checker finds nothing to fix; AdministratorAccess of the deploy and break-glass roles, and the break-glass user, are declared exceptions", () => {
    for (const [name, expected] of [
      ["bootstrap-management", ["IAM-09", "IAM-09", "IAM-12", "IAM-12"]],
      ["bootstrap-prod-us", ["IAM-09", "IAM-09"]],
    ] as const) {
      const findings = evaluateStack(stacks.get(name)!);
      expect(findings.filter((f) => f.status === "fail")).toEqual([]);
      expect(
        findings
          .filter((f) => f.status === "excepted")
          .map((f) => f.ruleId)
          .sort(),
      ).toEqual(expected);
    }
  });

  test("no IAM users or access keys, but the break-glass user of the management account (no access key, no login profile in code)", () => {
    for (const json of [prodUs, prodEu]) {
      expect(Object.keys(json.resource ?? {}).filter((t) => /^aws_iam_(user|access_key|group)/.test(t))).toEqual([]);
    }
    expect(
      Object.keys(management.resource ?? {})
        .filter((t) => /^aws_iam_(user|access_key|group)/.test(t))
        .sort(),
    ).toEqual(["aws_iam_user", "aws_iam_user_policy"]);
  });
});

describe("bootstrap stacks: roles that work on a first deploy", () => {
  type Stmt = {
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource?: string | string[];
    NotResource?: string;
    Principal?: { AWS?: string };
    Condition?: Record<string, Record<string, string | string[]>>;
  };
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : [v].flat());
  /** IAM wildcard match (`*`, `?`), as Action and Resource elements are matched. */
  const like = (pattern: string, value: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".")}$`,
      "i",
    ).test(value);
  const roles = (json: TfJson) => Object.values(resourcesOf(json, "aws_iam_role"));
  const inlineOf = (json: TfJson, roleName: string) =>
    Object.values(resourcesOf(json, "aws_iam_role_policy")).filter(
      (p) =>
        p.role === `\${aws_iam_role.${Object.entries(resourcesOf(json, "aws_iam_role")).find(([, r]) => r.name === roleName)![0]}.name}`,
    );
  const managedOf = (json: TfJson, roleName: string) =>
    Object.values(resourcesOf(json, "aws_iam_role_policy_attachment"))
      .filter(
        (p) =>
          p.role === `\${aws_iam_role.${Object.entries(resourcesOf(json, "aws_iam_role")).find(([, r]) => r.name === roleName)![0]}.name}`,
      )
      .map((p) => p.policy_arn as string);

  /**
   * Whether a role's identity policies allow an action on a resource: an explicit deny wins, then
   * an inline allow or AdministratorAccess (ReadOnlyAccess allows no sts:AssumeRole or iam writes).
   */
  function identityAllows(json: TfJson, roleName: string, action: string, resource: string): boolean {
    const statements = inlineOf(json, roleName).flatMap((p) => policy(p).Statement as Stmt[]);
    const matches = (s: Stmt) =>
      list(s.Action).some((a) => like(a, action)) &&
      (s.NotResource ? !like(s.NotResource, resource) : list(s.Resource).some((r) => like(r, resource)));
    if (statements.some((s) => s.Effect === "Deny" && matches(s))) return false;
    return (
      managedOf(json, roleName).includes("arn:aws:iam::aws:policy/AdministratorAccess") ||
      statements.some((s) => s.Effect === "Allow" && matches(s))
    );
  }

  test("state-read role: assumed by the deploy and plan roles and administrators; reads the state bucket and key, writes nothing", () => {
    for (const a of config.accounts) {
      const json = synthJson(stacks.get(`bootstrap-${a.name}`)!);
      const read = role(json, a.stateReadRoleArn.split("/").pop()!);
      const trust = policy(read, "assume_role_policy").Statement;
      expect(trust).toContainEqual(
        expect.objectContaining({
          Principal: { AWS: `arn:aws:iam::${a.id}:root` },
          Condition: { ArnEquals: { "aws:PrincipalArn": [a.deployRoleArn, a.planRoleArn] } },
        }),
      );
      expect(trust.map((s) => s.Action)).not.toContain("sts:AssumeRoleWithWebIdentity");
      const access = inlineOf(json, a.stateReadRoleArn.split("/").pop()!).flatMap((p) => policy(p).Statement as Stmt[]);
      expect(access.flatMap((s) => list(s.Action)).sort()).toEqual(["kms:Decrypt", "kms:DescribeKey", "s3:GetObject", "s3:ListBucket"]);
      expect(
        access
          .flatMap((s) => list(s.Resource))
          .filter((r) => r.startsWith("arn:aws:s3"))
          .every((r) => r.startsWith(`arn:aws:s3:::${a.stateBucket}`)),
      ).toBe(true);
    }
  });

  test("every same-account trust through the account root is matched by the caller's identity policy (deploy-constraints row 4)", () => {
    for (const a of config.accounts) {
      const json = synthJson(stacks.get(`bootstrap-${a.name}`)!);
      const byArn = new Map(roles(json).map((r) => [`arn:aws:iam::${a.id}:role/${r.name as string}`, r.name as string]));
      let checked = 0;
      for (const target of roles(json)) {
        const targetArn = `arn:aws:iam::${a.id}:role/${target.name as string}`;
        for (const s of policy(target, "assume_role_policy").Statement as Stmt[]) {
          if (s.Action !== "sts:AssumeRole" || s.Principal?.AWS !== `arn:aws:iam::${a.id}:root`) continue;
          for (const caller of list(s.Condition?.ArnEquals?.["aws:PrincipalArn"])) {
            const callerName = byArn.get(caller);
            if (!callerName) continue; // another account's role: checked in that account's stack
            checked++;
            expect({
              caller: callerName,
              target: target.name,
              allowed: identityAllows(json, callerName, "sts:AssumeRole", targetArn),
            }).toEqual({ caller: callerName, target: target.name, allowed: true });
          }
        }
      }
      // deploy -> deploy, state, state-read; plan -> plan, state-read
      expect(checked).toBe(5);
    }
  });

  test("the plan role may open every ephemeral resource the stacks use (Terraform opens them during plan)", () => {
    for (const a of config.accounts) {
      const json = synthJson(stacks.get(`bootstrap-${a.name}`)!);
      for (const action of Object.values(EPHEMERAL_PLAN_ACTIONS).flat()) {
        expect({ action, allowed: identityAllows(json, a.planRoleArn.split("/").pop()!, action, "*") }).toEqual({ action, allowed: true });
      }
    }
  });

  test("the plan role can reach the state-read role but not the read-write state role", () => {
    const a = account("prod-us");
    const trustOf = (arn: string) => JSON.stringify(policy(role(prodUs, arn.split("/").pop()!), "assume_role_policy"));
    expect(trustOf(a.stateRoleArn)).not.toContain(a.planRoleArn);
    expect(trustOf(a.stateReadRoleArn)).toContain(a.planRoleArn);
  });

  test("the deploy role cannot change itself, the other Terraform roles or the GitHub OIDC provider", () => {
    const changes = [
      "iam:PutRolePolicy",
      "iam:DeleteRolePolicy",
      "iam:AttachRolePolicy",
      "iam:DetachRolePolicy",
      "iam:UpdateAssumeRolePolicy",
      "iam:PutRolePermissionsBoundary",
      "iam:DeleteRolePermissionsBoundary",
      "iam:DeleteRole",
      "iam:UpdateRole",
    ];
    for (const a of config.accounts) {
      const json = synthJson(stacks.get(`bootstrap-${a.name}`)!);
      const deploy = a.deployRoleArn.split("/").pop()!;
      for (const target of [a.deployRoleArn, a.planRoleArn, a.stateRoleArn, a.stateReadRoleArn]) {
        for (const action of changes)
          expect({ action, target, allowed: identityAllows(json, deploy, action, target) }).toEqual({ action, target, allowed: false });
      }
      const provider = `arn:aws:iam::${a.id}:oidc-provider/token.actions.githubusercontent.com`;
      for (const action of [
        "iam:DeleteOpenIDConnectProvider",
        "iam:AddClientIDToOpenIDConnectProvider",
        "iam:UpdateOpenIDConnectProviderThumbprint",
      ]) {
        expect({ action, allowed: identityAllows(json, deploy, action, provider) }).toEqual({ action, allowed: false });
      }
      // Still an administrator for everything else (the stacks create their own roles).
      expect(identityAllows(json, deploy, "iam:PutRolePolicy", `arn:aws:iam::${a.id}:role/us-eks-node`)).toBe(true);
    }
  });

  test("accounts hosting an environment get Auto Scaling's service-linked role (the EBS key policy names it); others none", () => {
    for (const a of config.accounts) {
      const json = synthJson(stacks.get(`bootstrap-${a.name}`)!);
      const services = Object.values(resourcesOf(json, "aws_iam_service_linked_role")).map((r) => r.aws_service_name);
      const hosts = config.environments.some((e) => e.account.name === a.name);
      expect({ account: a.name, services }).toEqual({ account: a.name, services: hosts ? ["autoscaling.amazonaws.com"] : [] });
    }
  });
});
