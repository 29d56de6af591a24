import { Testing, TerraformStack } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { helmReleaseNamespaces, PlanReaderAccess } from "../../../constructs/platform/plan-reader-access";
import { resourcesOf, type TfJson } from "../../helpers/synth";

type Role = {
  metadata: { name: string; namespace: string };
  rule: { resources: string[]; verbs: string[]; resource_names?: string[] }[];
  depends_on?: string[];
};

function build(): TfJson {
  const stack = new TerraformStack(Testing.app(), "test");
  new Release(stack, "a", { name: "a", chart: "a", namespace: "one" });
  new Release(stack, "b", { name: "b", chart: "b", namespace: "one" });
  new Release(stack, "c", { name: "c", chart: "c", namespace: "two", createNamespace: true });
  new PlanReaderAccess(stack, "plan", { group: "readers", releaseNamespaces: helmReleaseNamespaces(stack), storageClassNames: ["gp3"] });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

describe("PlanReaderAccess", () => {
  const json = build();
  const roles = Object.values(resourcesOf(json, "kubernetes_role_v1")) as unknown as Role[];

  test("one Role per namespace holding releases, created after them (Helm may create the namespace)", () => {
    expect(roles.map((r) => r.metadata.namespace)).toEqual(["one", "two"]);
    expect(roles[0]!.depends_on).toHaveLength(2);
    expect(roles[1]!.depends_on).toEqual([expect.stringMatching(/^helm_release\.c/)]);
  });

  test("secrets are read only through the namespaced Roles; everything else by name", () => {
    for (const r of roles)
      expect(r.rule.filter((x) => x.resources.includes("secrets")).map((x) => x.verbs)).toEqual([["get", "list", "watch"]]);
    const [cluster] = Object.values(resourcesOf(json, "kubernetes_cluster_role_v1")) as unknown as Role[];
    for (const rule of cluster!.rule) {
      expect(rule.resources).not.toContain("secrets");
      expect(rule.resource_names!.length).toBeGreaterThan(0);
    }
    expect(cluster!.rule.some((x) => x.resources.includes("storageclasses") && x.resource_names!.includes("gp3"))).toBe(true);
  });

  test("every binding names the group", () => {
    for (const type of ["kubernetes_role_binding_v1", "kubernetes_cluster_role_binding_v1"]) {
      for (const b of Object.values(resourcesOf(json, type)) as unknown as { subject: { kind: string; name: string }[] }[]) {
        expect(b.subject).toEqual([{ kind: "Group", name: "readers", api_group: "rbac.authorization.k8s.io" }]);
      }
    }
  });
});
