/**
 * EKS Kubernetes minor versions: release on EKS, end of standard support, end of extended support
 * (UTC dates). Source: Amazon EKS User Guide, "Understand the Kubernetes version lifecycle on EKS",
 * release calendar (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html), cross-checked
 * with endoflife.date/amazon-eks; read 2026-12-02. Standard support lasts 14 months, extended
 * support 12 more (same page). Add a row when EKS releases a minor; never edit past dates.
 * - 1.36 (read 2026-12-07): endoflife.date products/amazon-eks.md at a70eca33 (2026-08-22, its eol/eoes
 *   columns are scraped from the EKS release calendar: released 2026-06-02, standard support to
 *   2027-08-02, extended to 2028-08-02); the EKS User Guide's "Review release notes for Kubernetes
 *   versions on standard support" (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-standard.html)
 *   says "Kubernetes 1.36 is now available in Amazon EKS"; a public runbook records
 *   `aws eks describe-cluster-versions` giving 1.36 standard support until 2027-08-02.
 */
export interface EksVersion {
  readonly released: string;
  readonly endOfStandardSupport: string;
  readonly endOfExtendedSupport: string;
}

export const EKS_VERSIONS: Readonly<Record<string, EksVersion>> = {
  "1.30": { released: "2024-05-23", endOfStandardSupport: "2025-07-23", endOfExtendedSupport: "2026-07-23" },
  "1.31": { released: "2024-09-26", endOfStandardSupport: "2025-11-26", endOfExtendedSupport: "2026-11-26" },
  "1.32": { released: "2025-01-23", endOfStandardSupport: "2026-03-23", endOfExtendedSupport: "2027-03-23" },
  "1.33": { released: "2025-05-29", endOfStandardSupport: "2026-07-29", endOfExtendedSupport: "2027-07-29" },
  "1.34": { released: "2025-10-02", endOfStandardSupport: "2026-12-02", endOfExtendedSupport: "2027-12-02" },
  "1.35": { released: "2026-01-27", endOfStandardSupport: "2027-03-27", endOfExtendedSupport: "2028-03-27" },
  "1.36": { released: "2026-06-02", endOfStandardSupport: "2027-08-02", endOfExtendedSupport: "2028-08-02" },
};

/**
 * Days of standard support production needs left: a quarter gives one planned upgrade
 * (runbooks/eks-upgrade.md) before EKS upgrades the cluster itself under upgradePolicy STANDARD.
 */
export const PRODUCTION_MIN_STANDARD_SUPPORT_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `today` (UTC date of it) until the version's end of standard support. */
export function standardSupportDaysLeft(version: string, today: Date): number | undefined {
  const row = EKS_VERSIONS[version];
  return row ? standardSupportDaysLeftOf(row, today) : undefined;
}

/** The same for a calendar row already looked up. */
export function standardSupportDaysLeftOf(row: EksVersion, today: Date): number {
  const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Math.round((Date.parse(`${row.endOfStandardSupport}T00:00:00Z`) - start) / DAY_MS);
}

/** Released versions (on `today`) with at least `minDays` of standard support left, oldest first. */
export function versionsWithStandardSupport(today: Date, minDays: number): string[] {
  return Object.entries(EKS_VERSIONS)
    .filter(([, row]) => Date.parse(`${row.released}T00:00:00Z`) <= today.getTime())
    .filter(([, row]) => standardSupportDaysLeftOf(row, today) >= minDays)
    .map(([v]) => v);
}
