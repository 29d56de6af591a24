import { Lazy, Tokenization } from "cdktf";

/**
 * test/setup.ts formats the stack traces cdktf captures for every token with V8's own format instead
 * of source-map-support's (CPU: docs/performance.md, "Stack traces under jest"). The traces must stay
 * what cdktf's error messages print: every frame, this file included; real errors keep theirs.
 */
describe("stack traces under jest", () => {
  test("a token's creation stack still lists every frame, down to the test that made it", () => {
    const token = Tokenization.reverseString(Lazy.stringValue({ produce: () => "x" })).firstToken;
    const stack = token?.creationStack ?? [];
    expect(stack[0]).toMatch(/^new LazyBase \(.*cdktf\/lib\/tokens\/lazy\.js:\d+:\d+\)$/);
    expect(stack.some((frame) => frame.includes("stack-traces.test.ts"))).toBe(true);
  });

  test("a capture into a plain object reads as V8 writes it: a header line, then one `at` line per frame", () => {
    const capture = { stack: "" };
    Error.captureStackTrace(capture);
    const [header, ...frames] = capture.stack.split("\n");
    expect(header).toBe("Error");
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.every((f) => f.startsWith("    at "))).toBe(true);
    expect(frames[0]).toContain("stack-traces.test.ts");
  });

  test("a real error keeps its message and frames", () => {
    const stack = new TypeError("broken on purpose").stack ?? "";
    expect(stack.split("\n")[0]).toBe("TypeError: broken on purpose");
    expect(stack).toMatch(/\n {4}at .*stack-traces\.test\.ts:\d+:\d+/);
  });
});
