import { required } from "../../defined";
/**
 * A small, tolerant reader of Go source: enough to follow the composite literals, function calls
 * and simple assignments that Terraform providers build their resource schemas from. It is not a
 * Go compiler: statements it does not understand are skipped, and `if` branches are all taken
 * (over-approximating what a schema may contain, which for "what forces replacement" is the safe
 * side). Used only by the force-new table generator (tools/generate-force-new.ts).
 */

export type Token = { readonly kind: "ident" | "string" | "number" | "punct"; readonly text: string; readonly line: number };

export type Expr =
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "name"; readonly text: string }
  | { readonly kind: "call"; readonly callee: string; readonly args: Expr[] }
  | { kind: "composite"; readonly type: string; entries: { key?: Expr; value: Expr }[] }
  | { readonly kind: "func"; readonly params: string[]; readonly body: Stmt[] }
  | { readonly kind: "binary"; readonly op: string; readonly left: Expr; readonly right: Expr }
  | { readonly kind: "other"; readonly text: string };

export type Stmt =
  | { readonly kind: "return"; readonly values: Expr[]; readonly line: number }
  | { readonly kind: "assign"; readonly lhs: Expr[]; readonly op: string; readonly rhs: Expr[]; readonly line: number }
  | { readonly kind: "expr"; readonly expr: Expr; readonly line: number };

export interface GoFunc {
  readonly name: string;
  /** Receiver type name for methods (`func (r *HelmRelease) Schema(...)` -> HelmRelease). */
  readonly receiver?: string;
  readonly params: string[];
  readonly body: Stmt[];
  readonly file: string;
  readonly line: number;
  /** The comment lines right above the declaration (annotations such as `@SDKResource`). */
  readonly doc: string[];
}

export interface GoFile {
  readonly path: string;
  readonly funcs: GoFunc[];
  readonly vars: Map<string, Expr>;
  readonly consts: Map<string, Expr>;
}

const KEYWORDS_ENDING_STATEMENT = new Set(["return", "break", "continue", "fallthrough"]);
const MULTI = [":=", "...", "&&", "||", "==", "!=", "<=", ">=", "<-", "++", "--", "+=", "-=", "*=", "/=", "|=", "&=", "<<", ">>", "&^"];

/** Tokens of Go source, with Go's automatic semicolons; comments are returned separately by line. */
export function tokenize(src: string): { tokens: Token[]; comments: Map<number, string> } {
  const tokens: Token[] = [];
  const comments = new Map<number, string>();
  let i = 0;
  let line = 1;
  const endsStatement = () => {
    const last = tokens[tokens.length - 1];
    if (!last) return false;
    if (last.kind === "ident")
      return (
        !/^(func|map|chan|interface|struct|if|else|for|switch|case|default|go|defer|var|const|type|package|import|select|range)$/.test(
          last.text,
        ) || KEYWORDS_ENDING_STATEMENT.has(last.text)
      );
    return last.kind !== "punct" || [")", "]", "}", "++", "--"].includes(last.text);
  };
  while (i < src.length) {
    const c = src.charAt(i);
    if (c === "\n") {
      if (endsStatement()) tokens.push({ kind: "punct", text: ";", line });
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (src.startsWith("//", i)) {
      const end = src.indexOf("\n", i);
      const stop = end < 0 ? src.length : end;
      comments.set(line, src.slice(i + 2, stop).trim());
      i = stop;
    } else if (src.startsWith("/*", i)) {
      const end = src.indexOf("*/", i + 2);
      const stop = end < 0 ? src.length : end + 2;
      line += (src.slice(i, stop).match(/\n/g) ?? []).length;
      i = stop;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let value = "";
      while (j < src.length && src[j] !== c) {
        if (src[j] === "\\") {
          value += src[j + 1] === "n" ? "\n" : src[j + 1];
          j += 2;
        } else value += src[j++];
      }
      tokens.push({ kind: "string", text: value, line });
      i = j + 1;
    } else if (c === "`") {
      const end = src.indexOf("`", i + 1);
      const value = src.slice(i + 1, end);
      tokens.push({ kind: "string", text: value, line });
      line += (value.match(/\n/g) ?? []).length;
      i = end + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = required(/^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 200)), `identifier on line ${line}`);
      tokens.push({ kind: "ident", text: m[0], line });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = required(/^[0-9][0-9A-Za-z_.]*/.exec(src.slice(i, i + 100)), `number on line ${line}`);
      tokens.push({ kind: "number", text: m[0], line });
      i += m[0].length;
    } else {
      const multi = MULTI.find((m) => src.startsWith(m, i));
      tokens.push({ kind: "punct", text: multi ?? c, line });
      i += multi ? multi.length : 1;
    }
  }
  return { tokens, comments };
}

const BINARY = new Set(["+", "-", "*", "/", "%", "|", "&", "^", "<<", ">>", "&^", "==", "!=", "<", "<=", ">", ">=", "&&", "||"]);

/** A recursive-descent parser over the tokens of one file. */
class Parser {
  pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly file = "Go source",
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  is(text: string, offset = 0): boolean {
    return this.peek(offset)?.text === text && this.peek(offset)?.kind !== "string";
  }
  /** The current token, moving past it; the caller reads it, so the source may not end here. */
  next(): Token {
    return this.current(this.pos++);
  }
  /** Moves past the current token, if any: a skip at the end of a cut-short source is tolerated. */
  advance(): void {
    this.pos++;
  }
  /** The token at `at` (default: the current one); past the end the source is cut short, which is an error. */
  current(at = this.pos): Token {
    const t = this.tokens[at];
    if (!t) throw new Error(`${this.file} ends early: a token was expected after line ${this.tokens[this.tokens.length - 1]?.line ?? 0}`);
    return t;
  }
  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  /** Skips a balanced group starting at the current opening bracket. */
  skipGroup(): void {
    const open = this.next().text;
    const close = open === "(" ? ")" : open === "[" ? "]" : "}";
    let depth = 1;
    while (!this.done() && depth > 0) {
      const t = this.next();
      if (t.kind !== "punct") continue;
      if (t.text === open) depth++;
      else if (t.text === close) depth--;
    }
  }

  /** Reads a type expression as text (`map[string]*schema.Schema`, `[]planmodifier.String`). */
  typeText(): string {
    let out = "";
    for (;;) {
      const t = this.peek();
      if (!t) return out;
      if (t.text === "*" || t.text === "&") out += this.next().text;
      else if (t.text === "[") {
        this.advance();
        out += "[";
        while (!this.is("]") && !this.done()) out += this.next().text;
        this.advance();
        out += "]";
      } else if (t.text === "map") {
        out += this.next().text;
      } else if (t.kind === "ident") {
        out += this.next().text;
        while (this.is(".") && this.peek(1)?.kind === "ident") out += this.next().text + this.next().text;
        return out;
      } else return out;
    }
  }

  expr(): Expr {
    let left = this.unary();
    while (this.peek()?.kind === "punct" && BINARY.has(this.current().text)) {
      const op = this.next().text;
      left = { kind: "binary", op, left, right: this.unary() };
    }
    return left;
  }

  unary(): Expr {
    const t = this.peek();
    if (t && t.kind === "punct" && t.text === "!") {
      this.advance();
      return { kind: "call", callee: "!", args: [this.unary()] };
    }
    if (t && t.kind === "punct" && ["&", "*", "-", "<-", "^", "+"].includes(t.text)) {
      this.advance();
      return this.unary();
    }
    return this.postfix(this.primary());
  }

  primary(): Expr {
    const t = this.peek();
    if (!t) return { kind: "other", text: "" };
    if (t.kind === "string") {
      this.advance();
      return { kind: "string", value: t.text };
    }
    if (t.kind === "number") {
      this.advance();
      return { kind: "other", text: t.text };
    }
    if (t.text === "func") return this.funcLiteral();
    if (t.text === "{") return this.composite("");
    if (t.text === "(") {
      this.advance();
      const inner = this.expr();
      if (this.is(")")) this.advance();
      return inner;
    }
    if (t.text === "[" || t.text === "map") {
      const type = this.typeText();
      return this.is("{") ? this.composite(type) : { kind: "name", text: type };
    }
    if (t.kind === "ident") {
      let text = this.next().text;
      while (this.is(".") && this.peek(1)?.kind === "ident") text += this.next().text + this.next().text;
      return { kind: "name", text };
    }
    // Anything else: consume one token so the caller always progresses.
    this.advance();
    return { kind: "other", text: t.text };
  }

  postfix(base: Expr): Expr {
    let e = base;
    for (;;) {
      if (this.is("(")) {
        this.advance();
        const args: Expr[] = [];
        while (!this.is(")") && !this.done()) {
          args.push(this.expr());
          if (this.is("...")) this.advance();
          if (this.is(",")) this.advance();
          else if (this.is(";")) this.advance();
          else if (!this.is(")")) this.advance();
        }
        this.advance();
        e = { kind: "call", callee: e.kind === "name" ? e.text : e.kind === "call" ? e.callee : "?", args };
      } else if (this.is("{") && e.kind === "name" && /^[\w.]+$/.test(e.text) && /^[A-Za-z_]/.test(e.text)) {
        e = this.composite(e.text);
      } else if (this.is(".") && this.is("(", 1)) {
        this.advance();
        this.skipGroup();
      } else if (this.is(".") && this.peek(1)?.kind === "ident") {
        this.advance();
        const field = this.next().text;
        e = e.kind === "name" ? { kind: "name", text: `${e.text}.${field}` } : { kind: "name", text: `?.${field}` };
      } else if (this.is("[")) {
        this.advance();
        const index = this.expr();
        while (!this.is("]") && !this.done()) this.advance();
        this.advance();
        e = { kind: "call", callee: "[index]", args: [e, index] };
      } else return e;
    }
  }

  composite(type: string): Expr {
    this.advance(); // {
    const entries: { key?: Expr; value: Expr }[] = [];
    while (!this.is("}") && !this.done()) {
      if (this.is(";") || this.is(",")) {
        this.advance();
        continue;
      }
      const first = this.expr();
      if (this.is(":")) {
        this.advance();
        entries.push({ key: first, value: this.expr() });
      } else entries.push({ value: first });
      if (!this.is(",") && !this.is("}") && !this.is(";")) this.advance();
    }
    this.advance();
    return { kind: "composite", type, entries };
  }

  funcLiteral(): Expr {
    this.advance(); // func
    const params = this.params();
    while (!this.is("{") && !this.done()) {
      if (this.is("(")) this.skipGroup();
      else this.advance();
    }
    return { kind: "func", params, body: this.block() };
  }

  /** Parameter names of a parenthesised list (`(a, b string, c int)` -> a, b, c). */
  params(): string[] {
    if (!this.is("(")) return [];
    this.advance();
    const names: string[] = [];
    let expectName = true;
    let depth = 0;
    while (!this.done()) {
      const t = this.next();
      if (t.text === "(" || t.text === "[" || t.text === "{") depth++;
      else if (t.text === ")" || t.text === "]" || t.text === "}") {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && t.text === ",") expectName = true;
      else if (depth === 0 && expectName && t.kind === "ident") {
        names.push(t.text);
        expectName = false;
      }
    }
    return names;
  }

  /** A `{ ... }` block of statements; nested control-flow blocks are flattened into it. */
  block(): Stmt[] {
    const out: Stmt[] = [];
    if (!this.is("{")) return out;
    this.advance();
    while (!this.is("}") && !this.done()) out.push(...this.statement());
    this.advance();
    return out;
  }

  statement(): Stmt[] {
    const t = this.current();
    if (t.text === ";") {
      this.advance();
      return [];
    }
    if (t.kind === "ident" && ["if", "for", "switch", "select", "else"].includes(t.text)) {
      this.advance();
      if (t.text === "else" && this.is("if")) return this.statement();
      return this.headerThenBlock();
    }
    if (t.kind === "ident" && (t.text === "case" || t.text === "default")) {
      while (!this.is(":") && !this.done()) this.advance();
      this.advance();
      return [];
    }
    if (t.text === "{") return this.block();
    if (t.kind === "ident" && t.text === "return") {
      this.advance();
      const values: Expr[] = [];
      while (!this.is(";") && !this.is("}") && !this.done()) {
        values.push(this.expr());
        if (this.is(",")) this.advance();
        else if (!this.is(";") && !this.is("}")) this.advance();
      }
      return [{ kind: "return", values, line: t.line }];
    }
    if (t.kind === "ident" && (t.text === "var" || t.text === "const")) {
      this.advance();
      return this.is("(") ? this.groupedSpecs() : this.spec();
    }
    if (t.kind === "ident" && (t.text === "defer" || t.text === "go")) this.advance();
    const first = this.expr();
    const lhs: Expr[] = [first];
    while (this.is(",")) {
      this.advance();
      lhs.push(this.expr());
    }
    if (["=", ":=", "+=", "-=", "|="].includes(this.peek()?.text ?? "")) {
      const op = this.next().text;
      const rhs: Expr[] = [this.expr()];
      while (this.is(",")) {
        this.advance();
        rhs.push(this.expr());
      }
      this.endStatement();
      return [{ kind: "assign", lhs, op, rhs, line: t.line }];
    }
    this.endStatement();
    return [{ kind: "expr", expr: first, line: t.line }];
  }

  endStatement(): void {
    while (!this.done() && !this.is(";") && !this.is("}")) {
      if (this.is("{") || this.is("(") || this.is("[")) this.skipGroup();
      else this.advance();
    }
    if (this.is(";")) this.advance();
  }

  headerThenBlock(): Stmt[] {
    const header: Stmt[] = [];
    // The header may hold an init statement (`if v, ok := x(); ok {`); keep its assignments.
    const start = this.pos;
    let depth = 0;
    while (!this.done()) {
      const t = this.current();
      if (t.text === "{" && depth === 0) break;
      if (t.text === "(" || t.text === "[") depth++;
      if (t.text === ")" || t.text === "]") depth--;
      this.advance();
    }
    const end = this.pos;
    const headerTokens = this.tokens.slice(start, end);
    if (headerTokens.some((x) => x.text === ":=")) {
      const sub = new Parser([...headerTokens.filter((x) => x.text !== ";"), { kind: "punct", text: ";", line: 0 }], this.file);
      header.push(...sub.statement());
    }
    return [...header, ...this.block()];
  }

  spec(): Stmt[] {
    const names: Expr[] = [];
    const line = this.peek()?.line ?? 0;
    while (this.peek()?.kind === "ident") {
      names.push({ kind: "name", text: this.next().text });
      if (this.is(",")) this.advance();
      else break;
    }
    if (!this.is("=") && !this.is(";")) this.typeText();
    if (!this.is("=")) {
      this.endStatement();
      return [];
    }
    this.advance();
    const rhs: Expr[] = [this.expr()];
    while (this.is(",")) {
      this.advance();
      rhs.push(this.expr());
    }
    this.endStatement();
    return [{ kind: "assign", lhs: names, op: "=", rhs, line }];
  }

  groupedSpecs(): Stmt[] {
    this.advance(); // (
    const out: Stmt[] = [];
    while (!this.is(")") && !this.done()) {
      if (this.is(";")) this.advance();
      else out.push(...this.spec());
    }
    this.advance();
    return out;
  }
}

/** The declarations of one Go file: functions (with their doc comments), package vars and consts. */
export function parseGoFile(filePath: string, src: string): GoFile {
  const { tokens, comments } = tokenize(src);
  const p = new Parser(tokens, filePath);
  const file: GoFile = { path: filePath, funcs: [], vars: new Map(), consts: new Map() };
  while (!p.done()) {
    const t = p.next();
    if (t.kind !== "ident") continue;
    if (t.text === "func" && (p.peek()?.kind === "ident" || p.is("("))) {
      let receiver: string | undefined;
      if (p.is("(")) {
        p.advance();
        while (!p.is(")") && !p.done()) {
          const r = p.next();
          if (r.kind === "ident") receiver = r.text;
        }
        p.advance();
      }
      const name = p.next().text;
      if (p.is("[")) p.skipGroup();
      const params = p.params();
      while (!p.is("{") && !p.is(";") && !p.done()) {
        if (p.is("(")) p.skipGroup();
        else p.advance();
      }
      const doc: string[] = [];
      for (let l = t.line - 1, c = comments.get(l); c !== undefined; l--, c = comments.get(l)) doc.unshift(c);
      file.funcs.push({ name, ...(receiver ? { receiver } : {}), params, body: p.block(), file: filePath, line: t.line, doc });
    } else if (t.text === "var" || t.text === "const") {
      const specs = p.is("(") ? p.groupedSpecs() : p.spec();
      for (const s of specs) {
        if (s.kind !== "assign") continue;
        s.lhs.forEach((l, i) => {
          const value = s.rhs[i];
          if (l.kind === "name" && value) (t.text === "var" ? file.vars : file.consts).set(l.text, value);
        });
      }
    } else if (t.text === "type" || t.text === "import") {
      if (p.is("(")) p.skipGroup();
      else {
        while (!p.done() && !p.is(";") && !p.is("{")) p.advance();
        if (p.is("{")) p.skipGroup();
      }
    }
  }
  return file;
}
