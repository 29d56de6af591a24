import { Fn, TerraformIterator, TerraformLocal } from "cdktf";
import { Construct } from "constructs";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { DataAwsIamRoles } from "@cdktf/provider-aws/lib/data-aws-iam-roles";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { customerManagedKey } from "../kit/customer-managed-key";
import { EncryptedLogGroup } from "../kit/encrypted-log-group";
import { addonVersionsFor } from "./addon-versions";
import { SERVICE_ACCOUNTS } from "./service-accounts";
import { WorkloadRole } from "./workload-role";
import { Partition } from "../core/partition";
import { ANY_PARTITION_ARN_PREFIX } from "../../lib/catalog/partitions";
import { lastPart } from "../../lib/text";
import { PropsProblems } from "../kit/validation";
import { policyJson } from "../kit/policy-document";

/** Every control-plane log type (docs/reference/scanner-behaviour.md row 5). */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** The EKS access policies entries get: cluster-admin, or view. */
export const ACCESS_POLICY = {
  admin: "AmazonEKSClusterAdminPolicy",
  // View: read every namespaced object except Secrets.
  readOnly: "AmazonEKSViewPolicy",
} as const;

/**
 * Roles found by name at plan time, for roles whose names are not known when the code is written:
 * IAM Identity Center creates `AWSReservedSSO_<permission set>_<random suffix>` under
 * `/aws-reserved/sso.amazonaws.com/` in each assigned account.
 */
export interface RoleNamePattern {
  /** Regular expression the role name must match, for example `^AWSReservedSSO_SRE_[0-9a-f]{16}$`. */
  readonly nameRegex: string;
  /** IAM path the role lives under. */
  readonly pathPrefix: string;
}

export interface ClusterAccess {
  /** IAM role ARNs with cluster-admin. */
  readonly adminRoleArns: readonly string[];
  /** IAM role ARNs with read access to everything but Secrets. */
  readonly readOnlyRoleArns: readonly string[];
  /**
   * Roles looked up at plan time (`aws_iam_roles`) and made cluster admins, one access entry per
   * role found (none while the role does not exist yet). Entries use the ARN without its path, as
   * EKS requires. @default none
   */
  readonly adminRolePatterns?: readonly RoleNamePattern[];
  /** As adminRolePatterns, with read access. @default none */
  readonly readOnlyRolePatterns?: readonly RoleNamePattern[];
  /**
   * Kubernetes groups added to the access entries of these role ARNs (keys from adminRoleArns or
   * readOnlyRoleArns), so in-cluster RBAC can grant them more than their access policy.
   * @default none
   */
  readonly kubernetesGroups?: Readonly<Record<string, readonly string[]>>;
}

export interface KubernetesClusterProps {
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  readonly accountId: string;
  readonly region: string;
  /** Subnets of the control plane's network interfaces (the network's intra tier). */
  readonly controlPlaneSubnetIds: readonly string[];
  /** Access entries (API authentication mode). A role may appear once. */
  readonly access: ClusterAccess;
  /**
   * EKS upgrade policy. STANDARD: 14 months of support, then EKS upgrades the control plane
   * itself; EXTENDED: 26 months at six times the hourly price. @default "STANDARD"
   */
  readonly supportType?: "STANDARD" | "EXTENDED";
  /** Refuse DeleteCluster until turned off. @default true */
  readonly deletionProtection?: boolean;
  /**
   * `prevent_destroy` on the cluster's KMS keys (secrets, logs, node volumes): Terraform refuses a
   * plan that would schedule their deletion. @default true
   */
  readonly preventDestroy?: boolean;
  /** @default 365 */
  readonly logRetentionDays?: number;
  /**
   * Private CIDRs (VPN, CI runners, peered VPCs) allowed to reach the private API endpoint on 443.
   * Nodes reach it through the cluster security group. @default none
   */
  readonly apiAccessCidrs?: readonly string[];
}

/**
 * An EKS cluster reachable only inside the VPC, with:
 * - secrets envelope-encrypted by a customer-managed key with yearly rotation;
 * - all five control-plane log types in a KMS-encrypted log group created before the cluster (so
 *   EKS does not create an unencrypted one with unlimited retention);
 * - access entries only (API mode): no aws-auth ConfigMap, and the identity that creates the
 *   cluster gets no implicit admin (`bootstrap_cluster_creator_admin_permissions = false`, so access
 *   is exactly what the accounts file says);
 * - an IAM OIDC provider for IRSA and the roles of the add-ons it manages (vpc-cni, EBS CSI);
 * - a node IAM role and a CMK for node volumes, used by every node group;
 * - the networking add-ons that must run before nodes join (vpc-cni, kube-proxy, Pod Identity
 *   agent); CoreDNS and EBS CSI need nodes and come from `WorkloadAddons`.
 */
export class KubernetesCluster extends Construct {
  readonly cluster: EksCluster;
  readonly secretsKey: KmsKey;
  readonly controlPlaneLogs: EncryptedLogGroup;
  readonly oidcProvider: IamOpenidConnectProvider;
  /** Issuer without `https://`, the prefix of IRSA condition keys. */
  readonly oidcIssuerHost: string;
  readonly nodeRole: IamRole;
  /** CMK of node root volumes. */
  readonly nodeVolumeKey: KmsKey;
  /** Add-ons node groups must wait for. */
  readonly networkingAddons: readonly EksAddon[];
  readonly clusterSecurityGroupId: string;

  constructor(scope: Construct, id: string, props: KubernetesClusterProps) {
    super(scope, id);
    validate(this, props);
    const { clusterName: name, accountId, region } = props;
    const partition = Partition.of(this);
    const versions = addonVersionsFor(this, props.kubernetesVersion);
    const keyLifecycle = { preventDestroy: props.preventDestroy ?? true };

    this.secretsKey = customerManagedKey(this, "SecretsKey", {
      description: `EKS ${name}: envelope encryption of Kubernetes Secrets`,
      adminAccountId: accountId,
      protect: keyLifecycle.preventDestroy,
    });
    new KmsAlias(this, "SecretsKeyAlias", { name: `alias/eks/${name}/secrets`, targetKeyId: this.secretsKey.keyId });

    this.controlPlaneLogs = new EncryptedLogGroup(this, "ControlPlaneLogs", {
      logGroupName: `/aws/eks/${name}/cluster`, // the name EKS writes to
      retentionDays: props.logRetentionDays ?? 365,
      accountId,
      region,
      purpose: `EKS ${name} control-plane logs`,
      preventDestroy: keyLifecycle.preventDestroy,
    });

    const clusterRole = new IamRole(this, "ClusterRole", {
      name: `${name}-cluster`,
      description: `EKS control plane of ${name}`,
      assumeRolePolicy: policyJson({
        Effect: "Allow",
        Principal: { Service: "eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
      }),
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, "ClusterPolicy", {
      role: clusterRole.name,
      policyArn: partition.managedPolicyArn("AmazonEKSClusterPolicy"),
    });
    const clusterKms = new IamRolePolicy(this, "ClusterSecretsKeyPolicy", {
      role: clusterRole.name,
      name: "secrets-encryption",
      policy: policyJson({
        Effect: "Allow",
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
        Resource: this.secretsKey.arn,
      }),
    });

    this.cluster = new EksCluster(this, "Resource", {
      name,
      version: props.kubernetesVersion,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: [...props.controlPlaneSubnetIds],
        endpointPrivateAccess: true,
        endpointPublicAccess: false,
      },
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      // Managed add-ons below replace the self-managed defaults EKS would otherwise install.
      bootstrapSelfManagedAddons: false,
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: this.secretsKey.arn } },
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      kubernetesNetworkConfig: { ipFamily: "ipv4" },
      upgradePolicy: { supportType: props.supportType ?? "STANDARD" },
      // Lets Route 53 ARC shift traffic away from an impaired zone.
      zonalShiftConfig: { enabled: true },
      deletionProtection: props.deletionProtection ?? true,
      dependsOn: [clusterPolicy, clusterKms, this.controlPlaneLogs.logGroup],
    });
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;

    (props.apiAccessCidrs ?? []).forEach(
      (cidr, i) =>
        new VpcSecurityGroupIngressRule(this, `ApiAccess${i}`, {
          securityGroupId: this.clusterSecurityGroupId,
          description: `Kubernetes API from ${cidr}`,
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrIpv4: cidr,
        }),
    );

    // Access entries: admins, then read-only. Node roles of managed node groups get theirs from EKS.
    const grant = (kind: keyof typeof ACCESS_POLICY, arn: string) => {
      const roleName = lastPart(arn, "/");
      const groups = props.access.kubernetesGroups?.[arn];
      const entry = new EksAccessEntry(this, `Access-${kind}-${roleName}`, {
        clusterName: this.cluster.name,
        principalArn: arn,
        type: "STANDARD",
        ...(groups && groups.length > 0 ? { kubernetesGroups: [...groups] } : {}),
      });
      new EksAccessPolicyAssociation(this, `AccessPolicy-${kind}-${roleName}`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: partition.arn({ service: "eks", account: "aws", resource: `cluster-access-policy/${ACCESS_POLICY[kind]}` }),
        accessScope: { type: "cluster" },
      });
    };
    props.access.adminRoleArns.forEach((arn) => grant("admin", arn));
    props.access.readOnlyRoleArns.forEach((arn) => grant("readOnly", arn));
    const grantFound = (kind: keyof typeof ACCESS_POLICY, pattern: RoleNamePattern, i: number) => {
      const found = new DataAwsIamRoles(this, `Roles-${kind}-${i}`, { nameRegex: pattern.nameRegex, pathPrefix: pattern.pathPrefix });
      const each = TerraformIterator.fromList(found.names);
      const principalArn = partition.iamArn(accountId, `role/${each.value}`);
      const entry = new EksAccessEntry(this, `FoundAccess-${kind}-${i}`, {
        forEach: each,
        clusterName: this.cluster.name,
        principalArn,
        type: "STANDARD",
      });
      new EksAccessPolicyAssociation(this, `FoundAccessPolicy-${kind}-${i}`, {
        forEach: each,
        clusterName: this.cluster.name,
        principalArn,
        policyArn: partition.arn({ service: "eks", account: "aws", resource: `cluster-access-policy/${ACCESS_POLICY[kind]}` }),
        accessScope: { type: "cluster" },
        dependsOn: [entry],
      });
    };
    (props.access.adminRolePatterns ?? []).forEach((p, i) => grantFound("admin", p, i));
    (props.access.readOnlyRolePatterns ?? []).forEach((p, i) => grantFound("readOnly", p, i));

    this.oidcProvider = new IamOpenidConnectProvider(this, "OidcProvider", {
      url: this.cluster.identity.get(0).oidc.get(0).issuer,
      clientIdList: ["sts.amazonaws.com"],
      tags: { Name: `${name}-irsa` },
    });
    // A local, so IRSA trust policies read `${local.…}:sub`: valid JSON for scanners, where an inline
    // replace("https://", "") call would put quotes inside the policy string.
    this.oidcIssuerHost = new TerraformLocal(
      this,
      "oidc_issuer_host",
      Fn.replace(this.cluster.identity.get(0).oidc.get(0).issuer, "https://", ""),
    ).asString;

    this.nodeRole = new IamRole(this, "NodeRole", {
      name: `${name}-node`,
      description: `EC2 nodes of ${name}: join the cluster, pull images, SSM access (no SSH)`,
      assumeRolePolicy: policyJson({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }),
    });
    // The CNI policy is not here: vpc-cni has its own IRSA role, so pods never inherit ENI rights.
    ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore"].forEach(
      (p) => new IamRolePolicyAttachment(this, `Node${p}`, { role: this.nodeRole.name, policyArn: partition.managedPolicyArn(p) }),
    );

    this.nodeVolumeKey = customerManagedKey(this, "NodeVolumeKey", {
      description: `EKS ${name}: node root volumes`,
      adminAccountId: accountId,
      protect: keyLifecycle.preventDestroy,
      serviceStatements: [
        // Managed node groups launch through Auto Scaling, whose service-linked role must use the
        // key for the encrypted root volume (EC2 Auto Scaling User Guide, "Required AWS KMS key
        // policy for use with encrypted volumes"). The role must exist before this key policy is
        // written: the account's bootstrap stack creates it (constructs/bootstrap/service-linked-roles.ts).
        {
          Sid: "AutoScalingUsesTheKey",
          Effect: "Allow",
          Principal: { AWS: partition.iamArn(accountId, "role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling") },
          Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
          Resource: "*",
        },
        {
          Sid: "AutoScalingGrantsForVolumes",
          Effect: "Allow",
          Principal: { AWS: partition.iamArn(accountId, "role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling") },
          Action: "kms:CreateGrant",
          Resource: "*",
          Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
        },
      ],
    });
    new KmsAlias(this, "NodeVolumeKeyAlias", { name: `alias/eks/${name}/node-volumes`, targetKeyId: this.nodeVolumeKey.keyId });

    const vpcCniRole = new WorkloadRole(this, "VpcCniRole", {
      roleName: `${name}-vpc-cni`,
      description: "Amazon VPC CNI: manages node ENIs and pod IPs",
      oidcProviderArn: this.oidcProvider.arn,
      oidcIssuerHost: this.oidcIssuerHost,
      serviceAccount: SERVICE_ACCOUNTS.vpcCni,
      managedPolicyArns: [partition.managedPolicyArn("AmazonEKS_CNI_Policy")],
    });

    const addon = (
      addonName: "vpc-cni" | "kube-proxy" | "eks-pod-identity-agent",
      serviceAccountRoleArn?: string,
      configurationValues?: string,
    ) =>
      new EksAddon(this, `Addon-${addonName}`, {
        clusterName: this.cluster.name,
        addonName,
        addonVersion: versions[addonName],
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        ...(serviceAccountRoleArn !== undefined ? { serviceAccountRoleArn } : {}),
        ...(configurationValues !== undefined ? { configurationValues } : {}),
      });
    // The platform layer's default-deny NetworkPolicies are only enforced when the VPC CNI runs its
    // network policy agent (AWS EKS User Guide, "Configure your cluster for Kubernetes network
    // policies": configuration value enableNetworkPolicy "true", vpc-cni >= 1.14).
    const cniConfiguration = JSON.stringify({ enableNetworkPolicy: "true" });
    this.networkingAddons = [addon("vpc-cni", vpcCniRole.role.arn, cniConfiguration), addon("kube-proxy"), addon("eks-pod-identity-agent")];
  }
}

function validate(scope: Construct, p: KubernetesClusterProps): void {
  const problems = new PropsProblems(scope);
  problems.require(
    /^[a-zA-Z][a-zA-Z0-9-]{0,99}$/.test(p.clusterName),
    "clusterName",
    p.clusterName,
    "1-100 letters, digits or '-', starting with a letter",
  );
  problems.require(/^1\.\d{2}$/.test(p.kubernetesVersion), "kubernetesVersion", p.kubernetesVersion, "a minor version such as 1.34");
  problems.require(
    p.controlPlaneSubnetIds.length >= 2,
    "controlPlaneSubnetIds",
    p.controlPlaneSubnetIds,
    "subnets in at least two zones (EKS requires it)",
  );
  const all = [...p.access.adminRoleArns, ...p.access.readOnlyRoleArns];
  const dupes = [...new Set(all.filter((a, i) => all.indexOf(a) !== i))];
  problems.require(dupes.length === 0, "access", dupes, "each role at most once (a role may have one access entry)");
  const roleArn = new RegExp(`^${ANY_PARTITION_ARN_PREFIX}iam::\\d{12}:role/[\\w+=,.@-]{1,64}$`);
  for (const field of ["adminRoleArns", "readOnlyRoleArns"] as const)
    for (const arn of p.access[field]) problems.require(roleArn.test(arn), `access.${field}`, arn, "IAM role ARNs without a path");
  problems.require(
    p.access.adminRoleArns.length > 0,
    "access.adminRoleArns",
    p.access.adminRoleArns,
    "at least one role, or nobody can administer the cluster",
  );
  for (const cidr of p.apiAccessCidrs ?? [])
    problems.require(
      /^(10\.|172\.(1[6-9]|2\d|3[01])\.|192\.168\.)\d+\.\d+\.\d+\/\d+$/.test(cidr) && !cidr.endsWith("/0"),
      "apiAccessCidrs",
      cidr,
      "private (RFC 1918) blocks: the API endpoint is private",
    );
  problems.throwIfAny();
}
