import { git } from "./revision";

/**
 * Files whose change can alter what Terraform does without altering the synthesized JSON, so a
 * change to any of them plans every stack: the Terraform version pin, the cdktf project file, and
 * the CI that runs the plans (the workflows and the scripts they call).
 */
const PLAN_ALL_PATHS: readonly RegExp[] = [/^\.terraform-version$/, /^cdktf\.json$/, /^\.github\/workflows\//, /^\.github\/scripts\//];

/** package-lock entries that pin the providers' code and cdktf itself. */
const PINNED_PACKAGE = /^node_modules\/(cdktf|cdktf-cli|@cdktf\/provider-[^/]+)$/;

interface PackageLock {
  packages?: Record<string, { version?: string }>;
}

/** The pinned versions of cdktf and the providers in one revision's package-lock.json. */
function pinnedVersions(repo: string, commit: string): Map<string, string> {
  let lock: PackageLock;
  try {
    lock = JSON.parse(git(repo, "show", `${commit}:package-lock.json`)) as PackageLock;
  } catch {
    return new Map();
  }
  return new Map(
    Object.entries(lock.packages ?? {}).flatMap(([key, p]) =>
      PINNED_PACKAGE.test(key) ? [[key.slice("node_modules/".length), p.version ?? "?"] as [string, string]] : [],
    ),
  );
}

/**
 * Why every stack must be planned for this change (empty when the synthesized JSON decides): one
 * line per changed trigger file or provider pin.
 */
export function planAllReasons(repo: string, base: string, head: string): string[] {
  const files = git(repo, "diff", "--name-only", base, head).split("\n").filter(Boolean);
  const reasons = files.filter((f) => PLAN_ALL_PATHS.some((re) => re.test(f))).map((f) => `${f} changed`);
  if (files.includes("package-lock.json")) {
    const before = pinnedVersions(repo, base);
    const after = pinnedVersions(repo, head);
    for (const name of [...new Set([...before.keys(), ...after.keys()])].sort()) {
      if (before.get(name) !== after.get(name))
        reasons.push(`${name} ${before.get(name) ?? "(none)"} -> ${after.get(name) ?? "(none)"} in package-lock.json`);
    }
  }
  return reasons;
}
