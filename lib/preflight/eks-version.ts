/**
 * docs/reference/deploy-constraints.md row 9: EKS gives a minor version 14 months of standard support, then upgrades
 * a cluster with upgradePolicy STANDARD by itself, and the control plane moves under Terraform.
 * Uses the config rule's calendar and threshold (lib/config/eks-versions.ts), so the preflight and
 * `checkEnvironment` agree on the same date.
 */
import {
  EKS_VERSIONS,
  PRODUCTION_MIN_STANDARD_SUPPORT_DAYS,
  standardSupportDaysLeftOf,
  versionsWithStandardSupport,
} from "../config/eks-versions";
import type { PreflightContext } from "./context";
import type { Finding } from "./finding";
import type { World } from "./world";

export function checkEksVersions(world: World, context: PreflightContext): Omit<Finding, "check">[] {
  const day = context.today.toISOString().slice(0, 10);
  const known = Object.keys(EKS_VERSIONS).join(", ");
  return [...world.resources("aws_eks_cluster"), ...world.resources("aws_eks_node_group")].flatMap((r) => {
    const at = (missing: string, fix: string) => [{ stack: r.stack.name, address: r.address, missing, fix }];
    const raw = r.body["version"];
    // Without a version a node group takes the cluster's; the config always sets the cluster's.
    if (raw === undefined) return [];
    const resolved = world.resolve(r.stack, raw);
    if (resolved?.kind !== "literal")
      return r.type === "aws_eks_node_group"
        ? []
        : at(
            `version ${JSON.stringify(raw)} is an expression the preflight cannot evaluate`,
            "set version to a literal from lib/config/eks-versions.ts",
          );
    const version = resolved.value;
    const calendar = EKS_VERSIONS[version];
    if (!calendar)
      return at(
        `version ${version} is not in the EKS calendar lib/config/eks-versions.ts (${known})`,
        "use a version from the calendar, or add the release's row there with its dates",
      );
    const tier = context.environments.find((e) => e.name === r.stack.environment)?.tier;
    const left = standardSupportDaysLeftOf(calendar, context.today);
    if (tier !== "production" || left >= PRODUCTION_MIN_STANDARD_SUPPORT_DAYS) return [];
    const allowed = versionsWithStandardSupport(context.today, PRODUCTION_MIN_STANDARD_SUPPORT_DAYS);
    return at(
      `production version ${version} has ${left} days of EKS standard support left on ${day} (ends ${calendar.endOfStandardSupport}), under the ${PRODUCTION_MIN_STANDARD_SUPPORT_DAYS} production needs; EKS upgrades it by itself after that`,
      `set kubernetes.version of environment ${r.stack.environment} to ${allowed.length > 0 ? allowed.join(" or ") : "a newer release (add it to lib/config/eks-versions.ts)"}`,
    );
  });
}
