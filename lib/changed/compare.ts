import * as fs from "node:fs";
import { readManifest, type SynthesizedStack } from "../synth-output";

/** `no base`: the base did not synthesize, so there is nothing to compare with. */
export type StackChange = "added" | "modified" | "removed" | "unchanged" | "no base";

/** One stack of the head (or a removed one of the base) and how its synthesized Terraform changed. */
export interface ChangedStack {
  readonly stack: string;
  readonly change: StackChange;
  readonly dependencies: readonly string[];
}

/** A stack's Terraform JSON without cdktf's metadata block (`//`), which is not Terraform. */
function terraformOf(file: string): string {
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  delete json["//"];
  return JSON.stringify(json);
}

/**
 * Stacks in deploy order: a stack comes after every stack it depends on (manifest dependencies),
 * then by name, so stacks that can deploy together sit together.
 */
export function deployOrder<T extends { stack: string; dependencies: readonly string[] }>(stacks: readonly T[]): T[] {
  const byName = new Map(stacks.map((s) => [s.stack, s]));
  const depth = new Map<string, number>();
  const depthOf = (name: string, seen: readonly string[]): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    if (seen.includes(name)) throw new Error(`manifest.json: stacks depend on each other in a cycle: ${[...seen, name].join(" -> ")}`);
    const deps = byName.get(name)?.dependencies.filter((d) => byName.has(d)) ?? [];
    const d = deps.length === 0 ? 0 : 1 + Math.max(...deps.map((dep) => depthOf(dep, [...seen, name])));
    depth.set(name, d);
    return d;
  };
  return [...stacks].sort((a, b) => depthOf(a.stack, []) - depthOf(b.stack, []) || a.stack.localeCompare(b.stack));
}

/**
 * Every stack of both synth outputs, in deploy order, with how its synthesized Terraform changed
 * from base to head (byte comparison of the canonical JSON cdktf writes, metadata left out).
 */
export function compareStacks(baseOut: string, headOut: string): ChangedStack[] {
  const base = new Map(readManifest(baseOut).map((s) => [s.name, s]));
  const head = readManifest(headOut);
  const changeOf = (s: SynthesizedStack): StackChange => {
    const before = base.get(s.name);
    if (!before) return "added";
    return terraformOf(before.file) === terraformOf(s.file) ? "unchanged" : "modified";
  };
  const stacks: ChangedStack[] = head.map((s) => ({ stack: s.name, change: changeOf(s), dependencies: s.dependencies }));
  const headNames = new Set(head.map((s) => s.name));
  for (const s of base.values())
    if (!headNames.has(s.name)) stacks.push({ stack: s.name, change: "removed", dependencies: s.dependencies });
  return deployOrder(stacks);
}
