import type { Expr, GoFile, GoFunc, Stmt } from "./go-parse";
import { required } from "../../defined";

/**
 * The functions, package variables and constants of one Go package, plus constants of other
 * packages by qualified name (`names.AttrName` -> "name"), and a small evaluator that follows a
 * schema through the helper functions and local variables it is built with.
 */
export class GoPackage {
  readonly funcs = new Map<string, GoFunc>();
  readonly methods = new Map<string, GoFunc>();
  readonly vars = new Map<string, Expr>();
  /** Names the evaluator met but could not resolve (reported by the generator). */
  readonly unresolved = new Set<string>();

  constructor(
    readonly files: readonly GoFile[],
    private readonly qualifiedConsts: ReadonlyMap<string, string>,
  ) {
    for (const f of files) {
      for (const fn of f.funcs) (fn.receiver ? this.methods : this.funcs).set(fn.receiver ? `${fn.receiver}.${fn.name}` : fn.name, fn);
      for (const [k, v] of f.vars) this.vars.set(k, v);
      for (const [k, v] of f.consts) this.vars.set(k, v);
    }
  }

  /** The string a key expression stands for (a literal, a local or qualified constant). */
  stringOf(e: Expr | undefined, env: Env = new Map()): string | undefined {
    if (!e) return undefined;
    const r = this.resolve(e, env, 0);
    if (r.kind === "string") return r.value;
    if (r.kind === "name" && /^\w+\.\w+$/.test(r.text)) this.unresolved.add(r.text);
    return undefined;
  }

  resolve(e: Expr, env: Env, depth: number): Expr {
    if (depth > 24) return e;
    switch (e.kind) {
      case "name": {
        const local = env.get(e.text);
        if (local) return local;
        const qualified = this.qualifiedConsts.get(e.text);
        if (qualified !== undefined) return { kind: "string", value: qualified };
        const pkgVar = this.vars.get(e.text);
        return pkgVar ? this.resolve(pkgVar, new Map(), depth + 1) : e;
      }
      case "call": {
        if (e.callee === "[index]") {
          const target = this.resolve(required(e.args[0], "the indexed value of an index expression"), env, depth + 1);
          const key = this.stringOf(e.args[1], env);
          return target.kind === "composite" ? (entry(target, key, this) ?? e) : e;
        }
        if (e.callee === "!") {
          const v = this.resolve(required(e.args[0], "the operand of a `!`"), env, depth + 1);
          return v.kind === "name" && (v.text === "true" || v.text === "false")
            ? { kind: "name", text: v.text === "true" ? "false" : "true" }
            : { kind: "call", callee: "!", args: [v] };
        }
        const fn = this.funcs.get(e.callee);
        if (fn)
          return (
            this.call(
              fn.params,
              fn.body,
              e.args.map((a) => this.resolve(a, env, depth + 1)),
              depth + 1,
            ) ?? e
          );
        return { kind: "call", callee: e.callee, args: e.args.map((a) => this.resolve(a, env, depth + 1)) };
      }
      case "composite":
        return {
          kind: "composite",
          type: e.type,
          entries: e.entries.map((x) => ({
            ...(x.key ? { key: this.resolve(x.key, env, depth + 1) } : {}),
            value: this.resolve(x.value, env, depth + 1),
          })),
        };
      case "binary": {
        const l = this.resolve(e.left, env, depth + 1);
        const r = this.resolve(e.right, env, depth + 1);
        return e.op === "+" && l.kind === "string" && r.kind === "string"
          ? { kind: "string", value: l.value + r.value }
          : { kind: "binary", op: e.op, left: l, right: r };
      }
      default:
        return e;
    }
  }

  /**
   * Runs a function body symbolically: local assignments (including `m["k"] = v` and
   * `s.ForceNew = true`) update the environment; the result is the first `return` whose value is
   * a composite literal (early `return nil` paths are passed over).
   */
  call(params: readonly string[], body: readonly Stmt[], args: readonly Expr[], depth: number, env: Env = new Map()): Expr | undefined {
    params.forEach((p, i) => {
      const arg = args[i];
      if (arg) env.set(p, arg);
    });
    for (const s of body) {
      if (s.kind === "assign") this.assign(s, env, depth);
      else if (s.kind === "return" && s.values[0]) {
        const v = this.resolve(s.values[0], env, depth + 1);
        if (v.kind === "composite") return v;
      }
    }
    return undefined;
  }

  /** Evaluates a method body for what it assigns to `<something>.<field>` (`resp.Schema = ...`). */
  assignedField(body: readonly Stmt[], field: string): Expr | undefined {
    const env: Env = new Map();
    let found: Expr | undefined;
    for (const s of body) {
      if (s.kind !== "assign") continue;
      const lhs = s.lhs[0];
      if (lhs?.kind === "name" && lhs.text.endsWith(`.${field}`) && s.rhs[0]) found = this.resolve(s.rhs[0], env, 0);
      else this.assign(s, env, 0);
    }
    return found;
  }

  private assign(s: Extract<Stmt, { kind: "assign" }>, env: Env, depth: number): void {
    s.lhs.forEach((lhs, i) => {
      const rhs = s.rhs[i] ?? (s.rhs.length === 1 && i === 0 ? s.rhs[0] : undefined);
      if (!rhs) return;
      if (lhs.kind === "name" && !lhs.text.includes(".")) {
        if (s.op !== "=" && s.op !== ":=") return;
        // Branches are all taken: a variable assigned in both arms of an `if` holds the union.
        const value = this.resolve(rhs, env, depth + 1);
        const old = env.get(lhs.text);
        env.set(lhs.text, old?.kind === "composite" && value.kind === "composite" ? merge(old, value) : value);
      } else if (lhs.kind === "call" && lhs.callee === "[index]" && lhs.args[0]?.kind === "name") {
        const target = env.get(lhs.args[0].text);
        const key = this.stringOf(lhs.args[1], env);
        if (target?.kind === "composite" && key !== undefined) setEntry(target, key, this.resolve(rhs, env, depth + 1));
      } else if (lhs.kind === "name") {
        const [head, field] = lhs.text.split(".");
        const target = head ? env.get(head) : undefined;
        if (target?.kind === "composite" && field) setEntry(target, field, this.resolve(rhs, env, depth + 1));
      }
    });
  }
}

export type Env = Map<string, Expr>;

/** The value under a key of a composite literal (keys compared as resolved strings or names). */
export function entry(c: Expr | undefined, key: string | undefined, pkg: GoPackage): Expr | undefined {
  if (!c || c.kind !== "composite" || key === undefined) return undefined;
  return c.entries.find((x) => x.key && (pkg.stringOf(x.key) === key || (x.key.kind === "name" && x.key.text === key)))?.value;
}

function setEntry(c: Extract<Expr, { kind: "composite" }>, key: string, value: Expr): void {
  const keyExpr: Expr = /^[A-Z]/.test(key) ? { kind: "name", text: key } : { kind: "string", value: key };
  const i = c.entries.findIndex(
    (x) => x.key && ((x.key.kind === "string" && x.key.value === key) || (x.key.kind === "name" && x.key.text === key)),
  );
  if (i >= 0) c.entries[i] = { key: keyExpr, value };
  else c.entries.push({ key: keyExpr, value });
}

/** Union of two composite literals: entries of both, nested composites merged key by key. */
function merge(a: Extract<Expr, { kind: "composite" }>, b: Extract<Expr, { kind: "composite" }>): Expr {
  const out: Extract<Expr, { kind: "composite" }> = { kind: "composite", type: a.type || b.type, entries: [...a.entries] };
  const keyOf = (k?: Expr) => (k?.kind === "string" ? k.value : k?.kind === "name" ? k.text : undefined);
  for (const e of b.entries) {
    const i = out.entries.findIndex((x) => keyOf(x.key) !== undefined && keyOf(x.key) === keyOf(e.key));
    const prev = out.entries[i]; // undefined when i is -1
    if (!prev) out.entries.push(e);
    else {
      if (prev.value.kind === "composite" && e.value.kind === "composite") out.entries[i] = { ...prev, value: merge(prev.value, e.value) };
      else if (e.value.kind === "name" && e.value.text === "true") out.entries[i] = e;
    }
  }
  return out;
}
