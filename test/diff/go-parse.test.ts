import { parseGoFile } from "../../lib/diff/generate/go-parse";

/** The Go reader is tolerant of a cut-short file where it only skips, and names the problem where it needs a token. */
describe("parseGoFile on a source cut short", () => {
  test("a function whose body ends mid-statement is still read", () => {
    const file = parseGoFile("x.go", "package x\nfunc f() { x := ");
    expect([...file.funcs.values()].map((f) => f.name)).toEqual(["f"]);
  });

  test("a method receiver cut short fails with the line, not a TypeError", () => {
    expect(() => parseGoFile("x.go", "package x\nfunc (r")).toThrow(new Error("x.go ends early: a token was expected after line 2"));
  });
});
