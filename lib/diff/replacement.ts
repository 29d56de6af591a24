import { forceNewOf, underAny } from "./force-new";
import type { AttributeChange } from "./compare";

/**
 * The CustomizeDiff conditions of force-new.generated.json that the guard can decide from the
 * synthesized values alone, read from the provider source where the table points:
 * - aws_msk_cluster kafka_version: `ForceNewIfChange` when the new version sorts below the old
 *   (internal/service/kafka/cluster.go, semver.LessThan);
 * - aws_eks_cluster encryption_config: `ForceNewIfChange` when it goes from one block to none
 *   ("You cannot disable envelope encryption after enabling it", internal/service/eks/cluster.go).
 * Any other conditional entry is reported as "may force replacement", never silently dropped.
 */
const DECIDABLE: Readonly<Record<string, (c: AttributeChange, path: string) => string | undefined>> = {
  "aws_msk_cluster.kafka_version": (c) =>
    typeof c.before === "string" && typeof c.after === "string" && compareVersions(c.after, c.before) < 0
      ? "kafka_version can only go up (a downgrade replaces the cluster)"
      : undefined,
  "aws_eks_cluster.encryption_config": (c, path) =>
    path === "encryption_config" && c.after === undefined ? "encryption_config cannot be removed once set" : undefined,
};

/** Argument path as the table spells it: list indices and JSON-document paths left out. */
export const schemaPath = (path: string): string => path.replace(/\(json\).*$/, "").replace(/\[\d+\]/g, "");

/** Marks each change that makes Terraform replace the resource, naming the attribute and why. */
export function withReplacement(type: string, change: AttributeChange): AttributeChange {
  const entry = forceNewOf(type);
  if (!entry || entry.source === null) return change;
  const path = schemaPath(change.path);
  const forced = underAny(path, entry.forceNew);
  if (forced) return { ...change, forcesReplacement: forced === path ? "cannot change in place" : `${forced} cannot change in place` };
  const block = entry.blocks.find((b) => b === path && (change.before === undefined || change.after === undefined));
  if (block)
    return { ...change, forcesReplacement: `the ${block} block cannot be ${change.after === undefined ? "removed" : "added"} in place` };
  const conditional = entry.conditional.find((c) => underAny(path, [c.path]));
  if (!conditional) return change;
  const decide = DECIDABLE[`${type}.${conditional.path}`];
  if (decide) {
    const why = decide(change, path);
    return why ? { ...change, forcesReplacement: why } : change;
  }
  return { ...change, mayForceReplacement: `${conditional.via} on ${conditional.path}` };
}

/** Why the guard cannot tell replace from update for a type, if it cannot. */
export function unknownReplacement(type: string): string | undefined {
  const entry = forceNewOf(type);
  if (!entry) return "type not in lib/diff/force-new.generated.json: regenerate it (docs/diff.md)";
  return entry.source === null ? "provider source for this type was not available when the table was generated" : undefined;
}

/**
 * The change of region a resource goes through, as a forcing change: the AWS provider v6 gives
 * every regional resource a `region` argument (default: the provider's) and forces replacement when
 * it changes (hashicorp/terraform-provider-aws internal/provider/sdkv2 forceNewIfRegionChanges,
 * read 2026-12-07). Global types (IAM, Organizations, ...) have no region and are not affected.
 */
export function regionChange(
  type: string,
  before: unknown,
  after: unknown,
  via: string,
): (AttributeChange & { forcesReplacement: string }) | undefined {
  const entry = forceNewOf(type);
  if (!entry?.regional || before === undefined || after === undefined || JSON.stringify(before) === JSON.stringify(after)) return undefined;
  return {
    path: "region",
    before,
    after,
    forcesReplacement: `its region changes (${via}): a regional resource is created anew in the new region`,
  };
}

/** Numeric-aware comparison of dotted versions ("3.9.x" < "3.10.0"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}
