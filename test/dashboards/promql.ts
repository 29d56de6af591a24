import { parser } from "@prometheus-io/lezer-promql";

/** A PromQL expression's vector selectors: metric name (or __name__ matcher) and where it failed to parse. */
export interface ParsedQuery {
  /** Metric names written as identifiers (`foo{...}`, `foo[5m]`). */
  readonly names: string[];
  /** `__name__` matchers (`{__name__=~"..."}`): operator and regular expression or value. */
  readonly nameMatchers: { readonly op: string; readonly value: string }[];
  /** Syntax errors: the offset and text around each. */
  readonly errors: string[];
}

/** Parses with Prometheus's own PromQL grammar (@prometheus-io/lezer-promql, as Prometheus's UI does). */
export function parsePromQL(expr: string): ParsedQuery {
  const names: string[] = [];
  const nameMatchers: { op: string; value: string }[] = [];
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError)
        errors.push(`syntax error at ${node.from}: ${JSON.stringify(expr.slice(Math.max(0, node.from - 15), node.from + 15))}`);
      if (node.name === "VectorSelector") {
        const id = node.node.getChild("Identifier");
        if (id) names.push(expr.slice(id.from, id.to));
      }
      if (node.name === "UnquotedLabelMatcher") {
        const label = node.node.getChild("LabelName");
        const op = node.node.getChild("MatchOp");
        const value = node.node.getChild("StringLiteral");
        if (label && op && value && expr.slice(label.from, label.to) === "__name__")
          nameMatchers.push({
            op: expr.slice(op.from, op.to),
            value: JSON.parse(expr.slice(value.from, value.to).replace(/^'|'$/g, '"')) as string,
          });
      }
    },
  });
  return { names, nameMatchers, errors };
}

/** Every metric name an expression's selectors can match among `known` (regex matchers included). */
export function metricsUsed(expr: string, known: ReadonlySet<string>): string[] {
  const q = parsePromQL(expr);
  const byMatcher = q.nameMatchers.flatMap((m) => {
    if (m.op === "=") return [m.value];
    if (m.op === "=~") return [...known].filter((n) => new RegExp(`^(?:${m.value})$`).test(n));
    return [];
  });
  return [...new Set([...q.names, ...byMatcher])];
}

/** Problems of one expression against the exporters' metric names: syntax, unknown names, regexes matching nothing. */
export function selectorProblems(expr: string, known: ReadonlySet<string>): string[] {
  const q = parsePromQL(expr);
  return [
    ...q.errors,
    ...q.names.filter((n) => !known.has(n)).map((n) => `metric ${n} is exported by none of the shipped exporters`),
    ...q.nameMatchers
      .filter((m) => m.op === "=~" && ![...known].some((n) => new RegExp(`^(?:${m.value})$`).test(n)))
      .map((m) => `__name__=~${JSON.stringify(m.value)} matches no exported metric`),
    ...q.nameMatchers
      .filter((m) => m.op === "=" && !known.has(m.value))
      .map((m) => `metric ${m.value} is exported by none of the shipped exporters`),
  ];
}
