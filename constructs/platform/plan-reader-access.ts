import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ClusterRoleV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { RoleV1 } from "@cdktf/provider-kubernetes/lib/role-v1";
import { Release } from "@cdktf/provider-helm/lib/release";

export interface PlanReaderAccessProps {
  /** Kubernetes group of the plan role's access entry (constructs/eks/names.ts PLAN_READERS_GROUP). */
  readonly group: string;
  /** Namespaces holding Helm releases, each with what must exist before a Role can go there. */
  readonly releaseNamespaces: readonly { readonly name: string; readonly dependsOn: readonly ITerraformDependable[] }[];
  /** Cluster-scoped StorageClasses the stack manages (the `view` role cannot read StorageClasses). */
  readonly storageClassNames: readonly string[];
  /** Name of the roles and bindings. @default the group */
  readonly name?: string;
}

/**
 * What a pull-request plan needs beyond AmazonEKSViewPolicy (the Kubernetes `view` role) to refresh
 * the platform stack, bound to the plan role's Kubernetes group and nothing more:
 * - Helm keeps each release as a Secret (type helm.sh/release.v1) in the release's namespace, and
 *   `view` cannot read Secrets (Kubernetes docs, "Using RBAC Authorization: user-facing roles";
 *   Helm docs, "Storage backends"; read 2026-12-02): get/list/watch on secrets, per namespace that
 *   holds a release, never cluster-wide.
 * - `view` reads no RBAC objects and no StorageClasses: get on these roles and bindings themselves
 *   and on the managed StorageClasses, by name.
 */
export class PlanReaderAccess extends Construct {
  readonly roles: readonly RoleV1[];
  readonly bindings: readonly RoleBindingV1[];
  readonly clusterRole: ClusterRoleV1;

  constructor(scope: Construct, id: string, props: PlanReaderAccessProps) {
    super(scope, id);
    const name = props.name ?? props.group;
    const subject = [{ kind: "Group", name: props.group, apiGroup: "rbac.authorization.k8s.io" }];
    const labels = { "app.kubernetes.io/managed-by": "terraform", "app.kubernetes.io/part-of": "plan-access" };

    const byNamespace = new Map<string, ITerraformDependable[]>();
    for (const ns of props.releaseNamespaces) byNamespace.set(ns.name, [...(byNamespace.get(ns.name) ?? []), ...ns.dependsOn]);
    const roles: RoleV1[] = [];
    const bindings: RoleBindingV1[] = [];
    for (const [namespace, dependsOn] of [...byNamespace].sort(([a], [b]) => a.localeCompare(b))) {
      const metadata = { name, namespace, labels };
      const role = new RoleV1(this, `role-${namespace}`, {
        metadata,
        rule: [
          // Helm release state; plans refresh every helm_release from it.
          { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] },
          // Refreshing this role and its binding.
          { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], resourceNames: [name], verbs: ["get"] },
        ],
        // A namespace Helm creates exists only once its release does.
        dependsOn,
      });
      roles.push(role);
      bindings.push(
        new RoleBindingV1(this, `binding-${namespace}`, {
          metadata,
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
          subject,
          dependsOn: [role],
        }),
      );
    }
    this.roles = roles;
    this.bindings = bindings;

    this.clusterRole = new ClusterRoleV1(this, "cluster-role", {
      metadata: { name, labels },
      rule: [
        ...(props.storageClassNames.length > 0
          ? [{ apiGroups: ["storage.k8s.io"], resources: ["storageclasses"], resourceNames: [...props.storageClassNames], verbs: ["get"] }]
          : []),
        {
          apiGroups: ["rbac.authorization.k8s.io"],
          resources: ["clusterroles", "clusterrolebindings"],
          resourceNames: [name],
          verbs: ["get"],
        },
      ],
    });
    new ClusterRoleBindingV1(this, "cluster-role-binding", {
      metadata: { name, labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
      subject,
      dependsOn: [this.clusterRole],
    });
  }
}

/** Namespaces of every Helm release under `scope`, with the releases in each (for dependsOn). */
export function helmReleaseNamespaces(scope: Construct): { name: string; dependsOn: Release[] }[] {
  const releases = scope.node.findAll().filter((c): c is Release => c instanceof Release);
  const names = [...new Set(releases.map((r) => r.namespaceInput ?? "default"))];
  return names.map((name) => ({ name, dependsOn: releases.filter((r) => (r.namespaceInput ?? "default") === name) }));
}
