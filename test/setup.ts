import { Testing } from "cdktf";
import type * as ConfigLoad from "../lib/config/load";
import type * as Today from "./helpers/today";

Testing.setupJest();

// Configuration loaded in tests is measured on a fixed date unless the test passes its own `today`:
// see TEST_TODAY (test/helpers/today.ts) for why, and for where the real date is still checked.
// A default only; an explicit `today` wins, and code outside jest is untouched.
jest.mock("../lib/config/load", () => {
  const actual = jest.requireActual<typeof ConfigLoad>("../lib/config/load");
  const { TEST_TODAY } = jest.requireActual<typeof Today>("./helpers/today");
  return {
    ...actual,
    loadPlatformConfig: (dir?: string, options: ConfigLoad.LoadOptions = {}) =>
      actual.loadPlatformConfig(dir, { today: TEST_TODAY, ...options }),
  };
});

// cdktf captures a full stack trace for every token it creates (kept for its error messages). Under
// jest, source-map-support formats each of those frames through the source maps of every file on the
// stack: about a quarter of the CPU of a test run (docs/performance.md, "Stack traces under jest").
// Those captures pass a plain object, never an Error: they get V8's own format here, frames
// unchanged; real errors (failed expectations included) still go through source-map-support.
const mapStackTrace = Error.prepareStackTrace;
if (mapStackTrace)
  Error.prepareStackTrace = (error: unknown, frames: NodeJS.CallSite[]) =>
    error !== null && typeof error === "object" && Object.getPrototypeOf(error) === Object.prototype
      ? ["Error", ...frames.map((f) => `    at ${String(f)}`)].join("\n")
      : mapStackTrace(error as Error, frames);
