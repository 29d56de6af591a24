import { stringify } from "yaml";

/**
 * A renderer for the subset of Helm's Go templates the PrometheusRule templates of
 * charts/platform-alerts use, so `npm test` renders the rules without a helm binary:
 * `$x := pipeline`, `.Values...`, `.Release.Name/Namespace`, "strings", `raw strings`, numbers,
 * (sub pipelines), `|`, `{{-`/`-}}` whitespace trimming and the functions below. Anything else
 * (if, range, define, include, an unknown function) throws, naming the construct: a template that
 * outgrows this renderer fails the test instead of rendering wrongly.
 */

export type TemplateContext = {
  readonly Values: Record<string, unknown>;
  readonly Release: { readonly Name: string; readonly Namespace: string };
};

type Token = {
  kind: "var" | "field" | "string" | "number" | "ident" | "open" | "close" | "pipe" | "declare";
  text: string;
  value?: unknown;
};

const num = (v: unknown, fn: string): number => {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new Error(`${fn}: expected an integer, got ${JSON.stringify(v)}`);
  return v;
};

/** Sprig/Helm functions, with the semantics of the cases the chart uses. */
const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  // Helm's toYaml trims the trailing newline.
  toYaml: (v) => stringify(v, { lineWidth: 0 }).replace(/\n$/, ""),
  nindent: (n, s) => "\n" + FUNCTIONS["indent"]!(n, s),
  indent: (n, s) =>
    String(s)
      .split("\n")
      .map((l) => " ".repeat(num(n, "indent")) + l)
      .join("\n"),
  add: (...xs) => xs.reduce((a: number, b) => a + num(b, "add"), 0),
  // Sprig's div is integer division of int64s.
  div: (a, b) => Math.trunc(num(a, "div") / num(b, "div")),
  join: (sep, list) => {
    if (!Array.isArray(list)) throw new Error(`join: expected a list, got ${JSON.stringify(list)}`);
    return list.map(String).join(String(sep));
  },
  quote: (s) => JSON.stringify(String(s)),
  printf: (format, ...args) => {
    let i = 0;
    return String(format).replace(/%([sdv%])/g, (_m, verb: string) => {
      if (verb === "%") return "%";
      if (i >= args.length) throw new Error(`printf: too few arguments for ${JSON.stringify(format)}`);
      return String(args[i++]);
    });
  },
};

function tokenize(action: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < action.length) {
    const c = action[i]!;
    const rest = action.slice(i);
    let m: RegExpExecArray | null;
    const single = ({ "(": "open", ")": "close", "|": "pipe" } as const)[c as "(" | ")" | "|"];
    if (/\s/.test(c)) i++;
    else if (single) {
      tokens.push({ kind: single, text: c });
      i++;
    } else if (rest.startsWith(":=")) {
      tokens.push({ kind: "declare", text: ":=" });
      i += 2;
    } else if (c === "`") {
      const end = action.indexOf("`", i + 1);
      if (end < 0) throw new Error(`unterminated raw string in {{${action}}}`);
      tokens.push({ kind: "string", text: action.slice(i, end + 1), value: action.slice(i + 1, end) });
      i = end + 1;
    } else if ((m = /^"(?:[^"\\]|\\.)*"/.exec(rest))) {
      tokens.push({ kind: "string", text: m[0], value: JSON.parse(m[0]) as string });
      i += m[0].length;
    } else if ((m = /^-?\d+(?![\w.])/.exec(rest))) {
      tokens.push({ kind: "number", text: m[0], value: Number(m[0]) });
      i += m[0].length;
    } else if ((m = /^\$[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/.exec(rest)) || (m = /^\$(?![\w])/.exec(rest))) {
      tokens.push({ kind: "var", text: m[0] });
      i += m[0].length;
    } else if ((m = /^(?:\.[A-Za-z_]\w*)+/.exec(rest))) {
      tokens.push({ kind: "field", text: m[0] });
      i += m[0].length;
    } else if ((m = /^[A-Za-z_]\w*/.exec(rest))) {
      tokens.push({ kind: "ident", text: m[0] });
      i += m[0].length;
    } else throw new Error(`unsupported syntax at "${rest}" in {{${action}}}`);
  }
  return tokens;
}

function walk(root: unknown, path: string[], what: string): unknown {
  let v = root;
  for (const key of path) {
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`${what}: cannot read .${key} of ${JSON.stringify(v)}`);
    // Go templates render a missing map key as <no value>; a test should never see that.
    if (!(key in v)) throw new Error(`${what}: no key "${key}"`);
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

class Evaluator {
  readonly vars = new Map<string, unknown>();
  constructor(readonly ctx: TemplateContext) {
    this.vars.set("$", ctx);
  }

  /** Evaluates a pipeline of tokens (commands separated by `|`). */
  pipeline(tokens: Token[]): unknown {
    const commands: Token[][] = [[]];
    let depth = 0;
    for (const t of tokens) {
      if (t.kind === "open") depth++;
      if (t.kind === "close") depth--;
      if (t.kind === "pipe" && depth === 0) commands.push([]);
      else commands[commands.length - 1]!.push(t);
    }
    let piped: unknown[] = [];
    for (const command of commands) piped = [this.command(command, piped)];
    return piped[0];
  }

  private command(tokens: Token[], piped: unknown[]): unknown {
    if (tokens.length === 0) throw new Error("empty command in pipeline");
    const [head, ...rest] = tokens;
    if (head!.kind === "ident") {
      const fn = FUNCTIONS[head!.text];
      if (!fn) throw new Error(`unsupported function or keyword "${head!.text}" (extend test/prometheus/chart-template.ts)`);
      return fn(...this.operands(rest), ...piped);
    }
    const values = this.operands(tokens);
    if (values.length !== 1 || piped.length > 0) throw new Error(`cannot call a non-function: ${tokens.map((t) => t.text).join(" ")}`);
    return values[0];
  }

  private operands(tokens: Token[]): unknown[] {
    const out: unknown[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind === "open") {
        let depth = 1;
        let j = i + 1;
        for (; j < tokens.length && depth > 0; j++) depth += tokens[j]!.kind === "open" ? 1 : tokens[j]!.kind === "close" ? -1 : 0;
        if (depth !== 0) throw new Error("unbalanced parentheses");
        out.push(this.pipeline(tokens.slice(i + 1, j - 1)));
        i = j - 1;
      } else if (t.kind === "string" || t.kind === "number") out.push(t.value);
      else if (t.kind === "field") out.push(walk(this.ctx, t.text.slice(1).split("."), t.text));
      else if (t.kind === "var") {
        const [name, ...path] = t.text.split(".");
        if (!this.vars.has(name!)) throw new Error(`undefined variable ${name}`);
        out.push(walk(this.vars.get(name!), path, t.text));
      } else throw new Error(`unexpected "${t.text}"`);
    }
    return out;
  }

  /** One action: a declaration renders nothing; anything else renders its value. */
  action(source: string): string {
    const tokens = tokenize(source);
    if (tokens[0]?.kind === "var" && tokens[1]?.kind === "declare") {
      this.vars.set(tokens[0].text, this.pipeline(tokens.slice(2)));
      return "";
    }
    const v = this.pipeline(tokens);
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
    throw new Error(`{{${source}}} renders ${JSON.stringify(v)}, not a scalar`);
  }
}

/** Index just past the `}}` that closes the action opened at `start`, skipping quoted text. */
function actionEnd(text: string, start: number): number {
  for (let i = start + 2; i < text.length; i++) {
    const c = text[i];
    if (c === "`") {
      i = text.indexOf("`", i + 1);
      if (i < 0) break;
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (text.startsWith("}}", i)) return i + 2;
  }
  throw new Error(`unterminated action at ${JSON.stringify(text.slice(start, start + 40))}`);
}

/** Renders one template file; throws on anything outside the supported subset. */
export function renderTemplate(text: string, ctx: TemplateContext, name = "template"): string {
  const evaluator = new Evaluator(ctx);
  let out = "";
  let i = 0;
  let trimNext = false;
  try {
    while (i < text.length) {
      const start = text.indexOf("{{", i);
      let literal = text.slice(i, start < 0 ? text.length : start);
      if (trimNext) literal = literal.replace(/^\s+/, "");
      if (start < 0) {
        out += literal;
        break;
      }
      const end = actionEnd(text, start);
      let inner = text.slice(start + 2, end - 2);
      const trimBefore = /^-\s/.test(inner);
      trimNext = /\s-$/.test(inner);
      if (trimBefore) literal = literal.replace(/\s+$/, "");
      inner = inner.slice(trimBefore ? 2 : 0, trimNext ? -2 : undefined).trim();
      out += literal;
      if (!inner.startsWith("/*")) out += evaluator.action(inner);
      i = end;
    }
  } catch (e) {
    throw new Error(`${name}: ${(e as Error).message}`);
  }
  return out;
}
