import { CONSTRAINTS } from "../../lib/preflight/constraints";
import { deploySubjects, GITHUB_WORKFLOWS, planSubjects } from "../../constructs/bootstrap/github-subjects";
import { conditionsHold } from "../../lib/preflight/github-oidc";
import { EPHEMERAL_PLAN_ACTIONS } from "../../constructs/bootstrap/terraform-roles";
import { EKS_VERSIONS, PRODUCTION_MIN_STANDARD_SUPPORT_DAYS } from "../../lib/config/eks-versions";
import { ACCOUNT, findingsOf, type FixtureStack, OTHER_ACCOUNT, policy, ref, remoteState } from "./fixture";

describe("preflight: the constraint table", () => {
  test("every row has a unique id, what AWS enforces, what breaks and a cited source with its read date", () => {
    expect(new Set(CONSTRAINTS.map((c) => c.id)).size).toBe(CONSTRAINTS.length);
    for (const c of CONSTRAINTS) {
      expect(c.enforces.length).toBeGreaterThan(10);
      expect(c.breaks.length).toBeGreaterThan(5);
      expect(c.source).toMatch(/read 2026-12-02/);
    }
  });
});

describe("row 3: AWS Config delivers only to a bucket without Object Lock", () => {
  const organization = (locked: "none" | "configuration" | "attribute"): FixtureStack => ({
    name: "organization",
    resource: {
      aws_s3_bucket: { Archive: { bucket: "audit-logs", ...(locked === "attribute" ? { object_lock_enabled: true } : {}) } },
      ...(locked === "configuration"
        ? {
            aws_s3_bucket_object_lock_configuration: {
              Lock: { bucket: ref("aws_s3_bucket.Archive.id"), rule: { default_retention: { days: 365, mode: "COMPLIANCE" } } },
            },
          }
        : {}),
      aws_config_delivery_channel: { Channel: { name: "default", s3_bucket_name: ref("aws_s3_bucket.Archive.bucket") } },
    },
  });

  test.each(["configuration", "attribute"] as const)("a channel to a bucket locked by its %s is a finding on the channel", (locked) => {
    const findings = findingsOf([organization(locked)]);
    expect(findings).toEqual([
      expect.objectContaining({
        stack: "organization",
        address: "aws_config_delivery_channel.Channel",
        check: "config-delivery-bucket-without-object-lock",
      }),
    ]);
  });

  test("passes for a bucket without Object Lock", () => {
    expect(findingsOf([organization("none")])).toEqual([]);
  });
});

describe("row 8: MSK SCRAM secrets are named AmazonMSK_, use a customer-managed key and hold a value", () => {
  const data = (secret: Record<string, unknown>, version: Record<string, unknown> | undefined): FixtureStack => ({
    name: "env-data",
    resource: {
      aws_kms_key: { DataKey: { enable_key_rotation: true } },
      aws_secretsmanager_secret: { Scram: { name: "AmazonMSK_events_app", kms_key_id: ref("aws_kms_key.DataKey.arn"), ...secret } },
      ...(version
        ? { aws_secretsmanager_secret_version: { ScramValue: { secret_id: ref("aws_secretsmanager_secret.Scram.id"), ...version } } }
        : {}),
      aws_msk_scram_secret_association: {
        Scram: {
          cluster_arn: "arn:aws:kafka:eu-west-1:111111111111:cluster/events/x",
          secret_arn_list: [ref("aws_secretsmanager_secret.Scram.arn")],
        },
      },
    },
  });

  test("a secret without a value is a finding on the association", () => {
    const findings = findingsOf([data({}, undefined)]);
    expect(findings).toEqual([
      expect.objectContaining({ stack: "env-data", address: "aws_msk_scram_secret_association.Scram", check: "msk-scram-secret" }),
    ]);
    expect(findings[0]!.missing).toContain("has no value");
  });

  test.each([{ secret_string_wo: ref("ephemeral.random_password.p.result"), secret_string_wo_version: 1 }, { secret_string: "{}" }])(
    "passes with a secret version that sets a value (%o)",
    (version) => {
      expect(findingsOf([data({}, version)])).toEqual([]);
    },
  );

  test("a wrong name and the default Secrets Manager key are findings", () => {
    const findings = findingsOf([data({ name: "events_app", kms_key_id: undefined }, { secret_string: "{}" })]);
    expect(findings.map((f) => f.missing)).toEqual([
      expect.stringContaining("not encrypted with a customer-managed KMS key"),
      expect.stringContaining("does not begin with AmazonMSK_"),
    ]);
  });

  test("a secret of an earlier stack is followed through remote state", () => {
    const secrets: FixtureStack = {
      ...data({}, { secret_string: "{}" }),
      name: "env-network",
      output: { secret_arn: ref("aws_secretsmanager_secret.Scram.arn") },
    };
    const consumer: FixtureStack = {
      name: "env-data",
      data: { terraform_remote_state: { net: remoteState("env-network") } },
      resource: {
        aws_msk_single_scram_secret_association: {
          One: { cluster_arn: "x", secret_arn: ref("data.terraform_remote_state.net.outputs.secret_arn") },
        },
      },
    };
    expect(findingsOf([secrets, consumer])).toEqual([]);
  });
});

describe("row 4: a trust policy naming the account root needs the caller's identity policy to allow sts:AssumeRole", () => {
  const trustRoot = (sid: string, principals: string[], account = ACCOUNT) => ({
    Sid: sid,
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${account}:root` },
    Action: "sts:AssumeRole",
    Condition: { ArnEquals: { "aws:PrincipalArn": principals } },
  });
  const bootstrap = (planPolicy: "read-only" | "read-only+assume" | "admin"): FixtureStack => ({
    name: "bootstrap-one",
    resource: {
      aws_iam_openid_connect_provider: {
        Github: { url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] },
      },
      aws_iam_role: {
        Plan: {
          name: "terraform-plan",
          assume_role_policy: policy({
            Effect: "Allow",
            Principal: { Federated: ref("aws_iam_openid_connect_provider.Github.arn") },
            Action: "sts:AssumeRoleWithWebIdentity",
          }),
        },
        State: {
          name: "terraform-state",
          assume_role_policy: policy(trustRoot("RolesOfThisAccount", [`arn:aws:iam::${ACCOUNT}:role/terraform-plan`])),
        },
      },
      aws_iam_role_policy_attachment: {
        PlanPolicy: {
          role: ref("aws_iam_role.Plan.name"),
          policy_arn: `arn:aws:iam::aws:policy/${planPolicy === "admin" ? "AdministratorAccess" : "ReadOnlyAccess"}`,
        },
      },
      ...(planPolicy === "read-only+assume"
        ? {
            aws_iam_role_policy: {
              PlanAssumesState: {
                role: ref("aws_iam_role.Plan.name"),
                policy: policy({ Effect: "Allow", Action: "sts:AssumeRole", Resource: ref("aws_iam_role.State.arn") }),
              },
            },
          }
        : {}),
    },
  });

  test("a plan role with ReadOnlyAccess only is a finding on the role whose trust names the root", () => {
    const findings = findingsOf([bootstrap("read-only")]);
    expect(findings).toEqual([
      expect.objectContaining({
        stack: "bootstrap-one",
        address: "aws_iam_role.State",
        check: "assume-role-via-account-root-needs-identity-policy",
      }),
    ]);
    expect(findings[0]!.missing).toContain(`arn:aws:iam::${ACCOUNT}:role/terraform-plan`);
    expect(findings[0]!.missing).toContain("ReadOnlyAccess");
  });

  test.each(["read-only+assume", "admin"] as const)("passes when the identity policy allows it (%s)", (p) => {
    expect(findingsOf([bootstrap(p)])).toEqual([]);
  });

  test("an explicit deny of sts:AssumeRole wins over AdministratorAccess", () => {
    const stack = bootstrap("admin");
    const denied = {
      ...stack,
      resource: {
        ...stack.resource,
        aws_iam_role_policy: { Deny: { role: "terraform-plan", policy: policy({ Effect: "Deny", Action: "sts:*", Resource: "*" }) } },
      },
    };
    expect(findingsOf([denied])).toHaveLength(1);
  });

  test("a cross-account principal is evaluated in its own account's stack", () => {
    const member: FixtureStack = {
      name: "bootstrap-member",
      resource: {
        aws_iam_role: {
          Plan: {
            name: "terraform-plan",
            assume_role_policy: policy(trustRoot("OrganizationPlan", [`arn:aws:iam::${OTHER_ACCOUNT}:role/terraform-plan`], OTHER_ACCOUNT)),
          },
        },
      },
    };
    const management = (allow: boolean): FixtureStack => ({
      name: "bootstrap-management",
      account: OTHER_ACCOUNT,
      resource: {
        aws_iam_role: {
          Plan: {
            name: "terraform-plan",
            assume_role_policy: policy({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }),
          },
        },
        aws_iam_role_policy: {
          Reads: {
            role: ref("aws_iam_role.Plan.name"),
            policy: policy({
              Effect: "Allow",
              Action: allow ? "sts:AssumeRole" : "s3:GetObject",
              Resource: `arn:aws:iam::${ACCOUNT}:role/terraform-plan`,
            }),
          },
        },
      },
    });
    expect(findingsOf([member, management(true)])).toEqual([]);
    expect(findingsOf([member, management(false)])).toEqual([
      expect.objectContaining({ stack: "bootstrap-member", address: "aws_iam_role.Plan" }),
    ]);
  });
});

describe("row 6: no read replica of an instance that manages its master password", () => {
  const data = (managed: boolean): FixtureStack => ({
    name: "env-data",
    resource: {
      aws_db_instance: {
        Primary: {
          identifier: "primary",
          engine: "postgres",
          manage_master_user_password: managed,
          ...(managed ? {} : { password_wo: ref("ephemeral.x.y") }),
        },
        Replica: { identifier: "replica", replicate_source_db: ref("aws_db_instance.Primary.identifier") },
      },
    },
  });

  test("a replica of a managed-password source is a finding on the replica", () => {
    expect(findingsOf([data(true)])).toEqual([
      expect.objectContaining({
        stack: "env-data",
        address: "aws_db_instance.Replica",
        check: "rds-read-replica-without-managed-master-password",
      }),
    ]);
  });

  test("passes when the source does not manage its password in Secrets Manager", () => {
    expect(findingsOf([data(false)])).toEqual([]);
  });
});

describe("row 9: EKS versions are in the calendar and production keeps its standard-support threshold", () => {
  // Derived from the calendar: the newest row, and a day the threshold is one day short of it.
  const newest = Object.keys(EKS_VERSIONS)
    .sort((a, b) => Date.parse(EKS_VERSIONS[a]!.released) - Date.parse(EKS_VERSIONS[b]!.released))
    .pop()!;
  const end = Date.parse(`${EKS_VERSIONS[newest]!.endOfStandardSupport}T00:00:00Z`);
  const late = new Date(end - (PRODUCTION_MIN_STANDARD_SUPPORT_DAYS - 1) * 86_400_000);
  const early = new Date(Date.parse(`${EKS_VERSIONS[newest]!.released}T00:00:00Z`));
  const cluster = (version: string | undefined, nodeVersion?: string): FixtureStack => ({
    name: "env-cluster",
    environment: "env",
    resource: {
      aws_eks_cluster: { Cluster: { name: "env", ...(version ? { version } : {}) } },
      aws_eks_node_group: {
        System: { cluster_name: ref("aws_eks_cluster.Cluster.name"), ...(nodeVersion ? { version: nodeVersion } : {}) },
      },
    },
  });
  const tier = (t: "production" | "staging") => ({ environments: [{ name: "env", tier: t }] });

  test("a version missing from the calendar is a finding on the cluster and on a node group", () => {
    const findings = findingsOf([cluster("1.0", "1.0")], { ...tier("staging"), today: early });
    expect(findings.map((f) => [f.address, f.check])).toEqual([
      ["aws_eks_cluster.Cluster", "eks-version-in-standard-support"],
      ["aws_eks_node_group.System", "eks-version-in-standard-support"],
    ]);
    expect(findings[0]!.missing).toContain("not in the EKS calendar");
  });

  test("production inside the threshold on the injected date is a finding; staging is not", () => {
    expect(findingsOf([cluster(newest)], { ...tier("production"), today: late })).toEqual([
      expect.objectContaining({ address: "aws_eks_cluster.Cluster", check: "eks-version-in-standard-support" }),
    ]);
    expect(findingsOf([cluster(newest)], { ...tier("staging"), today: late })).toEqual([]);
  });

  test("passes for production on the newest version on its release day", () => {
    expect(findingsOf([cluster(newest, newest)], { ...tier("production"), today: early })).toEqual([]);
  });
});

describe("ephemeral resources are opened by the plan role", () => {
  const planRoleArn = `arn:aws:iam::${ACCOUNT}:role/terraform-plan`;
  const accounts = [{ id: ACCOUNT, planRoleArn }];
  const [type, actions] = Object.entries(EPHEMERAL_PLAN_ACTIONS)[0]!;
  const bootstrap = (allowed: readonly string[]): FixtureStack => ({
    name: "bootstrap-one",
    resource: {
      aws_iam_role: {
        Plan: {
          name: "terraform-plan",
          assume_role_policy: policy({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }),
        },
      },
      aws_iam_role_policy_attachment: {
        PlanReadOnly: { role: ref("aws_iam_role.Plan.name"), policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
      },
      aws_iam_role_policy: {
        PlanExtras: {
          role: ref("aws_iam_role.Plan.name"),
          policy: policy({ Effect: "Allow", Action: ["s3:GetObject", ...allowed], Resource: "*" }),
        },
      },
    },
  });
  const data = (ephemeralType: string): FixtureStack => ({
    name: "env-data",
    ephemeral: { [ephemeralType]: { Password: { password_length: 32 } } },
  });

  test("a plan role without the table's calls is a finding on the ephemeral block", () => {
    const findings = findingsOf([bootstrap([]), data(type)], { accounts });
    expect(findings).toEqual(
      actions.map(() =>
        expect.objectContaining({
          stack: "env-data",
          address: `ephemeral.${type}.Password`,
          check: "ephemeral-resources-opened-by-plan-role",
        }),
      ),
    );
    expect(findings[0]!.missing).toContain(actions[0]);
  });

  test("an AWS ephemeral type missing from EPHEMERAL_PLAN_ACTIONS is a finding", () => {
    const findings = findingsOf([bootstrap([...actions]), data("aws_not_in_the_table")], { accounts });
    expect(findings).toEqual([expect.objectContaining({ address: "ephemeral.aws_not_in_the_table.Password" })]);
    expect(findings[0]!.missing).toContain("no row in EPHEMERAL_PLAN_ACTIONS");
  });

  test("passes when the plan role's identity policy allows the calls", () => {
    expect(findingsOf([bootstrap([...actions]), data(type)], { accounts })).toEqual([]);
  });
});

describe("row 11: the plan role can read Helm release Secrets in every release namespace", () => {
  const planRoleArn = `arn:aws:iam::${ACCOUNT}:role/terraform-plan`;
  const accounts = [{ id: ACCOUNT, planRoleArn }];
  const group = "plan-readers";
  const cluster = (groups: string[]): FixtureStack => ({
    name: "env-cluster",
    environment: "env",
    resource: {
      aws_eks_access_entry: {
        Plan: {
          cluster_name: "env",
          principal_arn: planRoleArn,
          type: "STANDARD",
          ...(groups.length ? { kubernetes_groups: groups } : {}),
        },
      },
    },
  });
  const readRole = (namespace: string, verbs: string[]) => ({
    metadata: { name: group, namespace },
    rule: [{ api_groups: [""], resources: ["secrets"], verbs }],
  });
  const binding = (namespace: string) => ({
    metadata: { name: group, namespace },
    role_ref: { api_group: "rbac.authorization.k8s.io", kind: "Role", name: group },
    subject: [{ api_group: "rbac.authorization.k8s.io", kind: "Group", name: group }],
  });
  const platform = (bound: string[], verbs = ["get", "list", "watch"]): FixtureStack => ({
    name: "env-platform",
    environment: "env",
    resource: {
      helm_release: { Monitoring: { name: "monitoring", namespace: "observability" }, Certs: { name: "certs", namespace: "cert-manager" } },
      ...(bound.length
        ? {
            kubernetes_role_v1: Object.fromEntries(bound.map((ns) => [`role-${ns}`, readRole(ns, verbs)])),
            kubernetes_role_binding_v1: Object.fromEntries(bound.map((ns) => [`binding-${ns}`, binding(ns)])),
          }
        : {}),
    },
  });

  test("a release namespace without a binding is a finding on its release", () => {
    const findings = findingsOf([cluster([group]), platform(["cert-manager"])], { accounts });
    expect(findings).toEqual([
      expect.objectContaining({
        stack: "env-platform",
        address: "helm_release.Monitoring",
        check: "helm-release-state-readable-by-plan-role",
      }),
    ]);
    expect(findings[0]!.missing).toContain("namespace observability");
  });

  test("an access entry without a Kubernetes group, or a role without list, are findings in every namespace", () => {
    expect(findingsOf([cluster([]), platform(["cert-manager", "observability"])], { accounts })).toHaveLength(2);
    expect(findingsOf([cluster([group]), platform(["cert-manager", "observability"], ["get"])], { accounts })).toHaveLength(2);
  });

  test("passes when the group is bound to read secrets in each release namespace", () => {
    expect(findingsOf([cluster([group]), platform(["cert-manager", "observability"])], { accounts })).toEqual([]);
  });
});

describe("row 5: the OIDC subject each workflow step sends matches the trust of the role it assumes", () => {
  const repo = "owner/infra";
  const planRoleArn = `arn:aws:iam::${ACCOUNT}:role/terraform-plan`;
  const deployRoleArn = `arn:aws:iam::${ACCOUNT}:role/terraform-deploy`;
  const matrix = [
    {
      stack: "env-network",
      environment: "env",
      layer: "network",
      accountId: ACCOUNT,
      planRoleArn,
      deployRoleArn,
      stateReadRoleArn: planRoleArn,
    },
  ];
  const githubTrust = (subjects: string[]) =>
    policy({
      Effect: "Allow",
      Principal: { Federated: ref("aws_iam_openid_connect_provider.Github.arn") },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
        StringLike: { "token.actions.githubusercontent.com:sub": subjects },
      },
    });
  const bootstrap: FixtureStack = {
    name: "bootstrap-one",
    resource: {
      aws_iam_openid_connect_provider: {
        Github: { url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] },
      },
      aws_iam_role: {
        Plan: { name: "terraform-plan", assume_role_policy: githubTrust(planSubjects(repo)) },
        Deploy: { name: "terraform-deploy", assume_role_policy: githubTrust(deploySubjects(repo, ["env"])) },
      },
    },
  };
  /** A GitHub expression, without tripping the no-template-curly-in-string lint rule. */
  const gh = (expression: string) => ["$", "{{ ", expression, " }}"].join("");
  const credentials = (field: string) =>
    `      - uses: aws-actions/configure-aws-credentials@abc\n        with:\n          role-to-assume: ${gh(`matrix.${field}`)}\n`;
  const planWorkflow = (environment: boolean) =>
    `on:\n  pull_request: {}\njobs:\n  plan:\n    runs-on: ubuntu-latest\n${environment ? `    environment: ${gh("matrix.environment")}\n` : ""}    strategy:\n      matrix: ${gh("fromJSON(needs.synth.outputs.matrix)")}\n    steps:\n${credentials("planRoleArn")}`;
  const applyCaller =
    "on:\n  push:\n    branches: [main]\njobs:\n  network:\n    uses: ./.github/workflows/apply-layer.yml\n    with:\n      layer: network\n";
  const applyLayer =
    "on:\n  workflow_call: {}\njobs:\n  apply:\n    runs-on: ubuntu-latest\n    environment: " +
    gh("matrix.environment") +
    "\n    steps:\n" +
    credentials("deployRoleArn");
  const context = (workflows: Record<string, string>) => ({
    githubRepository: repo,
    matrix,
    workflows: Object.entries(workflows).map(([file, text]) => ({ file, text })),
  });

  test("passes for plan.yml on pull requests and the reusable apply-layer.yml in the environment, called on main", () => {
    expect(
      findingsOf(
        [bootstrap],
        context({ [GITHUB_WORKFLOWS.plan]: planWorkflow(false), "apply.yml": applyCaller, [GITHUB_WORKFLOWS.apply]: applyLayer }),
      ),
    ).toEqual([]);
  });

  test("a job whose environment changes the subject is a finding naming the workflow file and job", () => {
    const findings = findingsOf([bootstrap], context({ [GITHUB_WORKFLOWS.plan]: planWorkflow(true) }));
    expect(findings).toEqual([
      expect.objectContaining({ stack: GITHUB_WORKFLOWS.plan, address: "plan", check: "github-oidc-subject-trusted" }),
    ]);
    expect(findings[0]!.missing).toContain(`repo:${repo}:environment:env:job_workflow_ref:`);
  });

  test("the same steps in a workflow file the role does not trust are a finding", () => {
    expect(findingsOf([bootstrap], context({ "plan-copy.yml": planWorkflow(false) }))).toEqual([
      expect.objectContaining({ stack: "plan-copy.yml", address: "plan" }),
    ]);
  });

  test("IAM condition operators: StringEquals is exact, StringLike globs, the Not forms negate, a missing key fails", () => {
    const claims = { "token.actions.githubusercontent.com:sub": "repo:o/r:ref:refs/heads/main" };
    expect(conditionsHold({ StringEquals: { "token.actions.githubusercontent.com:sub": "repo:o/r:*" } }, claims)).toBe(false);
    expect(conditionsHold({ StringLike: { "token.actions.githubusercontent.com:sub": "repo:o/r:*" } }, claims)).toBe(true);
    expect(conditionsHold({ StringNotLike: { "token.actions.githubusercontent.com:sub": "repo:o/r:*" } }, claims)).toBe(false);
    expect(conditionsHold({ StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } }, claims)).toBe(false);
  });
});
