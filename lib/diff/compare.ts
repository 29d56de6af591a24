import { addressOf, lossOf, stripMeta, type Entry } from "./entry";
import { providerReferenceOf, providersByReference, regionOf } from "./providers";
import { regionChange, unknownReplacement, withReplacement } from "./replacement";
import { propagateReplacements } from "./propagate";
import type { SynthTree, TfJson } from "./read";
import { required } from "../defined";

export { compareVersions } from "./replacement";

/** One argument that differs, at leaf level (`vpc_config[0].subnet_ids`). */
export interface AttributeChange {
  readonly path: string;
  /** Absent when the argument is new. */
  readonly before?: unknown;
  /** Absent when the argument was removed. */
  readonly after?: unknown;
  /** Set when the change makes Terraform replace the resource; says why. */
  readonly forcesReplacement?: string;
  /** Set when the provider decides at plan time whether this change replaces the resource. */
  readonly mayForceReplacement?: string;
  /** Set when the change removes a guard against deletion (prevent_destroy, deletion_protection…). */
  readonly weakensProtection?: string;
}

/** Arguments that guard against deletion, and the value that means "guarded". */
const PROTECTIONS: readonly { path: string; guarded: (v: unknown) => boolean; what: string }[] = [
  { path: "lifecycle.prevent_destroy", guarded: (v) => v === true, what: "Terraform will no longer refuse to destroy it" },
  { path: "deletion_protection", guarded: (v) => v === true, what: "AWS will no longer refuse to delete it" },
  { path: "skip_final_snapshot", guarded: (v) => v !== true, what: "deleting it will take no final snapshot" },
  { path: "force_destroy", guarded: (v) => v !== true, what: "destroying it will delete every object in it" },
];

export type ChangeKind = "create" | "destroy" | "update" | "replace";

export interface ResourceChange {
  readonly stack: string;
  /** Terraform address, `<type>.<logical id>`. */
  readonly address: string;
  readonly type: string;
  /** Construct path recorded by cdktf (the thing a rename changes). */
  readonly constructPath?: string;
  readonly kind: ChangeKind;
  readonly changes: readonly AttributeChange[];
  /** True for resources whose destroy or replacement loses data or a cluster (the resource catalog, via destructive.ts). */
  readonly stateful: boolean;
  /** What a destroy or replacement of it loses (the resource catalog, via destructive.ts), when stateful. */
  readonly loses?: string;
  /** Set on an update when the force-new table cannot tell whether it is really a replacement. */
  readonly replacementUnknown?: string;
  /** For a destroy paired with a create that looks like the same resource under a new id. */
  readonly renamedTo?: { readonly stack: string; readonly address: string; readonly constructPath?: string };
  /** For the create side of such a pair. */
  readonly renamedFrom?: { readonly stack: string; readonly address: string; readonly constructPath?: string };
}

export interface StackDiff {
  readonly stack: string;
  readonly status: "added" | "removed" | "changed" | "unchanged";
  readonly resources: readonly ResourceChange[];
  /** Changes outside resources: backend, providers, outputs, variables (paths). */
  readonly settings: readonly AttributeChange[];
}

export interface DiffResult {
  readonly stacks: readonly StackDiff[];
  /** Resources whose loss is destructive (the resource catalog, via destructive.ts) that would be destroyed or replaced: what the guard refuses. */
  readonly destructive: readonly ResourceChange[];
}

type Body = Record<string, unknown>;

/** Compares two synthesized outputs stack by stack. */
export function diffSynth(base: SynthTree, head: SynthTree): DiffResult {
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  const creates: Entry[] = [];
  const destroys: Entry[] = [];
  const perStack = new Map<string, ResourceChange[]>();
  const settings = new Map<string, AttributeChange[]>();

  for (const stack of names) {
    const before = base.get(stack) ?? {};
    const after = head.get(stack) ?? {};
    const list: ResourceChange[] = [];
    settings.set(stack, diffSettings(before, after));
    const b = resourcesOf(stack, before);
    const a = resourcesOf(stack, after);
    const providers = { before: providersByReference(before), after: providersByReference(after) };
    for (const [address, entry] of b) {
      const next = a.get(address);
      if (!next) destroys.push(entry);
      else {
        const change = compareResource(entry, next, providers);
        if (change) list.push(change);
      }
    }
    for (const [address, entry] of a) if (!b.has(address)) creates.push(entry);
    perStack.set(
      stack,
      propagateReplacements(
        list,
        [...a.values()].filter((e) => b.has(addressOf(e))),
      ),
    );
  }

  const pairs = pairRenames(destroys, creates);
  for (const entry of destroys) {
    const to = pairs.get(entry);
    required(perStack.get(entry.stack), `stack ${entry.stack}`).push({
      ...describe(entry, "destroy"),
      ...(to ? { renamedTo: { stack: to.stack, address: addressOf(to), ...pathOf(to) } } : {}),
    });
  }
  const renamedFrom = new Map([...pairs].map(([from, to]) => [to, from]));
  for (const entry of creates) {
    const from = renamedFrom.get(entry);
    required(perStack.get(entry.stack), `stack ${entry.stack}`).push({
      ...describe(entry, "create"),
      ...(from ? { renamedFrom: { stack: from.stack, address: addressOf(from), ...pathOf(from) } } : {}),
    });
  }

  const stacks: StackDiff[] = names.map((stack) => {
    const resources = required(perStack.get(stack), `stack ${stack}`).sort((x, y) => x.address.localeCompare(y.address));
    const stackSettings = required(settings.get(stack), `settings of stack ${stack}`);
    const status = !base.has(stack)
      ? "added"
      : !head.has(stack)
        ? "removed"
        : resources.length + stackSettings.length > 0
          ? "changed"
          : "unchanged";
    return { stack, status, resources, settings: stackSettings };
  });
  const destructive = stacks.flatMap((s) => s.resources.filter((r) => r.stateful && (r.kind === "destroy" || r.kind === "replace")));
  return { stacks, destructive };
}

function resourcesOf(stack: string, json: TfJson): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) out.set(`${type}.${name}`, { stack, type, name, body: body as Body });
  }
  return out;
}

const constructPathOf = (body: Body): string | undefined => (body["//"] as { metadata?: { path?: string } } | undefined)?.metadata?.path;
const pathOf = (e: Entry) => {
  const p = constructPathOf(e.body);
  return p ? { constructPath: p } : {};
};

function describe(e: Entry, kind: "create" | "destroy"): ResourceChange {
  return { stack: e.stack, address: addressOf(e), type: e.type, ...pathOf(e), kind, changes: [], ...lossOf(e.type, e.body) };
}

type Providers = { before: Record<string, Body>; after: Record<string, Body> };

function compareResource(before: Entry, after: Entry, providers: Providers): ResourceChange | undefined {
  let changes = diffValues(stripMeta(before.body), stripMeta(after.body), "").map((c) => withReplacement(after.type, c));
  const via = `provider ${providerReferenceOf(after.type, after.body)}`;
  const region = regionChange(
    after.type,
    regionOf(before.type, before.body, providers.before),
    regionOf(after.type, after.body, providers.after),
    via,
  );
  if (region)
    changes = changes.some((c) => c.path === "region")
      ? changes.map((c) => (c.path === "region" ? { ...c, forcesReplacement: region.forcesReplacement } : c))
      : [region, ...changes];
  changes = withProtection(before.body, after.body, changes);
  if (changes.length === 0) return undefined;
  const kind: ChangeKind = changes.some((c) => c.forcesReplacement) ? "replace" : "update";
  const unknown = kind === "update" ? unknownReplacement(after.type) : undefined;
  return {
    stack: after.stack,
    address: addressOf(after),
    type: after.type,
    ...pathOf(after),
    kind,
    changes,
    ...lossOf(before.type, before.body),
    ...(unknown ? { replacementUnknown: unknown } : {}),
  };
}

/** The value at a dotted path (blocks given as one-element lists are looked through). */
function valueAt(body: unknown, dotted: string): unknown {
  return dotted.split(".").reduce<unknown>((v, k) => {
    const obj = Array.isArray(v) ? v[0] : v;
    return isObject(obj) ? obj[k] : undefined;
  }, body);
}

/** Marks the change that removes a deletion guard, whether the argument or its whole block went. */
function withProtection(before: Body, after: Body, changes: AttributeChange[]): AttributeChange[] {
  return changes.map((c) => {
    const rule = PROTECTIONS.find(
      (p) =>
        (p.path === c.path || p.path.startsWith(`${c.path}.`)) && p.guarded(valueAt(before, p.path)) && !p.guarded(valueAt(after, p.path)),
    );
    return rule ? { ...c, weakensProtection: rule.what } : c;
  });
}

const isObject = (v: unknown): v is Body => typeof v === "object" && v !== null && !Array.isArray(v);
const isScalarList = (v: unknown): v is unknown[] => Array.isArray(v) && v.every((x) => typeof x !== "object" || x === null);

function parseDocument(v: unknown): unknown {
  if (typeof v !== "string" || !/^\s*[[{]/.test(v)) return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return undefined;
  }
}

/** Leaf-level differences between two JSON values. */
export function diffValues(before: unknown, after: unknown, path: string): AttributeChange[] {
  if (before === undefined && after === undefined) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffValues(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(before) && Array.isArray(after) && !(isScalarList(before) && isScalarList(after))) {
    const out: AttributeChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) out.push(...diffValues(before[i], after[i], `${path}[${i}]`));
    return out;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  // JSON documents in strings (IAM and key policies, helm values) are compared structurally.
  const docBefore = parseDocument(before);
  const docAfter = parseDocument(after);
  if (docBefore !== undefined && docAfter !== undefined) return diffValues(docBefore, docAfter, `${path}(json)`);
  return [{ path, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) }];
}

function diffSettings(before: TfJson, after: TfJson): AttributeChange[] {
  // Providers by alias (`aws`, `aws.audit`), as Terraform matches them, never by list position.
  const pick = (j: TfJson) => ({
    terraform: j.terraform,
    provider: j.provider ? providersByReference(j) : undefined,
    output: j.output,
    variable: j.variable,
  });
  return diffValues(pick(before), pick(after), "");
}

/**
 * Pairs destroyed and created resources that look like the same thing under a new construct id
 * (or in another stack): same type and mostly the same arguments. Terraform still sees destroy +
 * create; the pairing only explains why.
 */
function pairRenames(destroys: readonly Entry[], creates: readonly Entry[]): Map<Entry, Entry> {
  const pairs = new Map<Entry, Entry>();
  const taken = new Set<Entry>();
  const candidates: { from: Entry; to: Entry; score: number }[] = [];
  for (const from of destroys) {
    for (const to of creates) {
      if (to.type !== from.type) continue;
      const score = similarity(stripMeta(from.body), stripMeta(to.body)) + (to.stack === from.stack ? 0.01 : 0);
      if (score >= 0.75) candidates.push({ from, to, score });
    }
  }
  candidates.sort((x, y) => y.score - x.score || addressOf(x.from).localeCompare(addressOf(y.from)));
  for (const { from, to } of candidates) {
    if (pairs.has(from) || taken.has(to)) continue;
    pairs.set(from, to);
    taken.add(to);
  }
  return pairs;
}

/** Share of leaf arguments equal on both sides (1 = identical). */
function similarity(a: Body, b: Body): number {
  const leaves = (v: unknown, p: string, out: Map<string, string>) => {
    if (isObject(v)) for (const [k, x] of Object.entries(v)) leaves(x, `${p}.${k}`, out);
    else if (Array.isArray(v) && !isScalarList(v)) v.forEach((x, i) => leaves(x, `${p}[${i}]`, out));
    else out.set(p, JSON.stringify(v));
    return out;
  };
  const la = leaves(a, "", new Map());
  const lb = leaves(b, "", new Map());
  const all = new Set([...la.keys(), ...lb.keys()]);
  if (all.size === 0) return 1;
  let same = 0;
  for (const k of all) if (la.get(k) === lb.get(k)) same++;
  return same / all.size;
}
