/**
 * Check 2: every `data.terraform_remote_state` a stack reads is the state of a stack applied
 * earlier in the order, and every `.outputs.<name>` the stack references is an output that stack
 * declares. On an empty account a read of a stack not yet applied fails at plan time, and an
 * output it does not declare is an "Unsupported attribute" error.
 */
import type { Finding } from "./finding";
import { outputsOf, type World } from "./world";

const OUTPUT_REFERENCE = /data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g;

export function checkRemoteState(world: World): Finding[] {
  const findings: Finding[] = [];
  for (const stack of world.stacks) {
    const reads = world.resourcesOf(stack).filter((r) => r.mode === "data" && r.type === "terraform_remote_state");
    const sources = new Map(reads.map((r) => [r.name, world.remoteStateSource(r)]));
    for (const read of reads) {
      const source = sources.get(read.name);
      const at = (missing: string, fix: string) =>
        findings.push({ stack: stack.name, address: read.address, missing, fix, check: "remote-state" });
      if (!source)
        at(
          `reads state no stack of the deploy order writes (${JSON.stringify(read.body["config"] ?? {})})`,
          "point the backend config at the state of a stack that is applied earlier",
        );
      else if (source.index >= stack.index)
        at(
          `reads the state of ${source.name}, which is applied ${source.index === stack.index ? "as this same stack" : "later"} in the deploy order`,
          `apply ${source.name} first (move the value to an earlier layer) or stop reading it`,
        );
    }
    const text = JSON.stringify(stack.json);
    const seen = new Set<string>();
    for (const [match, name, output] of text.matchAll(OUTPUT_REFERENCE)) {
      if (name === undefined || output === undefined)
        throw new Error(`internal error: remote-state reference ${match} without name or output`);
      const key = `${name}.${output}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const address = `data.terraform_remote_state.${name}`;
      if (!sources.has(name)) {
        findings.push({
          stack: stack.name,
          address,
          missing: `is referenced (outputs.${output}) but not declared in this stack`,
          fix: "declare the remote-state data source or remove the reference",
          check: "remote-state",
        });
        continue;
      }
      const source = sources.get(name);
      if (source && !(output in outputsOf(source)))
        findings.push({
          stack: stack.name,
          address,
          missing: `outputs.${output} is not an output of ${source.name}`,
          fix: `declare output "${output}" in ${source.name} (a cross-stack reference to the resource) or reference one it declares`,
          check: "remote-state",
        });
    }
  }
  return findings;
}
