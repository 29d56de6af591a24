import type { IConstruct } from "constructs";
import { required } from "../../lib/defined";
import { PropsProblems } from "../kit/validation";

/**
 * cluster-autoscaler image per Kubernetes minor: the autoscaler's minor must match the cluster's
 * (kubernetes/autoscaler README, "Releases"). Latest patch tags of kubernetes/autoscaler
 * (`cluster-autoscaler-1.x.y`) as of 2026-08-22; 1.36: the cluster-autoscaler-1.36.1 release notes of
 * kubernetes/autoscaler list the image `registry.k8s.io/autoscaling/cluster-autoscaler:v1.36.1` (read 2026-12-07).
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS: Readonly<Record<string, string>> = {
  "1.32": "v1.32.7",
  "1.33": "v1.33.6",
  "1.34": "v1.34.5",
  "1.35": "v1.35.2",
  "1.36": "v1.36.1",
};

/** The image tag for a cluster's Kubernetes minor ("1.34"); a minor with no entry is reported against `scope`. */
export function clusterAutoscalerImageTag(scope: IConstruct, kubernetesVersion: string): string {
  const tag = CLUSTER_AUTOSCALER_IMAGE_TAGS[kubernetesVersion];
  new PropsProblems(scope)
    .require(
      tag !== undefined,
      "kubernetesVersion",
      kubernetesVersion,
      `a minor with a cluster-autoscaler image (${Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS).join(", ")}); for another, add the ` +
        "matching tag to constructs/platform/cluster-autoscaler-image.ts",
    )
    .throwIfAny();
  return required(tag, `the cluster-autoscaler image of ${kubernetesVersion} (checked above)`);
}
