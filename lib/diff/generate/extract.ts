import * as path from "node:path";
import { entry, type GoPackage } from "./evaluate";
import type { Expr, GoFunc } from "./go-parse";

/** What the provider source says forces a new resource of one type. */
export interface ForceNewEntry {
  /** Argument paths (dot-separated, list indices left out) whose change forces replacement. */
  readonly forceNew: string[];
  /**
   * SDKv2 nested blocks marked ForceNew: adding or removing the block forces replacement; what is
   * inside follows its own ForceNew (terraform-plugin-sdk helper/schema/schema.go diffList gives
   * the block's ForceNew to its count `<block>.#` only, and to the elements of a primitive list).
   */
  readonly blocks: string[];
  /**
   * Paths that force replacement only under a condition the provider checks at plan time
   * (SDKv2 CustomizeDiff `ForceNewIfChange`/`ForceNewIf`/`d.ForceNew`, framework `RequiresReplaceIf`).
   */
  readonly conditional: { readonly path: string; readonly via: string }[];
  /** Source file the schema was read from, relative to the provider checkout. */
  readonly source: string;
}

const isTrue = (e: Expr | undefined) => e?.kind === "name" && e.text === "true";

/** SDKv2: walks `Schema` (or `SchemaFunc`) of a `schema.Resource` literal, nested `Elem` resources included. */
export function sdkForceNew(
  pkg: GoPackage,
  resource: Expr,
  prefix = "",
  out: Pick<ForceNewEntry, "forceNew" | "blocks"> = { forceNew: [], blocks: [] },
): Pick<ForceNewEntry, "forceNew" | "blocks"> {
  let schemaMap = entry(resource, "Schema", pkg);
  const schemaFunc = entry(resource, "SchemaFunc", pkg);
  if (!schemaMap && schemaFunc?.kind === "func") schemaMap = pkg.call(schemaFunc.params, schemaFunc.body, [], 0);
  if (schemaMap?.kind !== "composite") return out;
  for (const { key, value } of schemaMap.entries) {
    const name = pkg.stringOf(key);
    if (name === undefined || value.kind !== "composite") continue;
    const elem = entry(value, "Elem", pkg);
    const nested = elem?.kind === "composite" && /Resource$/.test(elem.type);
    if (isTrue(entry(value, "ForceNew", pkg))) (nested ? out.blocks : out.forceNew).push(`${prefix}${name}`);
    if (nested) sdkForceNew(pkg, elem, `${prefix}${name}.`, out);
  }
  return out;
}

/** Plugin framework: attributes and blocks whose plan modifiers require replacement. */
export function frameworkForceNew(pkg: GoPackage, object: Expr, prefix: string, out: ForceNewEntry): void {
  for (const group of ["Attributes", "Blocks"]) {
    const members = entry(object, group, pkg);
    if (members?.kind !== "composite") continue;
    for (const { key, value } of members.entries) {
      const name = pkg.stringOf(key);
      if (name === undefined || value.kind !== "composite") continue;
      const modifiers = entry(value, "PlanModifiers", pkg);
      for (const m of modifiers?.kind === "composite" ? modifiers.entries : []) {
        const callee = m.value.kind === "call" ? m.value.callee.split(".").pop() : undefined;
        if (callee === "RequiresReplace" || callee === "RequiresReplaceIfConfigured") out.forceNew.push(`${prefix}${name}`);
        else if (callee === "RequiresReplaceIf") out.conditional.push({ path: `${prefix}${name}`, via: "RequiresReplaceIf" });
      }
      const nested =
        entry(value, "NestedObject", pkg) ?? (entry(value, "Attributes", pkg) || entry(value, "Blocks", pkg) ? value : undefined);
      if (nested) frameworkForceNew(pkg, nested, `${prefix}${name}.`, out);
    }
  }
}

const CONDITIONAL = /(ForceNewIfChange|ForceNewIf|\.ForceNew)\(\s*("([^"]+)"|names\.(\w+))/g;

/** CustomizeDiff calls that force replacement under a condition, found in the resource's file. */
export function conditionalForceNew(pkg: GoPackage, fileText: string): { path: string; via: string }[] {
  const found = new Map<string, string>();
  for (const m of fileText.matchAll(CONDITIONAL)) {
    const attr = m[3] ?? pkg.stringOf({ kind: "name", text: `names.${m[4]}` });
    if (!attr || attr === "region") continue; // region: see forceNewIfRegionChanges, recorded once for the provider
    const via = m[1] === ".ForceNew" ? "CustomizeDiff d.ForceNew" : `CustomizeDiff customdiff.${m[1]}`;
    found.set(attr.replace(/\.\d+(?=\.|$)/g, ""), via); // `compute_config.0.node_role_arn` -> `compute_config.node_role_arn`
  }
  return [...found].map(([p, via]) => ({ path: p, via }));
}

/** The schema of a framework resource type: what its `Schema` method assigns to `resp.Schema`. */
export function frameworkSchema(pkg: GoPackage, receiver: string): Expr | undefined {
  const method = pkg.methods.get(`${receiver}.Schema`);
  return method ? pkg.assignedField(method.body, "Schema") : undefined;
}

/** One resource type found in a provider's source. */
export interface LocatedType {
  readonly type: string;
  readonly style: "sdkv2" | "framework";
  readonly fn?: GoFunc;
  readonly receiver?: string;
  readonly file: string;
}

/**
 * Finds resource types in a package, the three ways the pinned providers register them:
 * - AWS: an annotation above the factory, `// @SDKResource("aws_vpc", ...)` or `// @FrameworkResource(...)`;
 * - SDKv2 providers: `ResourcesMap: map[string]*schema.Resource{"kubernetes_x": factory(), ...}`;
 * - framework providers: `resp.TypeName = req.ProviderTypeName + "_release"` in a Metadata method.
 */
export function locateTypes(pkg: GoPackage, providerName: string, root: string): LocatedType[] {
  const out: LocatedType[] = [];
  const rel = (f: string) => path.relative(root, f).split(path.sep).join("/");
  for (const fn of [...pkg.funcs.values(), ...pkg.methods.values()]) {
    for (const line of fn.doc) {
      const [, kind, type] = /^@(SDKResource|FrameworkResource)\("(\w+)"/.exec(line) ?? [];
      if (type === undefined) continue;
      if (kind === "SDKResource") out.push({ type, style: "sdkv2", fn, file: rel(fn.file) });
      else {
        const receiver = receiverBuilt(fn);
        out.push({ type, style: "framework", ...(receiver ? { receiver } : {}), file: rel(fn.file) });
      }
    }
    if (fn.receiver && fn.name === "Metadata") {
      for (const s of fn.body) {
        if (s.kind !== "assign" || s.lhs[0]?.kind !== "name" || !s.lhs[0].text.endsWith(".TypeName")) continue;
        const suffix = s.rhs[0]?.kind === "binary" && s.rhs[0].right.kind === "string" ? s.rhs[0].right.value : undefined;
        if (suffix) out.push({ type: `${providerName}${suffix}`, style: "framework", receiver: fn.receiver, file: rel(fn.file) });
      }
    }
    for (const s of fn.body) {
      const map = s.kind === "return" ? s.values[0] : s.kind === "assign" ? s.rhs[0] : undefined;
      if (map?.kind !== "composite") continue;
      const resources = entry(map, "ResourcesMap", pkg);
      if (resources?.kind !== "composite") continue;
      for (const { key, value } of resources.entries) {
        const type = pkg.stringOf(key);
        const factory = value.kind === "call" ? pkg.funcs.get(value.callee) : undefined;
        if (type && factory) out.push({ type, style: "sdkv2", fn: factory, file: rel(factory.file) });
      }
    }
  }
  return out;
}

/** The struct type a framework factory returns (`r := &vpcEndpointResource{}` or `return &T{}`). */
function receiverBuilt(fn: GoFunc): string | undefined {
  for (const s of fn.body) {
    const v = s.kind === "assign" ? s.rhs[0] : s.kind === "return" ? s.values[0] : undefined;
    if (v?.kind === "composite" && /^\w+$/.test(v.type)) return v.type;
  }
  return undefined;
}
