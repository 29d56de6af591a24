/**
 * An evaluator for the GitHub Actions expression syntax the workflows use, so tests can run the
 * workflows' `if:`, `matrix:`, `runs-on:`, `environment:` and `with:` values as GitHub would.
 *
 * Semantics from GitHub's documentation ("Evaluate expressions in workflows and actions",
 * docs.github.com/en/actions/reference/workflows-and-actions/expressions; read 2026-12-07):
 * literals (null, booleans, numbers, '…' strings with '' as the quote), property access `a.b`,
 * `a['b']` and the object filter `a.*.b`; operators `!`, `<`, `<=`, `>`, `>=`, `==`, `!=`, `&&`, `||`
 * with `&&`/`||` returning an operand; loose equality that compares strings case-insensitively and
 * otherwise coerces both sides to numbers (null 0, true 1, '' 0, other strings Number() or NaN);
 * falsy values false, 0, -0, "", null, NaN; and the functions contains, startsWith, endsWith, format,
 * join, toJSON, fromJSON and the status functions success, always, cancelled, failure.
 * Anything else throws, so a workflow using syntax this file does not know fails its test.
 */
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

/** The contexts (github, needs, matrix, inputs, steps, …) and the job status the functions see. */
export interface ExpressionContext {
  readonly contexts: Readonly<Record<string, Value>>;
  /** For success()/failure()/cancelled(): the results of the job's needs (transitively). */
  readonly needsResults?: readonly ("success" | "failure" | "cancelled" | "skipped")[];
  readonly cancelled?: boolean;
}

type Token = { kind: "num" | "str" | "id" | "op" | "end"; text: string; value?: Value };

const OPS = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")", "[", "]", ".", ",", "*"];

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "'") {
      let s = "";
      i += 1;
      for (;;) {
        if (i >= src.length) throw new Error(`unterminated string in: ${src}`);
        if (src[i] === "'" && src[i + 1] === "'") {
          s += "'";
          i += 2;
        } else if (src[i] === "'") {
          break;
        } else {
          s += src[i];
          i += 1;
        }
      }
      i += 1;
      tokens.push({ kind: "str", text: s, value: s });
    } else if (/[0-9]/.test(c) || (c === "-" && /[0-9]/.test(src[i + 1] ?? ""))) {
      const m = /^-?(0x[0-9a-f]+|[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?)/i.exec(src.slice(i))!;
      tokens.push({ kind: "num", text: m[0], value: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i))!;
      tokens.push({ kind: "id", text: m[0] });
      i += m[0].length;
    } else {
      const op = OPS.find((o) => src.startsWith(o, i));
      if (!op) throw new Error(`unexpected character ${c} in: ${src}`);
      tokens.push({ kind: "op", text: op });
      i += op.length;
    }
  }
  tokens.push({ kind: "end", text: "" });
  return tokens;
}

type Node =
  | { type: "lit"; value: Value }
  | { type: "ctx"; name: string }
  | { type: "prop"; of: Node; key: Node }
  | { type: "filter"; of: Node }
  | { type: "not"; of: Node }
  | { type: "bin"; op: string; left: Node; right: Node }
  | { type: "call"; name: string; args: Node[] };

/** Recursive descent, lowest precedence first: || , &&, == !=, < <= > >=, !, postfix. */
function parse(src: string): Node {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos]!;
  const next = () => tokens[pos++]!;
  const expect = (text: string) => {
    const t = next();
    if (t.text !== text || t.kind === "str") throw new Error(`expected ${text}, got ${t.text || "end"} in: ${src}`);
  };
  const binary = (ops: string[], sub: () => Node) => (): Node => {
    let left = sub();
    while (peek().kind === "op" && ops.includes(peek().text)) {
      const op = next().text;
      left = { type: "bin", op, left, right: sub() };
    }
    return left;
  };
  const primary = (): Node => {
    const t = next();
    if (t.kind === "num" || t.kind === "str") return { type: "lit", value: t.value! };
    if (t.kind === "op" && t.text === "(") {
      const inner = or();
      expect(")");
      return inner;
    }
    if (t.kind === "id") {
      if (t.text === "true" || t.text === "false") return { type: "lit", value: t.text === "true" };
      if (t.text === "null") return { type: "lit", value: null };
      if (peek().text === "(" && peek().kind === "op") {
        next();
        const args: Node[] = [];
        if (peek().text !== ")")
          for (;;) {
            args.push(or());
            if (peek().text === ",") next();
            else break;
          }
        expect(")");
        return { type: "call", name: t.text.toLowerCase(), args };
      }
      return { type: "ctx", name: t.text.toLowerCase() };
    }
    throw new Error(`unexpected ${t.text || "end"} in: ${src}`);
  };
  const postfix = (): Node => {
    let node = primary();
    for (;;) {
      if (peek().kind === "op" && peek().text === ".") {
        next();
        const t = next();
        if (t.kind === "op" && t.text === "*") node = { type: "filter", of: node };
        else if (t.kind === "id") node = { type: "prop", of: node, key: { type: "lit", value: t.text } };
        else throw new Error(`expected a property name after . in: ${src}`);
      } else if (peek().kind === "op" && peek().text === "[") {
        next();
        const key = or();
        expect("]");
        node = { type: "prop", of: node, key };
      } else return node;
    }
  };
  const unary = (): Node => (peek().kind === "op" && peek().text === "!" ? (next(), { type: "not", of: unary() }) : postfix());
  const comparison = binary(["<", "<=", ">", ">="], unary);
  const equality = binary(["==", "!="], comparison);
  const and = binary(["&&"], equality);
  const or = binary(["||"], and);
  const tree = or();
  if (peek().kind !== "end") throw new Error(`unexpected ${peek().text} in: ${src}`);
  return tree;
}

export const truthy = (v: Value): boolean =>
  !(v === false || v === 0 || v === "" || v === null || (typeof v === "number" && Number.isNaN(v)));

const toNumber = (v: Value): number => {
  if (v === null) return 0;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number") return v;
  if (typeof v === "string") return v.trim() === "" ? 0 : Number(v);
  return NaN;
};

/** Interpolation of a value into a string (`${{ }}` inside text, format(), join()). */
export const toText = (v: Value): string => {
  if (v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean" || typeof v === "number") return String(v);
  return JSON.stringify(v, null, 2);
};

function looseEquals(a: Value, b: Value): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (typeof a === "object" && a !== null) return a === b;
  if (typeof b === "object" && b !== null) return false;
  if (typeof a === typeof b) return a === b;
  return toNumber(a) === toNumber(b);
}

function compare(op: string, a: Value, b: Value): boolean {
  const [x, y] = typeof a === "string" && typeof b === "string" ? [a.toLowerCase(), b.toLowerCase()] : [toNumber(a), toNumber(b)];
  if (op === "<") return x < y;
  if (op === "<=") return x <= y;
  if (op === ">") return x > y;
  return x >= y;
}

/** Property lookup: case-insensitive keys, null for anything missing. */
function property(of: Value, key: Value): Value {
  if (Array.isArray(of)) return typeof key === "number" ? (of[key] ?? null) : null;
  if (of === null || typeof of !== "object") return null;
  const k = Object.keys(of).find((x) => x.toLowerCase() === String(key).toLowerCase());
  return k === undefined ? null : (of[k] ?? null);
}

function call(name: string, args: Value[], ctx: ExpressionContext): Value {
  const results = ctx.needsResults ?? [];
  switch (name) {
    case "success":
      return !ctx.cancelled && results.every((r) => r === "success");
    case "failure":
      return results.some((r) => r === "failure");
    case "cancelled":
      return !!ctx.cancelled;
    case "always":
      return true;
    case "contains": {
      const [hay, needle] = args as [Value, Value];
      if (Array.isArray(hay)) return hay.some((x) => looseEquals(x, needle));
      return toText(hay).toLowerCase().includes(toText(needle).toLowerCase());
    }
    case "startswith":
      return toText(args[0]!).toLowerCase().startsWith(toText(args[1]!).toLowerCase());
    case "endswith":
      return toText(args[0]!).toLowerCase().endsWith(toText(args[1]!).toLowerCase());
    case "format":
      return toText(args[0]!).replace(/\{(\d+)\}/g, (_, i: string) => {
        if (Number(i) + 1 >= args.length) throw new Error(`format(): no argument {${i}}`);
        return toText(args[Number(i) + 1]!);
      });
    case "join": {
      const [items, sep] = args as [Value, Value | undefined];
      return Array.isArray(items) ? items.map(toText).join(sep === undefined ? "," : toText(sep)) : toText(items);
    }
    case "tojson":
      return JSON.stringify(args[0], null, 2);
    case "fromjson":
      return JSON.parse(toText(args[0]!)) as Value;
    default:
      throw new Error(`unknown function ${name}()`);
  }
}

function evaluate(node: Node, ctx: ExpressionContext): Value {
  switch (node.type) {
    case "lit":
      return node.value;
    case "ctx": {
      const key = Object.keys(ctx.contexts).find((k) => k.toLowerCase() === node.name);
      if (key === undefined) throw new Error(`unknown context ${node.name}`);
      return ctx.contexts[key] ?? null;
    }
    case "prop": {
      const of = evaluate(node.of, ctx);
      const key = evaluate(node.key, ctx);
      // After a filter, a property applies to every element.
      if (node.of.type === "filter" && Array.isArray(of)) return of.map((x) => property(x, key));
      return property(of, key);
    }
    case "filter": {
      const of = evaluate(node.of, ctx);
      if (Array.isArray(of)) return of;
      if (of !== null && typeof of === "object") return Object.values(of);
      return [];
    }
    case "not":
      return !truthy(evaluate(node.of, ctx));
    case "bin": {
      const left = evaluate(node.left, ctx);
      if (node.op === "&&") return truthy(left) ? evaluate(node.right, ctx) : left;
      if (node.op === "||") return truthy(left) ? left : evaluate(node.right, ctx);
      const right = evaluate(node.right, ctx);
      if (node.op === "==") return looseEquals(left, right);
      if (node.op === "!=") return !looseEquals(left, right);
      return compare(node.op, left, right);
    }
    case "call":
      return call(
        node.name,
        node.args.map((a) => evaluate(a, ctx)),
        ctx,
      );
  }
}

/** Evaluates a bare expression (the text between `${{` and `}}`). */
export function evaluateExpression(expression: string, ctx: ExpressionContext): Value {
  return evaluate(parse(expression), ctx);
}

const TEMPLATE = /\$\{\{([\s\S]*?)\}\}/g;

/**
 * Evaluates a workflow value: a string that is exactly one `${{ … }}` gives the expression's value;
 * other strings get each `${{ … }}` interpolated; objects and arrays are evaluated member by member.
 */
export function evaluateValue(value: unknown, ctx: ExpressionContext): Value {
  if (typeof value === "string") {
    const whole = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/.exec(value);
    if (whole && !whole[1]!.includes("}}")) return evaluateExpression(whole[1]!, ctx);
    return value.replace(TEMPLATE, (_, e: string) => toText(evaluateExpression(e, ctx)));
  }
  if (Array.isArray(value)) return value.map((v) => evaluateValue(v, ctx));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluateValue(v, ctx)]));
  return (value ?? null) as Value;
}

/**
 * A job's or step's `if:`: an expression with or without `${{ }}`; GitHub adds `success() &&` when
 * the condition calls no status function, and the default is `success()`.
 */
export function evaluateCondition(condition: string | boolean | undefined, ctx: ExpressionContext): boolean {
  if (condition === undefined) return truthy(evaluateExpression("success()", ctx));
  if (typeof condition === "boolean") return condition && truthy(evaluateExpression("success()", ctx));
  const whole = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(condition);
  const expr = whole ? whole[1]! : condition;
  const statusCheck = /\b(success|failure|cancelled|always)\s*\(/.test(expr);
  return truthy(evaluateExpression(statusCheck ? expr : `success() && (${expr})`, ctx));
}
