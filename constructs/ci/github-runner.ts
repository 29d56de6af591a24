import { Construct } from "constructs";
import { CodebuildProject } from "@cdktf/provider-aws/lib/codebuild-project";
import { CodebuildWebhook } from "@cdktf/provider-aws/lib/codebuild-webhook";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { EncryptedLogGroup } from "../kit/encrypted-log-group";
import { LOG_RETENTION_DAYS } from "../kit/log-retention";
import { CI_RUNNER_WORKFLOWS, ciRunnerProjectName } from "./names";
import { Partition } from "../core/partition";
import { PropsProblems } from "../kit/validation";
import { policyJson } from "../kit/policy-document";

/** CodeBuild compute types for Linux containers this construct accepts. */
export const RUNNER_COMPUTE_TYPES = ["BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM", "BUILD_GENERAL1_LARGE"] as const;
export type RunnerComputeType = (typeof RUNNER_COMPUTE_TYPES)[number];

export interface GithubRunnerProps {
  /** Environment name: the project is `ciRunnerProjectName(environment)`. */
  readonly environment: string;
  readonly accountId: string;
  readonly region: string;
  /** GitHub repository (`owner/name`) whose workflow jobs the runner takes. */
  readonly githubRepository: string;
  /** CodeConnections GitHub connection (ARN), AVAILABLE (handshake done) before this is applied. */
  readonly connectionArn: string;
  readonly vpcId: string;
  /** Private subnets with a NAT route (GitHub, registries and AWS APIs are on the internet). */
  readonly subnetIds: readonly string[];
  /** The runner's own security group (GithubRunnerNetwork): no ingress, HTTPS out. */
  readonly securityGroupId: string;
  /** EKS cluster security group: gets ingress on 443 from the runner, so the private API endpoint is reachable. */
  readonly clusterSecurityGroupId: string;
  /**
   * Workflow names (`name:`) whose queued jobs start a build.
   * @default CI_RUNNER_WORKFLOWS (plan, apply, apply layer, drift)
   */
  readonly workflowNames?: readonly string[];
  /**
   * Days the build logs are kept; a CloudWatch Logs retention value.
   * @default 90
   */
  readonly logRetentionDays?: number;
  /**
   * Compute of one runner. Synthesizing the app needs several GB of memory.
   * @default "BUILD_GENERAL1_MEDIUM" (4 vCPU, 7 GB)
   */
  readonly computeType?: RunnerComputeType;
  /**
   * Build image. A job may override it with an `image:` label.
   * @default "aws/codebuild/standard:7.0" (Ubuntu, Node.js)
   */
  readonly image?: string;
  /**
   * Minutes one job may run, 5-2160.
   * @default 120
   */
  readonly buildTimeoutMinutes?: number;
  /**
   * `prevent_destroy` on the log group's key.
   * @default true
   */
  readonly preventDestroy?: boolean;
}

/** CodeBuild project names (CreateProject API): 2-255 characters, letters, digits, '-' and '_', starting alphanumeric. */
const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,254}$/;
const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;

/**
 * GitHub Actions runners hosted by AWS CodeBuild inside the environment's VPC, so plan, apply and
 * drift jobs reach the private EKS API endpoint (docs/reference/deploy-constraints.md row 10). A job whose
 * `runs-on` is `ciRunnerLabelPrefix(env)-<run_id>-<run_attempt>` queues a WORKFLOW_JOB_QUEUED
 * webhook event; CodeBuild starts a build that registers an ephemeral runner for that one job
 * (AWS CodeBuild user guide, "Self-hosted GitHub Actions runners in AWS CodeBuild"; read 2026-12-02).
 *
 * - Network: private subnets, the runner security group (HTTPS out only), and one ingress rule on
 *   the cluster security group from the runner group on 443, so the endpoint stays private.
 * - Service role: its own log group (CMK, retention), the EC2 network-interface permissions CodeBuild
 *   documents for VPC projects ("Allow CodeBuild access to AWS services required to create a VPC
 *   network interface"), and the one GitHub connection. No deploy permissions: jobs assume the plan
 *   or deploy role through GitHub OIDC as on GitHub-hosted runners.
 * - Webhook: WORKFLOW_JOB_QUEUED of this repository's listed workflows only. CodeBuild filters these
 *   events by workflow name (and repository, for organization webhooks) only, not by branch or
 *   actor (AWS CodeBuild user guide, "GitHub webhook events"; read 2026-12-02).
 *
 * CreateProject and CreateWebhook check the connection with the service role (aws/aws-cdk issues
 * 38504 and 31726, read 2026-12-02): the project waits for the role policy, and the whole construct
 * needs the connection's handshake done (runbooks/new-region.md).
 */
export class GithubRunner extends Construct {
  readonly project: CodebuildProject;
  readonly webhook: CodebuildWebhook;
  readonly role: IamRole;
  readonly logs: EncryptedLogGroup;
  /** Ingress on the cluster security group from the runner on 443. */
  readonly clusterApiIngress: VpcSecurityGroupIngressRule;

  constructor(scope: Construct, id: string, props: GithubRunnerProps) {
    super(scope, id);
    const name = ciRunnerProjectName(props.environment);
    const workflows = props.workflowNames ?? CI_RUNNER_WORKFLOWS;
    const logRetentionDays = props.logRetentionDays ?? 90;
    const buildTimeout = props.buildTimeoutMinutes ?? 120;
    validate(this, props, name, workflows, logRetentionDays, buildTimeout);

    const { accountId, region } = props;
    const projectArn = Partition.of(this).arn({ service: "codebuild", region, account: accountId, resource: `project/${name}` });
    this.logs = new EncryptedLogGroup(this, "Logs", {
      logGroupName: `/aws/codebuild/${name}`,
      retentionDays: logRetentionDays,
      accountId,
      region,
      purpose: "CodeBuild GitHub Actions runner build logs",
      preventDestroy: props.preventDestroy ?? true,
    });

    this.role = new IamRole(this, "ServiceRole", {
      name,
      description: "CodeBuild service role of the GitHub Actions runner: logs, VPC network interfaces, the GitHub connection",
      assumeRolePolicy: policyJson({
        Effect: "Allow",
        Principal: { Service: "codebuild.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": projectArn } },
      }),
    });
    const logGroupArn = this.logs.logGroup.arn;
    const policy = new IamRolePolicy(this, "ServicePolicy", {
      role: this.role.name,
      name: "github-runner",
      policy: policyJson(
        {
          Sid: "WriteBuildLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: [logGroupArn, `${logGroupArn}:*`],
        },
        {
          // Describe* and CreateNetworkInterface take no resource-level scoping that CodeBuild
          // documents; the permission that hands the interface to CodeBuild is scoped below.
          Sid: "ManageVpcNetworkInterfaces",
          Effect: "Allow",
          Action: [
            "ec2:CreateNetworkInterface",
            "ec2:DeleteNetworkInterface",
            "ec2:DescribeDhcpOptions",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeSubnets",
            "ec2:DescribeVpcs",
          ],
          Resource: "*",
        },
        {
          Sid: "AttachInterfacesInRunnerSubnetsToCodeBuild",
          Effect: "Allow",
          Action: "ec2:CreateNetworkInterfacePermission",
          Resource: Partition.of(this).arn({ service: "ec2", region, account: accountId, resource: "network-interface/*" }),
          Condition: {
            StringEquals: { "ec2:AuthorizedService": "codebuild.amazonaws.com" },
            ArnEquals: {
              "ec2:Subnet": props.subnetIds.map((s) =>
                Partition.of(this).arn({ service: "ec2", region, account: accountId, resource: `subnet/${s}` }),
              ),
            },
          },
        },
        {
          Sid: "UseTheGithubConnection",
          Effect: "Allow",
          Action: ["codeconnections:GetConnection", "codeconnections:GetConnectionToken", "codeconnections:UseConnection"],
          Resource: props.connectionArn,
        },
      ),
    });

    this.project = new CodebuildProject(this, "Resource", {
      name,
      description: `GitHub Actions runners for ${props.githubRepository} inside the ${props.environment} VPC`,
      serviceRole: this.role.arn,
      buildTimeout,
      queuedTimeout: 30,
      // Runner builds produce nothing; the job's own steps upload what they need.
      artifacts: { type: "NO_ARTIFACTS" },
      environment: {
        type: "LINUX_CONTAINER",
        computeType: props.computeType ?? "BUILD_GENERAL1_MEDIUM",
        image: props.image ?? "aws/codebuild/standard:7.0",
        imagePullCredentialsType: "CODEBUILD",
        privilegedMode: false,
      },
      source: {
        type: "GITHUB",
        location: `https://github.com/${props.githubRepository}.git`,
        gitCloneDepth: 1,
        auth: { type: "CODECONNECTIONS", resource: props.connectionArn },
      },
      vpcConfig: { vpcId: props.vpcId, subnets: [...props.subnetIds], securityGroupIds: [props.securityGroupId] },
      logsConfig: {
        cloudwatchLogs: { status: "ENABLED", groupName: this.logs.logGroup.name },
        s3Logs: { status: "DISABLED" },
      },
      dependsOn: [policy],
    });

    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    this.webhook = new CodebuildWebhook(this, "Webhook", {
      projectName: this.project.name,
      buildType: "BUILD",
      filterGroup: [
        {
          filter: [
            { type: "EVENT", pattern: "WORKFLOW_JOB_QUEUED" },
            { type: "WORKFLOW_NAME", pattern: `^(${workflows.map(escape).join("|")})$` },
          ],
        },
      ],
    });

    this.clusterApiIngress = new VpcSecurityGroupIngressRule(this, "ClusterApiFromRunner", {
      securityGroupId: props.clusterSecurityGroupId,
      referencedSecurityGroupId: props.securityGroupId,
      description: `Kubernetes API from the ${name} CodeBuild runner`,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
    });
  }
}

function validate(
  scope: Construct,
  props: GithubRunnerProps,
  name: string,
  workflows: readonly string[],
  logRetentionDays: number,
  buildTimeout: number,
): void {
  new PropsProblems(scope)
    .require(
      PROJECT_NAME.test(name),
      "environment",
      props.environment,
      `a name that makes the project name ("${name}") 2-255 letters, digits, '-' or '_'`,
    )
    .require(REPOSITORY.test(props.githubRepository), "githubRepository", props.githubRepository, "owner/name")
    .require(props.subnetIds.length > 0, "subnetIds", props.subnetIds, "at least one private subnet")
    .require(workflows.length > 0 && workflows.every((w) => w.trim() !== ""), "workflowNames", workflows, "non-empty workflow names")
    .require(
      (LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays),
      "logRetentionDays",
      logRetentionDays,
      `one of ${LOG_RETENTION_DAYS.join(", ")}`,
    )
    .require(
      Number.isInteger(buildTimeout) && buildTimeout >= 5 && buildTimeout <= 2160,
      "buildTimeoutMinutes",
      buildTimeout,
      "a whole number from 5 to 2160",
    )
    .require(
      props.computeType === undefined || (RUNNER_COMPUTE_TYPES as readonly string[]).includes(props.computeType),
      "computeType",
      props.computeType,
      `one of ${RUNNER_COMPUTE_TYPES.join(", ")}`,
    )
    .throwIfAny();
}
