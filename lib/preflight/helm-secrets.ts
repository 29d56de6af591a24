/**
 * docs/reference/deploy-constraints.md row 11: Helm keeps each release's state as Secrets (type helm.sh/release.v1)
 * in the release's namespace, and the Kubernetes `view` role (EKS AmazonEKSViewPolicy) cannot read
 * Secrets (Kubernetes docs, "Using RBAC Authorization: user-facing roles"; Helm docs, storage
 * backends; read 2026-12-02). So the plan role's access entry must carry a Kubernetes group, and
 * that group must be bound to get/list on secrets in every namespace that holds a release
 * (constructs/platform/plan-reader-access.ts).
 */
import { at, isObject, type Config } from "../policy/tf";
import type { PreflightContext } from "./context";
import type { Finding } from "./finding";
import { planRoleOf } from "./plan-role";
import type { Resource, World } from "./world";
import { required } from "../defined";

const ROLE_TYPES = ["kubernetes_role_v1", "kubernetes_role"];
const CLUSTER_ROLE_TYPES = ["kubernetes_cluster_role_v1", "kubernetes_cluster_role"];
const BINDING_TYPES = ["kubernetes_role_binding_v1", "kubernetes_role_binding"];
const CLUSTER_BINDING_TYPES = ["kubernetes_cluster_role_binding_v1", "kubernetes_cluster_role_binding"];

export function checkHelmReleaseSecrets(world: World, context: PreflightContext): Omit<Finding, "check">[] {
  return world.stacks.flatMap((stack) => {
    const releases = world.resourcesOf(stack).filter((r) => r.mode === "resource" && r.type === "helm_release");
    if (releases.length === 0) return [];
    const role = planRoleOf(world, context, stack);
    if (!role) return [];
    const byNamespace = new Map<string, Resource[]>();
    for (const r of releases) {
      const ns = world.resolve(stack, r.body["namespace"] ?? "default");
      if (ns?.kind === "literal") byNamespace.set(ns.value, [...(byNamespace.get(ns.value) ?? []), r]);
    }
    // The environment's stacks up to this one: the cluster stack's access entries, this stack's RBAC.
    const earlier = (type: string) => world.resources(type, stack).filter((r) => r.stack.environment === stack.environment);
    const entries = earlier("aws_eks_access_entry").filter((e) => literal(world, e, e.body["principal_arn"]) === role.arn);
    const groups = new Set(entries.flatMap((e) => at(e.body, "kubernetes_groups")).filter((g): g is string => typeof g === "string"));
    const rbac = { earlier, groups };
    return [...byNamespace]
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([namespace, inNamespace]) => {
        if (canReadSecrets(rbac, namespace)) return [];
        const first = required(
          [...inNamespace].sort((a, b) => a.address.localeCompare(b.address))[0],
          `a release in namespace ${namespace}`,
        );
        const who =
          groups.size === 0
            ? `the plan role ${role.arn} has no aws_eks_access_entry with kubernetes_groups in ${stack.environment ?? stack.name}'s stacks, so no binding can give it`
            : `no Role/ClusterRole binding gives the plan role's group(s) ${[...groups].join(", ")} get and list on secrets there`;
        return [
          {
            stack: stack.name,
            address: first.address,
            missing: `namespace ${namespace} holds Helm release state as Secrets (${inNamespace.length} release(s)), but ${who}; plans refresh helm_release from it`,
            fix:
              groups.size === 0
                ? "give the plan role's access entry a Kubernetes group (cluster stack, PLAN_READERS_GROUP)"
                : `bind the group to get/list on secrets in namespace ${namespace} (constructs/platform/plan-reader-access.ts)`,
          },
        ];
      });
  });
}

function literal(world: World, r: Resource, value: unknown): string | undefined {
  const v = world.resolve(r.stack, value);
  return v?.kind === "literal" ? v.value : undefined;
}

interface Rbac {
  readonly earlier: (type: string) => Resource[];
  readonly groups: ReadonlySet<string>;
}

const metadata = (r: Resource): Config => (at(r.body, "metadata").find(isObject) as Config | undefined) ?? {};
const boundToGroup = (r: Resource, groups: ReadonlySet<string>) =>
  at(r.body, "subject").some((s) => isObject(s) && s["kind"] === "Group" && typeof s["name"] === "string" && groups.has(s["name"]));
const roleRef = (r: Resource): Config => (at(r.body, "role_ref").find(isObject) as Config | undefined) ?? {};

function canReadSecrets(rbac: Rbac, namespace: string): boolean {
  if (rbac.groups.size === 0) return false;
  const named = (types: string[], name: unknown, ns?: string) =>
    types
      .flatMap(rbac.earlier)
      .filter((r) => metadata(r)["name"] === name && (ns === undefined || (metadata(r)["namespace"] ?? "default") === ns));
  const viaBinding = BINDING_TYPES.flatMap(rbac.earlier)
    .filter((b) => (metadata(b)["namespace"] ?? "default") === namespace && boundToGroup(b, rbac.groups))
    .some((b) => {
      const ref = roleRef(b);
      const roles = ref["kind"] === "ClusterRole" ? named(CLUSTER_ROLE_TYPES, ref["name"]) : named(ROLE_TYPES, ref["name"], namespace);
      return roles.some(grantsSecretReads);
    });
  const viaClusterBinding = CLUSTER_BINDING_TYPES.flatMap(rbac.earlier)
    .filter((b) => boundToGroup(b, rbac.groups))
    .some((b) => named(CLUSTER_ROLE_TYPES, roleRef(b)["name"]).some(grantsSecretReads));
  return viaBinding || viaClusterBinding;
}

/** A rule with get and list on every Secret (no resource_names: Helm lists release Secrets by label). */
function grantsSecretReads(role: Resource): boolean {
  return at(role.body, "rule").some((rule) => {
    if (!isObject(rule) || at(rule, "resource_names").length > 0) return false;
    const has = (key: string, ...wanted: string[]) => at(rule, key).some((v) => v === "*" || wanted.includes(String(v)));
    return has("api_groups", "") && has("resources", "secrets") && ["get", "list"].every((verb) => has("verbs", verb));
  });
}
