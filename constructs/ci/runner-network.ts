import { Construct } from "constructs";
import { CodeconnectionsConnection } from "@cdktf/provider-aws/lib/codeconnections-connection";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { ciRunnerProjectName } from "./names";
import { PropsProblems } from "../kit/validation";

/** CodeConnections connection names: 1-32 characters (CreateConnection API, ConnectionName). */
const CONNECTION_NAME = /^[\w-]{1,32}$/;

export interface GithubRunnerNetworkProps {
  /** Environment name: names the connection and the security group (`<env>-github-runner`). */
  readonly environment: string;
  readonly vpcId: string;
}

/**
 * The parts of the CI runner that must exist before the cluster stack: a CodeConnections GitHub
 * connection and the runner's security group (egress HTTPS only).
 *
 * The connection is created PENDING; a person completes the GitHub App handshake once in the console
 * (runbooks/new-region.md, "GitHub connection handshake"). CodeBuild checks the connection when the
 * project and its webhook are created, so those live in the cluster stack, applied after the
 * handshake (constructs/ci/github-runner.ts).
 */
export class GithubRunnerNetwork extends Construct {
  readonly connection: CodeconnectionsConnection;
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: GithubRunnerNetworkProps) {
    super(scope, id);
    const connectionName = `${props.environment}-github`;
    new PropsProblems(this)
      .require(
        CONNECTION_NAME.test(connectionName),
        "environment",
        props.environment,
        `a name that makes the connection name ("${connectionName}") 1-32 letters, digits, '-' or '_'`,
      )
      .throwIfAny();
    const name = ciRunnerProjectName(props.environment);
    this.connection = new CodeconnectionsConnection(this, "GithubConnection", { name: connectionName, providerType: "GitHub" });

    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name,
      description: "CodeBuild GitHub Actions runner: no ingress, HTTPS out (GitHub, registries, AWS APIs, the EKS API)",
      vpcId: props.vpcId,
      tags: { Name: name },
    });
    // HTTPS to anywhere: GitHub's and the Terraform registry's addresses change without notice, and
    // AWS APIs are reached through interface endpoints or NAT alike. DNS to the VPC resolver is not
    // filtered by security groups (Amazon VPC user guide, "Security group rules"; read 2026-12-02).
    new VpcSecurityGroupEgressRule(this, "HttpsEgress", {
      securityGroupId: this.securityGroup.id,
      description: "HTTPS to GitHub, registries, AWS APIs and the private EKS endpoint",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      cidrIpv4: "0.0.0.0/0",
    });
  }
}
