import { PARTITIONS, partitionOfRegion, type PartitionId } from "../../lib/catalog/partitions";

/**
 * What in a synthesized JSON text hard-codes a partition other than `partition`: an ARN of another
 * partition (`arn:aws:` in GovCloud), or a regional endpoint or principal
 * (`<service>.<region>.<suffix>`) whose suffix is not the partition's DNS suffix. Global service
 * principals (`<service>.amazonaws.com`) are the same in every partition (lib/catalog/partitions.ts)
 * and pass.
 */
export function partitionLeaks(text: string, partition: PartitionId): string[] {
  const leaks: string[] = [];
  for (const m of text.matchAll(/arn:(aws(?:-[a-z]+)*):[a-z0-9-]*:[^"\\\s]*/g)) {
    if (m[1] !== partition) leaks.push(m[0]);
  }
  const suffix = PARTITIONS[partition].dnsSuffix;
  for (const m of text.matchAll(/[a-z0-9-]+\.([a-z]{2}(?:-[a-z]+)+-\d)\.(amazonaws\.com(?:\.cn)?)/g)) {
    if (partitionOfRegion(m[1]!) && m[2] !== suffix) leaks.push(m[0]);
  }
  return [...new Set(leaks)].sort();
}
