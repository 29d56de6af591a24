/* eslint-disable no-template-curly-in-string -- the strings below are GitHub expressions, not templates */
import { evaluateCondition, evaluateExpression, evaluateValue, type ExpressionContext } from "../helpers/gh-expression";

const ctx = (contexts: ExpressionContext["contexts"] = {}, needsResults: ExpressionContext["needsResults"] = []): ExpressionContext => ({
  contexts,
  needsResults,
});
const ev = (e: string, c = ctx()) => evaluateExpression(e, c);

describe("the GitHub expression evaluator (test/helpers/gh-expression.ts)", () => {
  test("literals, and loose equality as GitHub documents it", () => {
    expect(ev("'it''s'")).toBe("it's");
    expect(ev("'abc' == 'ABC'")).toBe(true);
    expect(ev("1 == '1'")).toBe(true);
    expect(ev("null == 0")).toBe(true);
    expect(ev("true == 1")).toBe(true);
    expect(ev("'a' == 0")).toBe(false);
    expect(ev("'0' != 0")).toBe(false);
    expect(ev("2 > 1.5 && 'b' >= 'A'")).toBe(true);
  });

  test("&& and || return an operand; precedence: ! over comparison over && over ||", () => {
    expect(ev("null && 'x'")).toBe(null);
    expect(ev("'' || 'default'")).toBe("default");
    expect(ev("!false && false")).toBe(false);
    expect(ev("true || false && false")).toBe(true);
    expect(ev("(true || false) && false")).toBe(false);
  });

  test("contexts: case-insensitive properties, index access, the object filter, null for what is missing", () => {
    const c = ctx({
      github: { event: { pull_request: { labels: [{ name: "allow-destroy" }, { name: "docs" }] } }, ref: "refs/heads/main" },
      matrix: { "runs-on": "x" },
    });
    expect(ev("github.event.pull_request.labels.*.name", c)).toEqual(["allow-destroy", "docs"]);
    expect(ev("contains(github.event.pull_request.labels.*.name, 'ALLOW-destroy')", c)).toBe(true);
    expect(ev("contains(github.event.pull_request.labels.*.name, 'other')", c)).toBe(false);
    expect(ev("GitHub.Ref", c)).toBe("refs/heads/main");
    expect(ev("matrix['runs-on']", c)).toBe("x");
    expect(ev("github.event.nothing.here", c)).toBe(null);
  });

  test("functions the workflows use", () => {
    expect(ev("format('{0}-{1}-{2}', 'codebuild-eu', 123, 1)")).toBe("codebuild-eu-123-1");
    expect(ev('fromJSON(\'{"include":[{"stack":"eu-data"}]}\')')).toEqual({ include: [{ stack: "eu-data" }] });
    expect(ev("startsWith('refs/heads/main', 'refs/heads/')")).toBe(true);
    expect(ev("join(fromJSON('[1,2]'), '+')")).toBe("1+2");
  });

  test("what it does not know throws instead of guessing", () => {
    expect(() => ev("hashFiles('x')")).toThrow(/unknown function hashfiles/);
    expect(() => ev("secrets.TOKEN")).toThrow(/unknown context secrets/);
    expect(() => ev("a ==")).toThrow(/unexpected end/);
    expect(() => ev("format('{1}', 'a')")).toThrow(/no argument \{1\}/);
  });

  test("values: one ${{ }} keeps its type, text interpolates", () => {
    const c = ctx({ matrix: { runsOn: "ubuntu-latest", n: 3 }, github: { run_id: 9 } });
    expect(evaluateValue("${{ matrix.n }}", c)).toBe(3);
    expect(evaluateValue("plan-${{ matrix.runsOn }}-${{ github.run_id }}", c)).toBe("plan-ubuntu-latest-9");
    const runsOn = "${{ matrix.runsOn == 'ubuntu-latest' && 'ubuntu-latest' || format('{0}-{1}', matrix.runsOn, github.run_id) }}";
    expect(evaluateValue(runsOn, c)).toBe("ubuntu-latest");
    expect(evaluateValue(runsOn, ctx({ matrix: { runsOn: "codebuild-eu" }, github: { run_id: 9 } }))).toBe("codebuild-eu-9");
  });

  test("if: conditions get an implicit success() unless they call a status function", () => {
    const c = (results: ExpressionContext["needsResults"]) => ctx({ x: "1" }, results);
    expect(evaluateCondition(undefined, c(["success"]))).toBe(true);
    expect(evaluateCondition(undefined, c(["skipped"]))).toBe(false);
    expect(evaluateCondition("x == '1'", c(["failure"]))).toBe(false);
    expect(evaluateCondition("${{ x == '1' }}", c(["success"]))).toBe(true);
    expect(evaluateCondition("${{ !cancelled() && !failure() && x == '1' }}", c(["success", "skipped"]))).toBe(true);
    expect(evaluateCondition("${{ !cancelled() && !failure() && x == '1' }}", c(["failure"]))).toBe(false);
    expect(evaluateCondition("always()", c(["failure"]))).toBe(true);
  });
});
