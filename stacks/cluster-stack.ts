import type { Construct } from "constructs";
import { GithubRunner } from "../constructs/ci/github-runner";
import { ClickHouseNodeGroups } from "../constructs/eks/clickhouse-node-groups";
import { KubernetesCluster } from "../constructs/eks/eks-cluster";
import { clusterNameFor, PLAN_READERS_GROUP } from "../constructs/eks/names";
import { ManagedNodeGroup } from "../constructs/eks/node-group";
import { SPOT_TAINT } from "../constructs/eks/scheduling";
import { SERVICE_ACCOUNTS } from "../constructs/eks/service-accounts";
import { WorkloadAddons } from "../constructs/eks/workload-addons";
import {
  clickhouseBackupPolicy,
  clickhouseColdStoragePolicy,
  clusterAutoscalerPolicy,
  combinePolicies,
  ebsCsiKmsPolicy,
  externalDnsPolicy,
  loadBalancerControllerPolicy,
} from "../constructs/eks/workload-policies";
import { WorkloadRole } from "../constructs/eks/workload-role";
import type { PolicyDocument } from "../constructs/kit/policy-document";
import { identityCenterRoleNamePattern } from "../constructs/organization/identity-center";
import { SessionLogging } from "../constructs/observability/session-logging";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { EnvironmentConfig, PermissionSetName } from "../lib/config/model";
import { BaseStack } from "./base-stack";
import type { ClusterOutputs, DataOutputs, NetworkOutputs } from "./contracts";
import { Partition } from "../constructs/core/partition";

export interface ClusterStackProps {
  readonly env: EnvironmentConfig;
  readonly network: NetworkOutputs;
  readonly data: DataOutputs;
}

/** Control-plane log retention by tier. */
const CONTROL_PLANE_LOG_DAYS = { production: 365, staging: 90 } as const;

/** The EKS cluster, its node groups, managed add-ons and workload roles. */
export class ClusterStack extends BaseStack {
  readonly outputs: ClusterOutputs;
  readonly cluster: KubernetesCluster;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    const { env, network, data } = props;
    super(scope, id, { account: env.account, region: env.region, tags: env.tags });
    const clusterName = clusterNameFor(env.name);
    const k8s = env.kubernetes;
    const roleArn = (name: string) => Partition.of(this).iamArn(env.account.id, `role/${name}`);
    const production = env.tier === "production";
    const nodeVersion = nodeVersionOf(env);

    this.cluster = new KubernetesCluster(this, "cluster", {
      clusterName,
      kubernetesVersion: k8s.version,
      supportType: k8s.supportType,
      accountId: env.account.id,
      region: env.region,
      controlPlaneSubnetIds: network.intraSubnetIds,
      access: {
        // The deploy role applies the platform stack (helm and kubernetes providers) and therefore
        // needs cluster-admin; it gets it only through this entry, never as the cluster's creator.
        adminRoleArns: unique([env.account.deployRoleArn, ...env.account.clusterAccess.admin.map(roleArn)]),
        // Pull-request plans refresh the platform stack's Kubernetes objects read-only.
        readOnlyRoleArns: unique([...env.account.clusterAccess.readOnly.map(roleArn), env.account.planRoleArn]),
        // People: the Identity Center permission sets assigned in this account. Admin and SRE
        // operate the cluster; read-only reads it (no Secrets).
        adminRolePatterns: identityCenterRoles(env, ["admin", "sre"]),
        readOnlyRolePatterns: identityCenterRoles(env, ["read-only"]),
        // Plans also refresh helm_release, whose state is a Secret: the platform stack grants this
        // group secret reads in the namespaces holding releases (docs/reference/deploy-constraints.md row 11).
        kubernetesGroups: { [env.account.planRoleArn]: [PLAN_READERS_GROUP] },
      },
      deletionProtection: production,
      preventDestroy: production,
      apiAccessCidrs: k8s.apiAccessCidrs,
      logRetentionDays: CONTROL_PLANE_LOG_DAYS[env.tier],
    });
    const c = this.cluster;
    const nodeSecurityGroups = [c.clusterSecurityGroupId, network.dataClientsSecurityGroupId];
    // Nodes stream Session Manager transcripts to the data layer's encrypted log group
    // (constructs/observability/session-logging.ts; the data layer deploys first, so the policy exists).
    new IamRolePolicyAttachment(this, "node-session-logging", {
      role: c.nodeRole.name,
      policyArn: SessionLogging.writerPolicyArn(this, env.account.id, env.name),
    });

    const nodeGroup = (role: "system" | "app") => {
      const cfg = k8s.nodeGroups[role];
      return new ManagedNodeGroup(this, role, {
        clusterName: c.cluster.name,
        nodeGroupName: `${clusterName}-${role}`,
        role,
        nodeRoleArn: c.nodeRole.arn,
        subnetIds: network.privateSubnetIds,
        kubernetesVersion: nodeVersion,
        instanceType: cfg.instanceType,
        minSize: cfg.minSize,
        desiredSize: cfg.desiredSize,
        maxSize: cfg.maxSize,
        rootVolumeSizeGiB: cfg.rootVolumeSizeGiB,
        rootVolumeKmsKeyArn: c.nodeVolumeKey.arn,
        securityGroupIds: nodeSecurityGroups,
        resourceTags: env.tags,
        dependsOn: c.networkingAddons,
      });
    };
    const system = nodeGroup("system");
    const app = nodeGroup("app");
    const spotCfg = k8s.nodeGroups.spot;
    // Stateless work on Spot: tainted so only pods that tolerate an interruption land there.
    const spot = spotCfg.enabled
      ? new ManagedNodeGroup(this, "spot", {
          clusterName: c.cluster.name,
          nodeGroupName: `${clusterName}-spot`,
          role: "spot",
          nodeRoleArn: c.nodeRole.arn,
          subnetIds: network.privateSubnetIds,
          kubernetesVersion: nodeVersion,
          instanceTypes: spotCfg.instanceTypes,
          capacityType: "SPOT",
          minSize: spotCfg.minSize,
          desiredSize: spotCfg.desiredSize,
          maxSize: spotCfg.maxSize,
          rootVolumeSizeGiB: spotCfg.rootVolumeSizeGiB,
          rootVolumeKmsKeyArn: c.nodeVolumeKey.arn,
          securityGroupIds: nodeSecurityGroups,
          taints: [SPOT_TAINT],
          resourceTags: env.tags,
          dependsOn: c.networkingAddons,
        })
      : null;
    const ch = env.clickhouse;
    const clickhouse = new ClickHouseNodeGroups(this, "clickhouse", {
      clusterName: c.cluster.name,
      nodeGroupNamePrefix: clusterName,
      nodeRoleArn: c.nodeRole.arn,
      kubernetesVersion: nodeVersion,
      availabilityZones: env.availabilityZones,
      subnetIdsByZone: network.privateSubnetIds,
      securityGroupIds: nodeSecurityGroups,
      rootVolumeKmsKeyArn: c.nodeVolumeKey.arn,
      shards: ch.shards,
      replicas: ch.replicas,
      instanceType: ch.instanceType,
      storage: ch.storage,
      resourceTags: env.tags,
      dependsOn: c.networkingAddons,
    });
    const allGroups = [system, app, ...(spot ? [spot] : []), ...clickhouse.groups];

    const irsa = { oidcProviderArn: c.oidcProvider.arn, oidcIssuerHost: c.oidcIssuerHost };
    const policyScope = { accountId: env.account.id, region: env.region, clusterName, partition: env.account.partition };
    const ebsCsi = new WorkloadRole(this, "ebs-csi-role", {
      ...irsa,
      roleName: `${clusterName}-ebs-csi`,
      description: "EBS CSI driver: creates, attaches and encrypts volumes",
      serviceAccount: SERVICE_ACCOUNTS.ebsCsiController,
      managedPolicyArns: [Partition.of(this).managedPolicyArn("service-role/AmazonEBSCSIDriverPolicy")],
      policy: ebsCsiKmsPolicy([data.dataKmsKeyArn, c.nodeVolumeKey.arn]),
    });
    new WorkloadAddons(this, "addons", {
      clusterName: c.cluster.name,
      kubernetesVersion: k8s.version,
      ebsCsiRoleArn: ebsCsi.role.arn,
      dependsOn: allGroups.map((g) => g.nodeGroup),
    });

    // CI jobs that need the private API endpoint (platform plans and applies) run on CodeBuild
    // runners inside the VPC; the runner security group may reach the API on 443.
    new GithubRunner(this, "ci-runner", {
      environment: env.name,
      accountId: env.account.id,
      region: env.region,
      githubRepository: network.githubRepository,
      connectionArn: network.githubConnectionArn,
      vpcId: network.vpcId,
      subnetIds: network.privateSubnetIds,
      securityGroupId: network.ciRunnerSecurityGroupId,
      clusterSecurityGroupId: c.clusterSecurityGroupId,
      logRetentionDays: CONTROL_PLANE_LOG_DAYS[env.tier],
      preventDestroy: production,
    });

    const role = (id: keyof ClusterOutputs["workloadRoleArns"], description: string, policy: PolicyDocument) =>
      new WorkloadRole(this, `${id}-role`, {
        ...irsa,
        roleName: `${clusterName}-${SERVICE_ACCOUNTS[id].name}`,
        description,
        serviceAccount: SERVICE_ACCOUNTS[id],
        policy,
      }).role.arn;

    this.outputs = {
      clusterName: c.cluster.name,
      clusterArn: c.cluster.arn,
      clusterEndpoint: c.cluster.endpoint,
      clusterCertificateAuthorityData: c.cluster.certificateAuthority.get(0).data,
      kubernetesVersion: c.cluster.version,
      clusterSecurityGroupId: c.clusterSecurityGroupId,
      oidcProviderArn: c.oidcProvider.arn,
      workloadRoleArns: {
        // The ClickHouse pods' one service account: the backup sidecar and, with tiering, the
        // server's S3 disk.
        clickhouseBackup: role(
          "clickhouseBackup",
          data.coldStorageBucket
            ? "ClickHouse pods: backups to the backups bucket, cold parts in the cold-storage bucket"
            : "ClickHouse backups to the backups bucket",
          data.coldStorageBucket
            ? combinePolicies(
                clickhouseBackupPolicy(data.backupsBucketArn, data.dataKmsKeyArn),
                clickhouseColdStoragePolicy(data.coldStorageBucket.arn, data.dataKmsKeyArn, Partition.of(this).endpoint("s3", env.region)),
              )
            : clickhouseBackupPolicy(data.backupsBucketArn, data.dataKmsKeyArn),
        ),
        loadBalancerController: role("loadBalancerController", "AWS Load Balancer Controller", loadBalancerControllerPolicy(policyScope)),
        // Only with hosted zones to manage: no zone, no role, no external-dns.
        externalDns:
          env.dns.hostedZoneIds.length > 0
            ? role(
                "externalDns",
                "external-dns: Route 53 records in the environment's hosted zones",
                externalDnsPolicy(env.dns.hostedZoneIds, env.account.partition),
              )
            : null,
        clusterAutoscaler: role(
          "clusterAutoscaler",
          "cluster-autoscaler: resizes this cluster's node groups",
          clusterAutoscalerPolicy(policyScope),
        ),
      },
      controlPlaneLogGroupName: c.controlPlaneLogs.logGroup.name,
      nodeGroupNames: {
        system: system.nodeGroup.nodeGroupName,
        app: app.nodeGroup.nodeGroupName,
        spot: spot ? spot.nodeGroup.nodeGroupName : null,
      },
      clickhouseNodeGroupNames: clickhouse.groups.map((g) => g.nodeGroup.nodeGroupName),
      clickhouseNodesPerZone: [...clickhouse.nodesPerZone],
    };
  }
}

/**
 * The node groups' Kubernetes version: `kubernetes.nodeVersion` while an upgrade holds nodes back,
 * else the control plane's (lib/config/rules.ts keeps the two within EKS's version skew).
 */
function nodeVersionOf(env: EnvironmentConfig): string {
  return env.kubernetes.nodeVersion ?? env.kubernetes.version;
}

/** Name patterns of the Identity Center roles of these permission sets, where the account assigns them. */
function identityCenterRoles(env: EnvironmentConfig, sets: readonly PermissionSetName[]) {
  return sets
    .filter((set) => env.account.permissionSets.includes(set))
    .map((set) => ({ nameRegex: identityCenterRoleNamePattern(set), pathPrefix: "/aws-reserved/sso.amazonaws.com/" }));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
