/**
 * CPU architecture from an EC2 instance type's name: Graviton (arm64) families have a `g` right
 * after the generation digit (m7g, r6gd, im4gn, x2gd, c7gn; EC2 User Guide, "Amazon EC2 instance
 * type naming conventions", read 2026-12-07). The same rule holds for RDS (`db.r7g`) and MSK
 * (`kafka.m7g`) names once the service prefix is dropped.
 */
export function isGraviton(instanceType: string): boolean {
  const parts = instanceType.split(".");
  const family = (parts.length === 3 ? parts[1] : parts[0]) ?? "";
  return /^[a-z]+\d+g/.test(family);
}

export type Architecture = "arm64" | "x86_64";

export function architectureOf(instanceType: string): Architecture {
  return isGraviton(instanceType) ? "arm64" : "x86_64";
}
