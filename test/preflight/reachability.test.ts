import { ciRunnerLabelPrefix, ciRunnerProjectName } from "../../constructs/ci/names";
import { findingsOf, type FixtureStack, ref, remoteState } from "./fixture";

const ENV = "env";
const CLUSTER_ENDPOINT = ref("data.terraform_remote_state.cluster.outputs.endpoint");

const network = (withRunner: boolean): FixtureStack => ({
  name: `${ENV}-network`,
  environment: ENV,
  resource: {
    aws_security_group: { Runner: { name: "runner", vpc_id: "vpc-1" } },
    ...(withRunner
      ? {
          aws_codebuild_project: {
            Runner: {
              name: ciRunnerProjectName(ENV),
              vpc_config: { vpc_id: "vpc-1", subnets: ["subnet-1"], security_group_ids: [ref("aws_security_group.Runner.id")] },
            },
          },
        }
      : {}),
  },
  output: { runner_sg: ref("aws_security_group.Runner.id") },
});

const cluster = (publicAccess: boolean, ingressFromRunner: boolean): FixtureStack => ({
  name: `${ENV}-cluster`,
  environment: ENV,
  data: { terraform_remote_state: { network: remoteState(`${ENV}-network`) } },
  resource: {
    aws_eks_cluster: {
      Cluster: {
        name: "env-eks",
        vpc_config: { endpoint_private_access: true, endpoint_public_access: publicAccess, subnet_ids: ["subnet-1"] },
      },
    },
    ...(ingressFromRunner
      ? {
          aws_vpc_security_group_ingress_rule: {
            RunnerToApi: {
              security_group_id: ref("aws_eks_cluster.Cluster.vpc_config[0].cluster_security_group_id"),
              referenced_security_group_id: ref("data.terraform_remote_state.network.outputs.runner_sg"),
              ip_protocol: "tcp",
              from_port: 443,
              to_port: 443,
            },
          },
        }
      : {}),
  },
  output: { endpoint: ref("aws_eks_cluster.Cluster.endpoint") },
});

const platform = (runsOn: string): FixtureStack => ({
  name: `${ENV}-platform`,
  environment: ENV,
  runsOn,
  data: { terraform_remote_state: { cluster: remoteState(`${ENV}-cluster`) } },
  provider: { kubernetes: [{ host: CLUSTER_ENDPOINT }], helm: [{ kubernetes: { host: CLUSTER_ENDPOINT } }] },
  resource: { kubernetes_namespace_v1: { Ns: { metadata: { name: "x" } } } },
});

const inVpc = `${ciRunnerLabelPrefix(ENV)}-1234-1`;

describe("preflight: private EKS endpoints are reached from inside the VPC", () => {
  test("passes with the runner project in the network stack, the ingress rule in the cluster stack and the platform on the runner", () => {
    expect(findingsOf([network(true), cluster(false, true), platform(inVpc)])).toEqual([]);
  });

  test("a platform stack applied from ubuntu-latest is a finding on its kubernetes and helm providers", () => {
    const findings = findingsOf([network(true), cluster(false, true), platform("ubuntu-latest")]);
    expect(findings.map((f) => `${f.stack} ${f.address}`)).toEqual(["env-platform provider.helm", "env-platform provider.kubernetes"]);
    expect(findings[0]!.missing).toContain('applied from runner "ubuntu-latest"');
    expect(findings[0]!.fix).toContain(ciRunnerLabelPrefix(ENV));
  });

  test("no runner project in an earlier stack, and no ingress rule from its security group, are findings", () => {
    const findings = findingsOf([network(false), cluster(false, false), platform(inVpc)]);
    expect(findings.map((f) => `${f.stack} ${f.address}`)).toEqual([
      "env-cluster aws_eks_cluster.Cluster",
      "env-platform provider.helm",
      "env-platform provider.kubernetes",
    ]);
    expect(findings[1]!.missing).toContain(`no CodeBuild runner project "${ciRunnerProjectName(ENV)}"`);
    expect(findingsOf([network(true), cluster(false, false), platform(inVpc)]).map((f) => `${f.stack} ${f.address}`)).toEqual([
      "env-cluster aws_eks_cluster.Cluster",
    ]);
  });

  test("a cluster with a public endpoint needs none of it", () => {
    expect(findingsOf([network(false), cluster(true, false), platform("ubuntu-latest")])).toEqual([]);
  });
});
