import { KubernetesCluster, CONTROL_PLANE_LOG_TYPES, type KubernetesClusterProps } from "../../../constructs/eks/eks-cluster";
import { ADDON_VERSIONS } from "../../../constructs/eks/addon-versions";
import { ACCOUNT, all, one, synth, testStack } from "../network/harness";

const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const props = (over: Partial<KubernetesClusterProps> = {}): KubernetesClusterProps => ({
  clusterName: "test-eks",
  kubernetesVersion: "1.34",
  accountId: ACCOUNT,
  region: "us-east-1",
  controlPlaneSubnetIds: ["subnet-a", "subnet-b", "subnet-c"],
  access: { adminRoleArns: [role("sre-admin")], readOnlyRoleArns: [role("sre-readonly"), role("terraform-plan")] },
  ...over,
});
const build = (over: Partial<KubernetesClusterProps> = {}) => {
  const stack = testStack();
  const cluster = new KubernetesCluster(stack, "cluster", props(over));
  return { cluster, json: synth(stack) };
};

describe("KubernetesCluster", () => {
  describe("defaults are secure", () => {
    const { json } = build();
    const cluster = one(json, "aws_eks_cluster", "cluster");

    test("the API endpoint is private only", () => {
      expect(cluster.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
      expect(cluster.vpc_config).not.toHaveProperty("public_access_cidrs");
    });

    test("secrets are envelope-encrypted with a rotating customer-managed key that survives a destroy", () => {
      expect(cluster.encryption_config).toEqual({
        resources: ["secrets"],
        provider: { key_arn: expect.stringContaining("aws_kms_key.cluster_SecretsKey") },
      });
      expect(one(json, "aws_kms_key", "SecretsKey")).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    });

    test("all control-plane logs go to an encrypted log group created before the cluster", () => {
      expect(cluster.enabled_cluster_log_types).toEqual([...CONTROL_PLANE_LOG_TYPES]);
      expect(CONTROL_PLANE_LOG_TYPES).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
      const group = one(json, "aws_cloudwatch_log_group", "ControlPlaneLogs");
      expect(group).toMatchObject({
        name: "/aws/eks/test-eks/cluster",
        retention_in_days: 365,
        kms_key_id: expect.stringContaining("aws_kms_key."),
      });
      expect(cluster.depends_on).toEqual(
        expect.arrayContaining([expect.stringContaining("aws_cloudwatch_log_group.cluster_ControlPlaneLogs")]),
      );
    });

    test("access entries only, and the creator gets no implicit admin", () => {
      expect(cluster.access_config).toEqual({ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false });
    });

    test("deletion protection on, upgrade policy explicit, zonal shift on", () => {
      expect(cluster).toMatchObject({
        deletion_protection: true,
        upgrade_policy: { support_type: "STANDARD" },
        zonal_shift_config: { enabled: true },
        version: "1.34",
      });
    });

    test("node root volumes use their own rotating key, usable by Auto Scaling for launches", () => {
      const key = one(json, "aws_kms_key", "NodeVolumeKey");
      expect(key).toMatchObject({ enable_key_rotation: true });
      const policy = JSON.parse(String(key.policy));
      const slr = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
      expect(policy.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Principal: { AWS: slr },
            Action: "kms:CreateGrant",
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
          }),
        ]),
      );
    });

    test("the node role has no CNI or admin rights (vpc-cni has its own IRSA role)", () => {
      const attached = all(json, "aws_iam_role_policy_attachment")
        .filter((a) => String(a.role).includes("NodeRole"))
        .map((a) => a.policy_arn);
      expect(attached.sort()).toEqual([
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
        "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
        "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
      ]);
      const cni = one(json, "aws_eks_addon", "vpc-cni");
      expect(cni.service_account_role_arn).toContain("aws_iam_role.cluster_VpcCniRole");
    });
  });

  test("access entries: admins get cluster admin, read-only roles the view policy", () => {
    const { json } = build();
    const policies = Object.fromEntries(all(json, "aws_eks_access_policy_association").map((a) => [String(a.principal_arn), a]));
    expect(
      all(json, "aws_eks_access_entry")
        .map((e) => e.principal_arn)
        .sort(),
    ).toEqual([role("sre-admin"), role("sre-readonly"), role("terraform-plan")].sort());
    expect(all(json, "aws_eks_access_policy_association")).toHaveLength(3);
    for (const a of Object.values(policies)) expect(a.access_scope).toEqual({ type: "cluster" });
    const byPolicy = (arn: string) => all(json, "aws_eks_access_policy_association").filter((a) => a.policy_arn === arn).length;
    expect(byPolicy("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy")).toBe(1);
    expect(byPolicy("arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy")).toBe(2);
  });

  test("role patterns: one access entry per role found at plan time, keyed by role name, without its path", () => {
    const { json } = build({
      access: {
        adminRoleArns: [role("sre-admin")],
        readOnlyRoleArns: [],
        readOnlyRolePatterns: [{ nameRegex: "^AWSReservedSSO_ReadOnly_[0-9a-f]{16}$", pathPrefix: "/aws-reserved/sso.amazonaws.com/" }],
      },
    });
    expect(Object.values(json.data?.aws_iam_roles ?? {})).toEqual([
      { name_regex: "^AWSReservedSSO_ReadOnly_[0-9a-f]{16}$", path_prefix: "/aws-reserved/sso.amazonaws.com/" },
    ]);
    const entry = one(json, "aws_eks_access_entry", "FoundAccess-readOnly-0");
    expect(entry).toMatchObject({
      for_each: expect.stringMatching(/^\$\{toset\(.*data\.aws_iam_roles\.cluster_Roles-readOnly-0_.*\.names/),
      principal_arn: `arn:aws:iam::${ACCOUNT}:role/\${each.value}`,
    });
    expect(one(json, "aws_eks_access_policy_association", "FoundAccessPolicy-readOnly-0")).toMatchObject({
      policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
      depends_on: [expect.stringContaining("aws_eks_access_entry.cluster_FoundAccess-readOnly-0")],
    });
  });

  test("the networking add-ons are pinned to the version table of the cluster's Kubernetes version", () => {
    const { json } = build();
    const addons = all(json, "aws_eks_addon");
    expect(addons.map((a) => a.addon_name).sort()).toEqual(["eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
    for (const a of addons) {
      expect(a.addon_version).toBe(ADDON_VERSIONS["1.34"]![a.addon_name as "vpc-cni"]);
      expect(a).toMatchObject({ resolve_conflicts_on_create: "OVERWRITE", resolve_conflicts_on_update: "OVERWRITE" });
    }
  });

  test("an IRSA OIDC provider for sts.amazonaws.com", () => {
    const { json } = build();
    expect(one(json, "aws_iam_openid_connect_provider", "Oidc")).toMatchObject({
      client_id_list: ["sts.amazonaws.com"],
      url: expect.stringContaining("identity[0].oidc[0].issuer"),
    });
  });

  test("apiAccessCidrs open 443 on the cluster security group to those private blocks only", () => {
    const { json } = build({ apiAccessCidrs: ["10.99.0.0/16"] });
    expect(all(json, "aws_vpc_security_group_ingress_rule")).toEqual([
      expect.objectContaining({
        cidr_ipv4: "10.99.0.0/16",
        from_port: 443,
        to_port: 443,
        ip_protocol: "tcp",
        security_group_id: expect.stringContaining("cluster_security_group_id"),
      }),
    ]);
  });

  test("staging can turn off deletion protection and key retention", () => {
    const { json } = build({ deletionProtection: false, preventDestroy: false, supportType: "EXTENDED" });
    expect(one(json, "aws_eks_cluster", "cluster")).toMatchObject({
      deletion_protection: false,
      upgrade_policy: { support_type: "EXTENDED" },
    });
    for (const k of all(json, "aws_kms_key")) expect(k.lifecycle).toBeUndefined();
  });

  describe("throws when", () => {
    test("no admin role is given", () => {
      expect(() => build({ access: { adminRoleArns: [], readOnlyRoleArns: [] } })).toThrow(
        "test/cluster: access.adminRoleArns: at least one role, or nobody can administer the cluster (got [])",
      );
    });
    test("a role is both admin and read-only", () => {
      expect(() => build({ access: { adminRoleArns: [role("x")], readOnlyRoleArns: [role("x")] } })).toThrow(
        'test/cluster: access: each role at most once (a role may have one access entry) (got ["arn:aws:iam::123456789012:role/x"])',
      );
    });
    test("an access role has a path or is not a role", () => {
      expect(() => build({ access: { adminRoleArns: [`arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso/x`], readOnlyRoleArns: [] } })).toThrow(
        /IAM role ARNs without a path/,
      );
    });
    test("an API access CIDR is public", () => {
      expect(() => build({ apiAccessCidrs: ["0.0.0.0/0"] })).toThrow(
        'test/cluster: apiAccessCidrs: private (RFC 1918) blocks: the API endpoint is private (got "0.0.0.0/0")',
      );
      expect(() => build({ apiAccessCidrs: ["8.8.8.0/24"] })).toThrow(/apiAccessCidrs: .* \(got "8\.8\.8\.0\/24"\)/);
    });
    test("the control plane gets fewer than two subnets", () => {
      expect(() => build({ controlPlaneSubnetIds: ["subnet-a"] })).toThrow(/at least two zones/);
    });
    test("the Kubernetes version has no pinned add-on versions", () => {
      expect(() => build({ kubernetesVersion: "1.99" })).toThrow(
        /kubernetesVersion: a minor with pinned add-on versions .*add a row to constructs\/eks\/addon-versions.ts.* \(got "1\.99"\)$/,
      );
    });
  });
});
