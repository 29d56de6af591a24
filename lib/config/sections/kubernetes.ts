import { z } from "zod";
import type { DeepRequired, TierDefaults } from "../types";
import { count, ec2InstanceType } from "./common";

const nodeGroupInput = z.strictObject({
  /** Instance type of the group. */
  instanceType: ec2InstanceType.optional(),
  /** Nodes per group, spread over the environment's availability zones. */
  minSize: count(1, 450).optional(),
  desiredSize: count(1, 450).optional(),
  maxSize: count(1, 450).optional(),
  /** Encrypted gp3 root volume size. */
  rootVolumeSizeGiB: count(20, 1000).optional(),
});

/**
 * Spot capacity for stateless workloads: one managed node group of several same-architecture types
 * (Spot pools of more types are interrupted less often). Nodes carry the `capacity=spot:NoSchedule`
 * taint: only pods that tolerate it (stateless deployments) land there, never ClickHouse, Keeper or
 * the Kafka consumers.
 */
const spotNodeGroupInput = z.strictObject({
  /** Default: true in production, false in staging. */
  enabled: z.boolean().optional(),
  /** Instance types, all Graviton or all x86 (one AMI type per group), at least two. */
  instanceTypes: z.array(ec2InstanceType).min(2).max(20).optional(),
  minSize: count(0, 450).optional(),
  desiredSize: count(0, 450).optional(),
  maxSize: count(1, 450).optional(),
  rootVolumeSizeGiB: count(20, 1000).optional(),
});

export const kubernetesInput = z.strictObject({
  /** EKS Kubernetes minor version, for example "1.36". Default: the tier's tested version; production needs 90 days of standard support left (lib/config/eks-versions.ts). */
  version: z
    .string()
    .regex(/^1\.\d{2}$/, "a Kubernetes minor version such as 1.36")
    .optional(),
  /**
   * Kubernetes minor version of the node groups, when it should differ from `version`: during an
   * upgrade, set it to the old version to move the control plane and add-ons first, then remove it
   * to roll the nodes; set it back to roll nodes back (runbooks/eks-upgrade.md). At most three minors
   * behind `version`, never ahead. Default: null (nodes follow `version`).
   */
  nodeVersion: z
    .string()
    .regex(/^1\.\d{2}$/, "a Kubernetes minor version such as 1.34")
    .nullable()
    .optional(),
  /**
   * Private CIDR blocks (VPN, CI runners, peered VPCs) allowed to reach the private Kubernetes API
   * endpoint on port 443. Nodes reach it without this. Default: none.
   */
  apiAccessCidrs: z.array(z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, "an IPv4 CIDR block such as 10.100.0.0/16")).optional(),
  /**
   * EKS upgrade policy. STANDARD ends support on schedule (the cluster is upgraded for you);
   * EXTENDED costs $0.60/h instead of $0.10/h. Default: STANDARD.
   */
  supportType: z.enum(["STANDARD", "EXTENDED"]).optional(),
  /** Node groups for platform add-ons (`system`), the application (`app`) and stateless work on Spot (`spot`). */
  nodeGroups: z
    .strictObject({ system: nodeGroupInput.optional(), app: nodeGroupInput.optional(), spot: spotNodeGroupInput.optional() })
    .optional(),
});
export type KubernetesConfig = DeepRequired<z.input<typeof kubernetesInput>>;
export type NodeGroupConfig = KubernetesConfig["nodeGroups"]["system"];
export type SpotNodeGroupConfig = KubernetesConfig["nodeGroups"]["spot"];

/**
 * x86 types of similar size for the Spot group: three families, so one pool's shortage is not the
 * group's. x86 because the workloads that would tolerate Spot (the application's stateless
 * services) are deployed outside this repository and their images' arm64 support is not known
 * here; an environment whose Spot workloads ship arm64 images can list Graviton types instead.
 */
const SPOT_TYPES = ["m6i.xlarge", "m6a.xlarge", "m5.xlarge"];

/**
 * System and app nodes stay x86: platform add-ons run on them without an architecture selector, and
 * not every pinned image has a verified arm64 manifest (altinity/clickhouse-keeper among them; the
 * ClickHouse server and clickhouse-backup images do, so ClickHouse nodes may be Graviton).
 */

export const kubernetesDefaults: TierDefaults<KubernetesConfig> = {
  production: {
    version: "1.36",
    nodeVersion: null,
    apiAccessCidrs: [],
    supportType: "STANDARD",
    nodeGroups: {
      system: { instanceType: "m6i.large", minSize: 3, desiredSize: 3, maxSize: 6, rootVolumeSizeGiB: 50 },
      app: { instanceType: "m6i.xlarge", minSize: 3, desiredSize: 3, maxSize: 30, rootVolumeSizeGiB: 50 },
      spot: { enabled: true, instanceTypes: SPOT_TYPES, minSize: 0, desiredSize: 3, maxSize: 30, rootVolumeSizeGiB: 50 },
    },
  },
  staging: {
    version: "1.36",
    nodeVersion: null,
    apiAccessCidrs: [],
    supportType: "STANDARD",
    nodeGroups: {
      system: { instanceType: "m6i.large", minSize: 3, desiredSize: 3, maxSize: 4, rootVolumeSizeGiB: 50 },
      app: { instanceType: "m6i.large", minSize: 3, desiredSize: 3, maxSize: 6, rootVolumeSizeGiB: 50 },
      spot: { enabled: false, instanceTypes: SPOT_TYPES, minSize: 0, desiredSize: 0, maxSize: 6, rootVolumeSizeGiB: 50 },
    },
  },
};
