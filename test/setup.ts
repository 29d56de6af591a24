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
