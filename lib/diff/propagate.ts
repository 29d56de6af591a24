import type { AttributeChange, ResourceChange } from "./compare";
import { addressOf, lossOf, stripMeta, type Entry } from "./entry";
import { forceNewOf, underAny } from "./force-new";
import { schemaPath } from "./replacement";

type Body = Record<string, unknown>;

/** `${aws_vpc.network_Vpc_1A2B.id}` -> address `aws_vpc.network_Vpc_1A2B`, attribute `id`. */
const REFERENCE = /\$\{[^}]*?\b([a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)/g;

/** Every string leaf of a body, with its path (`vpc_config[0].subnet_ids[1]`). */
function stringLeaves(value: unknown, path: string, out: { path: string; value: string }[] = []): { path: string; value: string }[] {
  if (typeof value === "string") out.push({ path, value });
  else if (Array.isArray(value)) value.forEach((v, i) => stringLeaves(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) stringLeaves(v, path ? `${path}.${k}` : k, out);
  return out;
}

/** Whether an attribute of a resource being replaced is unknown until apply (not a literal of its configuration). */
function unknownAfterReplace(target: Body | undefined, attribute: string): boolean {
  const v = target?.[attribute];
  return v === undefined || (typeof v === "string" && v.includes("${")) || typeof v === "object";
}

/**
 * Terraform replaces a resource whose forcing argument refers to an attribute of a resource that
 * is itself replaced: the new value is unknown at plan time, and an unknown value in a ForceNew
 * argument is a change. A VPC replacement thus carries its subnets, a subnet's its node groups.
 * Repeats until nothing new is replaced, within one stack (other stacks read through remote state).
 */
export function propagateReplacements(changes: readonly ResourceChange[], kept: readonly Entry[]): ResourceChange[] {
  const byAddress = new Map(changes.map((r) => [r.address, r]));
  const bodies = new Map(kept.map((e) => [addressOf(e), e.body]));
  const replaced = new Set(changes.filter((r) => r.kind === "replace").map((r) => r.address));
  for (let grew = replaced.size > 0; grew;) {
    grew = false;
    for (const e of kept) {
      const address = addressOf(e);
      const entry = forceNewOf(e.type);
      if (replaced.has(address) || !entry || entry.source === null) continue;
      const hit = forcedReference(stripMeta(e.body), entry.forceNew, replaced, bodies);
      if (!hit) continue;
      const change: AttributeChange = {
        path: hit.path,
        before: hit.value,
        after: "(known after apply)",
        forcesReplacement: `refers to ${hit.target}, which is replaced`,
      };
      const prev = byAddress.get(address);
      const path = (e.body["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
      const base: ResourceChange = prev ?? {
        stack: e.stack,
        address,
        type: e.type,
        ...(path ? { constructPath: path } : {}),
        kind: "update",
        changes: [],
        ...lossOf(e.type, e.body),
      };
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { replacementUnknown, ...rest } = base;
      byAddress.set(address, { ...rest, kind: "replace", changes: [...base.changes, change] });
      replaced.add(address);
      grew = true;
    }
  }
  return [...byAddress.values()];
}

function forcedReference(body: Body, forceNew: readonly string[], replaced: ReadonlySet<string>, bodies: ReadonlyMap<string, Body>) {
  for (const leaf of stringLeaves(body, "")) {
    if (!underAny(schemaPath(leaf.path), forceNew)) continue;
    for (const m of leaf.value.matchAll(REFERENCE)) {
      const [, target, attribute] = m;
      if (target && attribute && replaced.has(target) && unknownAfterReplace(bodies.get(target), attribute))
        return { path: leaf.path, value: leaf.value, target };
    }
  }
  return undefined;
}
