/**
 * Whether a pod's toleration lets it schedule onto a node with a taint, by Kubernetes' own rule
 * (k8s.io/api core/v1 `Toleration.ToleratesTaint`, toleration.go; Kubernetes docs "Taints and
 * Tolerations", read 2026-12-07): an empty effect matches every effect; an empty key with
 * `Exists` matches every taint; `Exists` ignores the value; `Equal` (the default) compares it.
 */
export interface Taint {
  readonly key: string;
  readonly value?: string;
  /** Kubernetes spelling: NoSchedule, PreferNoSchedule, NoExecute. */
  readonly effect: string;
}

export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
}

export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  const operator = toleration.operator ?? "Equal";
  if (operator === "Exists") return true;
  return operator === "Equal" && (toleration.value ?? "") === (taint.value ?? "");
}

/** EKS node group taint effects (`NO_SCHEDULE`) in Kubernetes spelling (`NoSchedule`). */
export function kubernetesEffect(eksEffect: string): string {
  return { NO_SCHEDULE: "NoSchedule", NO_EXECUTE: "NoExecute", PREFER_NO_SCHEDULE: "PreferNoSchedule" }[eksEffect] ?? eksEffect;
}
