import { ADDON_VERSIONS, MANAGED_ADDONS } from "../../constructs/eks/addon-versions";
import { clickhouseNodesPerZone } from "../../constructs/eks/clickhouse-layout";
import { PLAN_READERS_GROUP } from "../../constructs/eks/names";
import { SERVICE_ACCOUNTS } from "../../constructs/eks/service-accounts";
import { loadPlatformConfig } from "../../lib/config/load";
import { evaluateStack } from "../../lib/policy/stack-report";
import { networkAndCluster } from "../constructs/eks/layer-harness";
import { environmentsFixture, shippedFile } from "../helpers/fixtures";
import { resourcesOf } from "../helpers/synth";

const us = networkAndCluster("us");
const staging = networkAndCluster("staging");
const list = (json: typeof us.clusterJson, type: string) => Object.values(resourcesOf(json, type));

describe("ClusterStack", () => {
  test("publishes real outputs, with a ClickHouse node group per zone", () => {
    const outputs = us.cluster.outputs;
    expect(JSON.stringify(outputs)).not.toMatch(/pending-/);
    expect(outputs.clickhouseNodeGroupNames).toHaveLength(us.env.availabilityZones.length);
    expect(outputs.clickhouseNodesPerZone).toEqual(
      clickhouseNodesPerZone(us.cluster, us.env.clickhouse.shards, us.env.clickhouse.replicas, us.env.availabilityZones),
    );
    expect(Object.keys(outputs.workloadRoleArns).sort()).toEqual([
      "clickhouseBackup",
      "clusterAutoscaler",
      "externalDns",
      "loadBalancerController",
    ]);
  });

  test("the cluster takes its version and upgrade policy from the environment file", () => {
    const [cluster] = list(us.clusterJson, "aws_eks_cluster");
    expect(cluster).toMatchObject({
      name: "us-eks",
      version: us.env.kubernetes.version,
      upgrade_policy: { support_type: us.env.kubernetes.supportType },
    });
  });

  test("deletion protection and key retention in production only", () => {
    expect(list(us.clusterJson, "aws_eks_cluster")[0]).toMatchObject({ deletion_protection: true });
    expect(list(staging.clusterJson, "aws_eks_cluster")[0]).toMatchObject({ deletion_protection: false });
    for (const k of list(us.clusterJson, "aws_kms_key")) expect(k.lifecycle).toEqual({ prevent_destroy: true });
    for (const k of list(staging.clusterJson, "aws_kms_key")) expect(k.lifecycle).toBeUndefined();
  });

  test("access entries: the deploy role and the accounts file's admins are admins; the plan role reads", () => {
    const account = us.env.account;
    // Each association names its entry's principal_arn (so it waits for the entry).
    const entries = resourcesOf(us.clusterJson, "aws_eks_access_entry");
    const principal = (ref: string) => entries[/aws_eks_access_entry\.([^.]+)\.principal_arn/.exec(ref)![1]!]!.principal_arn;
    const byPolicy = (suffix: string) =>
      list(us.clusterJson, "aws_eks_access_policy_association")
        .filter((a) => !("for_each" in a) && String(a.policy_arn).endsWith(suffix))
        .map((a) => String(principal(String(a.principal_arn))))
        .sort();
    const role = (n: string) => `arn:aws:iam::${account.id}:role/${n}`;
    expect(byPolicy("/AmazonEKSClusterAdminPolicy")).toEqual([account.deployRoleArn, ...account.clusterAccess.admin.map(role)].sort());
    expect(byPolicy("/AmazonEKSViewPolicy")).toEqual(
      [...new Set([...account.clusterAccess.readOnly.map(role), account.planRoleArn])].sort(),
    );
  });

  test("only the plan role's access entry carries the plan readers' Kubernetes group", () => {
    const entries = list(us.clusterJson, "aws_eks_access_entry").filter((e) => !("for_each" in e));
    const withGroups = entries.filter((e) => e.kubernetes_groups !== undefined);
    expect(withGroups.map((e) => [e.principal_arn, e.kubernetes_groups])).toEqual([[us.env.account.planRoleArn, [PLAN_READERS_GROUP]]]);
  });

  test("people get in through the Identity Center roles of the account's permission sets, found at plan time", () => {
    const found = Object.values(us.clusterJson.data?.aws_iam_roles ?? {});
    expect(found).toEqual([
      { name_regex: "^AWSReservedSSO_Admin_[0-9a-f]{16}$", path_prefix: "/aws-reserved/sso.amazonaws.com/" },
      { name_regex: "^AWSReservedSSO_SRE_[0-9a-f]{16}$", path_prefix: "/aws-reserved/sso.amazonaws.com/" },
      { name_regex: "^AWSReservedSSO_ReadOnly_[0-9a-f]{16}$", path_prefix: "/aws-reserved/sso.amazonaws.com/" },
    ]);
    const perRole = list(us.clusterJson, "aws_eks_access_policy_association").filter((a) => "for_each" in a);
    expect(perRole.map((a) => [String(a.for_each).match(/Roles-(admin|readOnly)/)![1], String(a.policy_arn).split("/").pop()])).toEqual([
      ["admin", "AmazonEKSClusterAdminPolicy"],
      ["admin", "AmazonEKSClusterAdminPolicy"],
      ["readOnly", "AmazonEKSViewPolicy"],
    ]);
    // EKS rejects role ARNs with a path: the entry names the role at the account root.
    for (const e of list(us.clusterJson, "aws_eks_access_entry").filter((x) => "for_each" in x)) {
      expect(e.principal_arn).toBe(`arn:aws:iam::${us.env.account.id}:role/\${each.value}`);
    }
  });

  test("every managed add-on is installed at its pinned version", () => {
    const addons = Object.fromEntries(list(us.clusterJson, "aws_eks_addon").map((a) => [String(a.addon_name), a.addon_version]));
    expect(Object.keys(addons).sort()).toEqual([...MANAGED_ADDONS].sort());
    for (const name of MANAGED_ADDONS) expect(addons[name]).toBe(ADDON_VERSIONS[us.env.kubernetes.version]![name]);
  });

  test("the VPC CNI enforces NetworkPolicies (the platform layer's default-deny depends on it)", () => {
    const cni = list(us.clusterJson, "aws_eks_addon").find((a) => a.addon_name === "vpc-cni")!;
    expect(JSON.parse(String(cni.configuration_values))).toEqual({ enableNetworkPolicy: "true" });
  });

  test("CoreDNS and EBS CSI wait for the node groups; node groups wait for the networking add-ons", () => {
    const addons = resourcesOf(us.clusterJson, "aws_eks_addon");
    for (const [id, a] of Object.entries(addons)) {
      if (/coredns|ebs-csi/.test(id))
        expect((a.depends_on as string[]).filter((d) => d.startsWith("aws_eks_node_group."))).toHaveLength(
          list(us.clusterJson, "aws_eks_node_group").length,
        );
    }
    for (const g of list(us.clusterJson, "aws_eks_node_group")) {
      expect(g.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_eks_addon\..*vpc-cni/)]));
    }
  });

  test("system and app groups span every private subnet and take their sizes from the environment", () => {
    const groups = resourcesOf(us.clusterJson, "aws_eks_node_group");
    for (const role of ["system", "app"] as const) {
      const [, group] = Object.entries(groups).find(([, g]) => g.node_group_name === `us-eks-${role}`)!;
      const cfg = us.env.kubernetes.nodeGroups[role];
      expect(group.subnet_ids).toHaveLength(3);
      expect(group.scaling_config).toEqual({ min_size: cfg.minSize, desired_size: cfg.desiredSize, max_size: cfg.maxSize });
    }
  });

  test("ClickHouse groups: one per zone, one subnet each, sized from the environment's clickhouse section", () => {
    const ch = us.env.clickhouse;
    const perZone = clickhouseNodesPerZone(us.cluster, ch.shards, ch.replicas, us.env.availabilityZones);
    us.env.availabilityZones.forEach((zone, i) => {
      const group = list(us.clusterJson, "aws_eks_node_group").find((g) => g.node_group_name === `us-eks-clickhouse-${zone}`)!;
      expect(group.subnet_ids).toEqual([expect.stringContaining(`private-subnets_${zone}`)]);
      expect(group.scaling_config).toMatchObject({ min_size: perZone[i], desired_size: perZone[i] });
      expect(group.taint).toEqual([{ key: "dedicated", value: "clickhouse", effect: "NO_SCHEDULE" }]);
    });
    const lts = list(us.clusterJson, "aws_launch_template").filter((lt) => String(lt.name).includes("clickhouse"));
    for (const lt of lts) expect(lt.instance_type).toBe(ch.instanceType);
  });

  test("nodes carry the cluster security group and the network's data-clients group", () => {
    for (const lt of list(us.clusterJson, "aws_launch_template")) {
      expect(lt.vpc_security_group_ids).toEqual([
        expect.stringContaining("cluster_security_group_id"),
        expect.stringContaining("aws_security_group.network_DataClientsSecurityGroup"),
      ]);
    }
  });

  test("the control plane sits in the intra subnets", () => {
    const [cluster] = list(us.clusterJson, "aws_eks_cluster");
    expect((cluster!.vpc_config as { subnet_ids: string[] }).subnet_ids).toEqual(
      us.env.availabilityZones.map(() => expect.stringContaining("intra-subnets")),
    );
  });

  test("every IRSA role trusts exactly one of the exported service accounts", () => {
    const subjects = list(us.clusterJson, "aws_iam_role")
      .map((r) => JSON.parse(String(r.assume_role_policy)).Statement[0])
      .filter((s) => s.Action === "sts:AssumeRoleWithWebIdentity")
      .map((s) => {
        const eq = s.Condition.StringEquals as Record<string, string>;
        expect(Object.keys(s.Condition)).toEqual(["StringEquals"]);
        expect(Object.entries(eq).find(([k]) => k.endsWith(":aud"))?.[1]).toBe("sts.amazonaws.com");
        return Object.entries(eq).find(([k]) => k.endsWith(":sub"))![1];
      });
    // external-dns has a role only when the environment lists hosted zones (dns.hostedZoneIds).
    const expected = Object.entries(SERVICE_ACCOUNTS).filter(([id]) => id !== "externalDns" || us.env.dns.hostedZoneIds.length > 0);
    expect(subjects.sort()).toEqual(expected.map(([, sa]) => `system:serviceaccount:${sa.namespace}:${sa.name}`).sort());
  });

  test("the backup role reaches the data layer's backups bucket and key", () => {
    const policy = list(us.clusterJson, "aws_iam_role_policy").find((p) => String(p.role).includes("clickhouseBackup"))!;
    expect(String(policy.policy)).toContain("arn:aws:s3:::us-clickhouse-backups/*");
    expect(String(policy.policy)).toContain(`arn:aws:kms:us-east-1:${us.env.account.id}:key/data`);
  });

  describe("upgrades and API access from the environment file", () => {
    const withKubernetes = (yaml: string) =>
      loadPlatformConfig(environmentsFixture({ "staging.yaml": `${shippedFile("staging.yaml")}kubernetes:\n${yaml}` }));

    test("nodeVersion holds the node groups back while the control plane moves", () => {
      const { clusterJson } = networkAndCluster("staging", withKubernetes('  version: "1.35"\n  nodeVersion: "1.34"\n'));
      expect(list(clusterJson, "aws_eks_cluster")[0]).toMatchObject({ version: "1.35" });
      for (const g of list(clusterJson, "aws_eks_node_group")) expect(g.version).toBe("1.34");
    });

    test("the configuration refuses nodeVersion ahead of the control plane or over three minors behind, naming the file and field", () => {
      expect(() => withKubernetes('  version: "1.34"\n  nodeVersion: "1.35"\n')).toThrow(
        /staging.yaml: kubernetes.nodeVersion: at most three minors behind, and never ahead of, kubernetes.version 1.34 \(got "1.35"\)/,
      );
      expect(() => withKubernetes('  version: "1.35"\n  nodeVersion: "1.31"\n')).toThrow(
        /staging.yaml: kubernetes.nodeVersion: at most three minors behind.* \(got "1.31"\)/,
      );
      expect(() => withKubernetes('  version: "1.35"\n  nodeVersion: "1.32"\n')).not.toThrow();
    });

    test("external-dns gets a role only with hosted zones, allowed to change exactly those zones", () => {
      const zones = ["Z0123456789ABCDEFGHIJ", "Z2OTHERZONE"];
      const withZones = loadPlatformConfig(
        environmentsFixture({ "staging.yaml": `${shippedFile("staging.yaml")}dns:\n  hostedZoneIds: [${zones.join(", ")}]\n` }),
      );
      const { cluster, clusterJson } = networkAndCluster("staging", withZones);
      expect(cluster.outputs.workloadRoleArns.externalDns).toEqual(expect.stringMatching(/^\$\{/));
      const policy = list(clusterJson, "aws_iam_role_policy").find((p) => String(p.role).includes("externalDns"))!;
      const zoneArns = String(policy.policy).match(/arn:aws:route53:::hostedzone\/[^"]*/g);
      expect([...new Set(zoneArns)].sort()).toEqual(zones.map((z) => `arn:aws:route53:::hostedzone/${z}`).sort());

      const without = networkAndCluster(
        "staging",
        loadPlatformConfig(environmentsFixture({ "staging.yaml": `${shippedFile("staging.yaml")}dns:\n  hostedZoneIds: []\n` })),
      );
      expect(without.cluster.outputs.workloadRoleArns.externalDns).toBeNull();
      expect(list(without.clusterJson, "aws_iam_role_policy").filter((p) => String(p.policy).includes("route53:"))).toEqual([]);
    });

    test("apiAccessCidrs open the private endpoint to those blocks", () => {
      const { clusterJson } = networkAndCluster("staging", withKubernetes("  apiAccessCidrs: [10.100.0.0/16]\n"));
      // The CI runner's rule references its security group; the CIDR rules come from the file.
      expect(list(clusterJson, "aws_vpc_security_group_ingress_rule").filter((r) => r.cidr_ipv4 !== undefined)).toEqual([
        expect.objectContaining({ cidr_ipv4: "10.100.0.0/16", from_port: 443 }),
      ]);
    });
  });

  test.each(["us", "eu", "staging"])("%s: every policy rule passes (lib/policy, docs/reference/scanner-behaviour.md)", (name) => {
    const stack = networkAndCluster(name).cluster;
    const findings = evaluateStack(stack);
    for (const rule of ["EKS-01", "EKS-04", "EKS-07", "EKS-11", "LT-01", "LT-02", "LT-03", "IAM-11"]) {
      expect(findings.some((f) => f.ruleId === rule && f.status === "pass")).toBe(true);
    }
    expect(findings.filter((f) => f.status === "fail").map((f) => `${f.ruleId} ${f.path}: ${f.problems.join("; ")}`)).toEqual([]);
  });
});
