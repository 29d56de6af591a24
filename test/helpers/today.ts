import { EKS_VERSIONS, standardSupportDaysLeft } from "../../lib/config/eks-versions";
import type { EnvironmentConfig } from "../../lib/config/model";

/**
 * The date tests load configuration on when they do not pass their own `today` (test/setup.ts
 * supplies it to loadPlatformConfig). Why a fixed date: the loader refuses a production Kubernetes
 * version with under 90 days of EKS standard support left, measured from `today`. Measured from the
 * wall clock, that rule would make every test that loads the shipped environments fail on one
 * calendar day with no code change, burying the one message that matters. Instead:
 * - `npm run synth`, `cdktf deploy` and every tool still measure from the real date (nothing outside
 *   jest sees this default);
 * - test/config/eks-versions.test.ts checks the shipped production versions against the real date
 *   with a 30-day head start, as one named failing test telling what to do;
 * - tests about the rule itself pass their own dates.
 * Any date works here as long as it is fixed; this is the day the arrangement was made.
 */
export const TEST_TODAY = new Date("2026-12-07T12:00:00Z");

/**
 * Production environments whose Kubernetes version has fewer than `minDays` of EKS standard support
 * left on `today`, one line each naming the file, the version, the days left and the fix.
 */
export function shortSupportRunway(environments: readonly EnvironmentConfig[], today: Date, minDays: number): string[] {
  const day = today.toISOString().slice(0, 10);
  return environments
    .filter((e) => e.tier === "production")
    .flatMap((e) => {
      const version = e.kubernetes.version;
      const left = standardSupportDaysLeft(version, today);
      if (left === undefined || left >= minDays) return [];
      return [
        `${e.file}: kubernetes.version ${version} has ${left} days of EKS standard support left on ${day} ` +
          `(ends ${EKS_VERSIONS[version]!.endOfStandardSupport}), under ${minDays}: upgrade it now with runbooks/eks-upgrade.md, ` +
          `before the loader refuses it and every synth and deploy fails`,
      ];
    });
}
