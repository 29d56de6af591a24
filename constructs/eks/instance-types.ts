/**
 * What an EC2 instance type name says about the node: CPU architecture (for the EKS AMI type) and
 * whether it has local NVMe instance storage.
 */

import { isGraviton } from "../../lib/catalog/architecture";

export { isGraviton };

const family = (instanceType: string): string => instanceType.split(".")[0] ?? "";

/**
 * Families with NVMe instance store: the storage-optimised i3, i3en, i4i, i4g, i7i, i7ie, i8g,
 * im4gn, is4gen, and any family with a `d` attribute after the generation (m6id, r6gd, c7gd, x2idn).
 * Source: EC2 User Guide, "Instance store volume limits for EC2 instances".
 */
export function hasInstanceStore(instanceType: string): boolean {
  const f = family(instanceType);
  if (/^(i\d|im\d|is\d)/.test(f)) return true;
  const attributes = /^[a-z]+\d+([a-z-]*)$/.exec(f)?.[1] ?? "";
  return attributes.includes("d");
}

/** The AL2023 EKS-optimised AMI type for the instance type's architecture. */
export function amiTypeFor(instanceType: string): "AL2023_ARM_64_STANDARD" | "AL2023_x86_64_STANDARD" {
  return isGraviton(instanceType) ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD";
}
