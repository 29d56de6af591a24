import * as fs from "node:fs";
import * as path from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { parse } from "yaml";
import { GithubRunner, type GithubRunnerProps } from "../../../constructs/ci/github-runner";
import { CI_RUNNER_WORKFLOWS, ciRunnerLabelPrefix, ciRunnerProjectName } from "../../../constructs/ci/names";
import { repoRoot } from "../../../lib/paths";
import { resourcesOf, type TfJson } from "../../helpers/synth";

const CONNECTION = "arn:aws:codeconnections:eu-central-1:123456789012:connection/abc";
const build = (over: Partial<GithubRunnerProps> = {}): TfJson => {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-central-1" });
  new GithubRunner(stack, "runner", {
    environment: "eu",
    accountId: "123456789012",
    region: "eu-central-1",
    githubRepository: "acme/infra",
    connectionArn: CONNECTION,
    vpcId: "vpc-1",
    subnetIds: ["subnet-a", "subnet-b"],
    securityGroupId: "sg-runner",
    clusterSecurityGroupId: "sg-cluster",
    ...over,
  });
  return JSON.parse(Testing.synth(stack)) as TfJson;
};
const one = (json: TfJson, type: string) => {
  const all = Object.values(resourcesOf(json, type));
  expect(all).toHaveLength(1);
  return all[0]!;
};
type Statement = {
  Sid?: string;
  Action: string | string[];
  Resource: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};
const statements = (doc: unknown) => (JSON.parse(doc as string) as { Statement: Statement[] }).Statement;

/** `name:` of every workflow file, and the `runs-on` values of its jobs. */
const workflowsDir = path.join(repoRoot(), ".github", "workflows");
const workflows = fs
  .readdirSync(workflowsDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .map(
    (f) => parse(fs.readFileSync(path.join(workflowsDir, f), "utf8")) as { name: string; jobs: Record<string, { "runs-on"?: unknown }> },
  );

describe("GithubRunner", () => {
  const json = build();
  const project = one(json, "aws_codebuild_project");
  const role = one(json, "aws_iam_role");
  const policy = statements(one(json, "aws_iam_role_policy").policy);

  test("defaults are secure: in the VPC's given subnets behind the runner group, unprivileged, logs to a CMK-encrypted group with retention, no artifacts", () => {
    expect(project).toMatchObject({
      name: ciRunnerProjectName("eu"),
      vpc_config: { vpc_id: "vpc-1", subnets: ["subnet-a", "subnet-b"], security_group_ids: ["sg-runner"] },
      environment: {
        type: "LINUX_CONTAINER",
        privileged_mode: false,
        compute_type: "BUILD_GENERAL1_MEDIUM",
        image_pull_credentials_type: "CODEBUILD",
      },
      artifacts: { type: "NO_ARTIFACTS" },
      logs_config: { cloudwatch_logs: { status: "ENABLED" }, s3_logs: { status: "DISABLED" } },
      build_timeout: 120,
    });
    const logGroup = one(json, "aws_cloudwatch_log_group");
    expect(logGroup).toMatchObject({
      name: `/aws/codebuild/${ciRunnerProjectName("eu")}`,
      retention_in_days: 90,
      kms_key_id: expect.stringMatching(/aws_kms_key/),
    });
  });

  test("source is the configured repository, authenticated through the CodeConnections connection", () => {
    expect(project.source).toMatchObject({
      type: "GITHUB",
      location: "https://github.com/acme/infra.git",
      auth: { type: "CODECONNECTIONS", resource: CONNECTION },
    });
  });

  test("the service role is CodeBuild's, for this project only", () => {
    expect(statements(role.assume_role_policy)).toEqual([
      expect.objectContaining({
        Principal: { Service: "codebuild.amazonaws.com" },
        Condition: {
          StringEquals: { "aws:SourceAccount": "123456789012" },
          ArnLike: { "aws:SourceArn": "arn:aws:codebuild:eu-central-1:123456789012:project/eu-github-runner" },
        },
      }),
    ]);
  });

  test("the service role may write its own logs, manage VPC interfaces and use the one connection, nothing else", () => {
    const actions = policy.flatMap((s) => [s.Action].flat()).sort();
    for (const a of actions)
      expect(a).toMatch(
        /^(logs:(CreateLogStream|PutLogEvents)|ec2:(Create|Delete|Describe)\w+|codeconnections:(GetConnection|GetConnectionToken|UseConnection))$/,
      );
    expect(policy.find((s) => s.Sid === "WriteBuildLogs")!.Resource).toEqual([
      expect.stringMatching(/aws_cloudwatch_log_group/),
      expect.stringMatching(/aws_cloudwatch_log_group.*:\*$/),
    ]);
    expect(policy.find((s) => s.Sid === "UseTheGithubConnection")!.Resource).toBe(CONNECTION);
    const handOver = policy.find((s) => [s.Action].flat().includes("ec2:CreateNetworkInterfacePermission"))!;
    expect(handOver.Condition).toEqual({
      StringEquals: { "ec2:AuthorizedService": "codebuild.amazonaws.com" },
      ArnEquals: {
        "ec2:Subnet": ["arn:aws:ec2:eu-central-1:123456789012:subnet/subnet-a", "arn:aws:ec2:eu-central-1:123456789012:subnet/subnet-b"],
      },
    });
  });

  test("the project waits for its role policy: CreateProject checks the connection with the role", () => {
    const [policyId] = Object.keys(resourcesOf(json, "aws_iam_role_policy"));
    expect(project.depends_on).toContain(`aws_iam_role_policy.${policyId}`);
  });

  test("the webhook starts builds only for queued workflow jobs of the listed workflows", () => {
    const webhook = one(json, "aws_codebuild_webhook");
    expect(webhook.project_name).toMatch(/aws_codebuild_project\.\w+\.name/);
    const [group] = webhook.filter_group as { filter: { type: string; pattern: string }[] }[];
    expect(group!.filter.find((f) => f.type === "EVENT")!.pattern).toBe("WORKFLOW_JOB_QUEUED");
    const names = new RegExp(group!.filter.find((f) => f.type === "WORKFLOW_NAME")!.pattern);
    for (const w of CI_RUNNER_WORKFLOWS) expect(names.test(w)).toBe(true);
    for (const other of ["plan2", "my plan", "apply layer x", ""]) expect(names.test(other)).toBe(false);
  });

  test("every listed workflow name is a workflow of this repository, and every workflow routing jobs to a runner is listed", () => {
    const names = workflows.map((w) => w.name);
    for (const w of CI_RUNNER_WORKFLOWS) expect(names).toContain(w);
    const label = /codebuild-[\w-]*github-runner/;
    const routing = workflows.filter((w) => Object.values(w.jobs).some((j) => label.test(JSON.stringify(j["runs-on"] ?? ""))));
    for (const w of routing) expect(CI_RUNNER_WORKFLOWS).toContain(w.name);
    expect(label.test(ciRunnerLabelPrefix("eu"))).toBe(true);
  });

  test("the cluster security group admits the runner group on 443 only (a plain ingress rule referencing the group)", () => {
    expect(one(json, "aws_vpc_security_group_ingress_rule")).toMatchObject({
      security_group_id: "sg-cluster",
      referenced_security_group_id: "sg-runner",
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
    });
  });

  test("production retention and compute are settable", () => {
    const prod = build({ logRetentionDays: 365, computeType: "BUILD_GENERAL1_LARGE" });
    expect(one(prod, "aws_cloudwatch_log_group").retention_in_days).toBe(365);
    expect(one(prod, "aws_codebuild_project").environment).toMatchObject({ compute_type: "BUILD_GENERAL1_LARGE" });
  });

  test("reports every bad input at once", () => {
    expect(() =>
      build({ githubRepository: "infra", subnetIds: [], logRetentionDays: 42, buildTimeoutMinutes: 1, workflowNames: [] }),
    ).toThrow(
      new RegExp(
        [
          'test/runner: githubRepository: owner/name \\(got "infra"\\)',
          "test/runner: subnetIds: at least one private subnet \\(got \\[\\]\\)",
          "test/runner: workflowNames: non-empty workflow names \\(got \\[\\]\\)",
          "test/runner: logRetentionDays: one of 1, 3, .* \\(got 42\\)",
          "test/runner: buildTimeoutMinutes: a whole number from 5 to 2160 \\(got 1\\)",
        ].join("\\n"),
      ),
    );
  });
});
