import { definedOnly, required } from "../../lib/defined";
import { firstPart, lastPart } from "../../lib/text";

describe("required", () => {
  test("returns a present value unchanged, falsy ones included", () => {
    expect(required("a", "x")).toBe("a");
    expect(required(0, "x")).toBe(0);
    expect(required("", "x")).toBe("");
    expect(required(false, "x")).toBe(false);
  });

  test("throws an error naming what is missing for undefined and null", () => {
    expect(() => required(undefined, "provider of member account dev")).toThrow(
      new Error("internal error: provider of member account dev is missing"),
    );
    expect(() => required(null, "a projection to show")).toThrow("a projection to show is missing");
  });
});

describe("definedOnly", () => {
  test("drops the keys whose value is undefined and keeps the others in order, null and falsy included", () => {
    const out = definedOnly({ a: 1, b: undefined, c: null, d: 0, e: "" });
    expect(out).toEqual({ a: 1, c: null, d: 0, e: "" });
    expect(Object.keys(out)).toEqual(["a", "c", "d", "e"]);
    expect("b" in out).toBe(false);
  });
});

describe("firstPart and lastPart", () => {
  test.each([
    ["s3.amazonaws.com", ".", "s3", "com"],
    ["aws_s3_bucket", "_", "aws", "bucket"],
    ["helm", "_", "helm", "helm"],
    ["", ".", "", ""],
    ["a::b::c", "::", "a", "c"],
  ])("%j split at %j: first %j, last %j", (text, separator, first, last) => {
    expect(firstPart(text, separator)).toBe(first);
    expect(lastPart(text, separator)).toBe(last);
    // The same answers as splitting (what the callers did before).
    expect(firstPart(text, separator)).toBe(text.split(separator)[0]);
    expect(lastPart(text, separator)).toBe(text.split(separator).pop());
  });
});
