/**
 * Check 3: a stack whose kubernetes or helm provider talks to a private-only EKS endpoint is
 * applied from inside that VPC. A private endpoint is reachable only from inside the VPC and only
 * through the cluster security group's rules (docs/reference/deploy-constraints.md row 10: Amazon EKS user guide,
 * "Cluster API server endpoint", read 2026-12-02). So: CI sends the stack to the environment's
 * CodeBuild-hosted runner, that runner's project exists in an earlier stack with a `vpc_config`,
 * and the cluster security group admits the runner's security group on 443.
 */
import { ciRunnerLabelPrefix, ciRunnerProjectName } from "../../constructs/ci/names";
import { at, bool, first, isObject, num } from "../policy/tf";
import type { Finding } from "./finding";
import type { PlacedStack, Resource, World } from "./world";

const CLUSTER_SG = /^vpc_config(\[0\])?\.cluster_security_group_id$/;

export function checkReachability(world: World): Finding[] {
  const findings: Finding[] = [];
  for (const stack of world.stacks) {
    for (const { provider, host } of kubernetesHosts(stack)) {
      const address = `provider.${provider}`;
      const add = (missing: string, fix: string) => findings.push({ stack: stack.name, address, missing, fix, check: "reachability" });
      const cluster = clusterOf(world, stack, host);
      if (!cluster) {
        add(
          `host ${JSON.stringify(host)} does not resolve to an aws_eks_cluster of this or an earlier stack: cannot verify it is reachable`,
          "take the host from the cluster (aws_eks_cluster endpoint, directly or through a remote-state output)",
        );
        continue;
      }
      if (bool(first(cluster.body, "vpc_config.endpoint_public_access")) !== false) continue;
      const env = stack.environment ?? cluster.stack.environment;
      if (!env) continue;
      const where = `the private-only endpoint of ${cluster.stack.name} ${cluster.address}`;
      const label = ciRunnerLabelPrefix(env);
      if (!stack.runsOn.startsWith(label))
        add(
          `applied from runner "${stack.runsOn}", outside the VPC of ${where}`,
          `run this stack's CI job on the environment's runner: runsOn "${label}-..." (tools/ci-matrix.ts stackTargets)`,
        );
      const project = ciRunnerProjectName(env);
      const runner = world
        .resources("aws_codebuild_project")
        .find(
          (r) =>
            r.body["name"] === project &&
            r.account === cluster.account &&
            r.stack.index < stack.index &&
            at(r.body, "vpc_config").length > 0,
        );
      if (!runner)
        add(
          `no CodeBuild runner project "${project}" with a vpc_config in account ${cluster.account ?? "?"} in a stack applied before it, so nothing inside the VPC can reach ${where}`,
          `create aws_codebuild_project "${project}" with vpc_config in an earlier layer (the network stack)`,
        );
      const runnerGroups = runner
        ? at(runner.body, "vpc_config.security_group_ids")
            .map((v) => world.resourceOf(runner.stack, v))
            .filter((r): r is Resource => r !== undefined)
        : [];
      if (!admitsRunner(world, cluster, runnerGroups)) {
        findings.push({
          stack: cluster.stack.name,
          address: cluster.address,
          missing: `the cluster security group has no aws_vpc_security_group_ingress_rule from the runner's security group on 443, so ${stack.name} cannot reach the endpoint`,
          fix: `add an aws_vpc_security_group_ingress_rule in ${cluster.stack.name}: security_group_id = the cluster's vpc_config[0].cluster_security_group_id, referenced_security_group_id = the security group of "${project}", tcp 443`,
          check: "reachability",
        });
      }
    }
  }
  return dedupe(findings);
}

/** `kubernetes` and `helm` provider hosts of a stack. */
function kubernetesHosts(stack: PlacedStack): { provider: string; host: unknown }[] {
  const providers = isObject(stack.json["provider"]) ? stack.json["provider"] : {};
  return [
    ...at(providers, "kubernetes").map((p) => ({ provider: "kubernetes", host: isObject(p) ? p["host"] : undefined })),
    ...at(providers, "helm.kubernetes").map((p) => ({ provider: "helm", host: isObject(p) ? p["host"] : undefined })),
  ].filter((h) => h.host !== undefined);
}

/** The aws_eks_cluster a provider host comes from: directly, via remote state, or via a data.aws_eks_cluster. */
function clusterOf(world: World, stack: PlacedStack, host: unknown): Resource | undefined {
  const r = world.resourceOf(stack, host);
  if (!r) return undefined;
  if (r.mode === "resource" && r.type === "aws_eks_cluster") return r;
  if (r.mode === "data" && r.type === "aws_eks_cluster") {
    const named = world.resolve(r.stack, r.body["name"]);
    if (named?.kind === "resource" && named.resource.type === "aws_eks_cluster") return named.resource;
    if (named?.kind === "literal")
      return world.resources("aws_eks_cluster", r.stack).find((c) => c.body["name"] === named.value && c.account === r.account);
  }
  return undefined;
}

function admitsRunner(world: World, cluster: Resource, runnerGroups: readonly Resource[]): boolean {
  return world.resourcesOf(cluster.stack).some((rule) => {
    if (rule.mode !== "resource" || rule.type !== "aws_vpc_security_group_ingress_rule") return false;
    const target = world.resolve(rule.stack, rule.body["security_group_id"]);
    if (target?.kind !== "resource" || target.resource !== cluster || !CLUSTER_SG.test(target.attribute)) return false;
    const source = world.resourceOf(rule.stack, rule.body["referenced_security_group_id"]);
    if (!source || !runnerGroups.includes(source)) return false;
    const protocol = String(rule.body["ip_protocol"] ?? "");
    if (protocol === "-1") return true;
    const from = num(rule.body["from_port"]);
    const to = num(rule.body["to_port"]);
    return protocol === "tcp" && from !== undefined && to !== undefined && from <= 443 && 443 <= to;
  });
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.stack} ${f.address} ${f.missing}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
