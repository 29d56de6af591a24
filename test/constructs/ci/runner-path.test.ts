import { Token } from "cdktf";
import { ciRunnerProjectName } from "../../../constructs/ci/names";
import { loadPlatformConfig } from "../../../lib/config/load";
import { resourcesOf, type TfJson } from "../../helpers/synth";
import { networkAndCluster } from "../eks/layer-harness";

// docs/reference/deploy-constraints.md row 10: the private EKS endpoint is reachable only from inside the VPC and
// through the cluster security group. Every environment gets a runner there, and only that path.
const config = loadPlatformConfig();
const list = (json: TfJson, type: string) => Object.values(resourcesOf(json, type));

describe.each(config.environments.map((e) => e.name))("CI network path into the VPC of %s", (name) => {
  const { env, network, networkJson, clusterJson } = networkAndCluster(name);

  test("the API endpoint stays private", () => {
    expect(list(clusterJson, "aws_eks_cluster")[0]!.vpc_config).toMatchObject({
      endpoint_public_access: false,
      endpoint_private_access: true,
    });
  });

  test("the network stack publishes the runner security group (HTTPS egress only) and the GitHub connection", () => {
    expect(Token.isUnresolved(network.outputs.ciRunnerSecurityGroupId)).toBe(true);
    expect(Token.isUnresolved(network.outputs.githubConnectionArn)).toBe(true);
    expect(list(networkJson, "aws_codeconnections_connection")).toEqual([expect.objectContaining({ provider_type: "GitHub" })]);
    expect(network.outputs.githubRepository).toBe(config.organization.githubRepository);
    const runnerGroup = Object.entries(resourcesOf(networkJson, "aws_security_group")).find(
      ([, g]) => g.name === ciRunnerProjectName(env.name),
    )!;
    const egress = list(networkJson, "aws_vpc_security_group_egress_rule").filter(
      (r) => r.security_group_id === `\${aws_security_group.${runnerGroup[0]}.id}`,
    );
    expect(egress.map((r) => [r.ip_protocol, r.from_port, r.to_port])).toEqual([["tcp", 443, 443]]);
  });

  test("a CodeBuild runner project in the private subnets, one per zone, behind the runner group", () => {
    const [project] = list(clusterJson, "aws_codebuild_project");
    expect(project).toMatchObject({ name: ciRunnerProjectName(env.name) });
    const vpc = project!.vpc_config as { subnets: string[]; security_group_ids: string[] };
    expect(vpc.subnets).toHaveLength(env.availabilityZones.length);
    for (const s of vpc.subnets) expect(s).toMatch(/aws_subnet\.network_private/);
    expect(vpc.security_group_ids).toEqual([expect.stringMatching(/aws_security_group\.ci-runner_SecurityGroup/)]);
  });

  test("the cluster security group admits the runner group on 443", () => {
    const fromRunner = list(clusterJson, "aws_vpc_security_group_ingress_rule").filter((r) => r.referenced_security_group_id !== undefined);
    expect(fromRunner).toEqual([
      expect.objectContaining({
        security_group_id: expect.stringMatching(/aws_eks_cluster\.\w+\.vpc_config\[0\]\.cluster_security_group_id/),
        referenced_security_group_id: expect.stringMatching(/aws_security_group\.ci-runner_SecurityGroup/),
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
      }),
    ]);
  });
});
