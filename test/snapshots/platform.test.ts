import { loadPlatformConfig } from "../../lib/config/load";
import { buildStacks, synthJson } from "../helpers/synth";

// Regression net only: behaviour is asserted in test/stacks/platform-stack.test.ts and
// test/constructs/platform/*. Update with `npx jest -u test/snapshots/platform.test.ts`.
const config = loadPlatformConfig();
const stacks = buildStacks(config);

test.each(config.environments.map((e) => e.name))("%s platform stack", (name) => {
  expect(synthJson(stacks.get(`${name}-platform`)!)).toMatchSnapshot();
});
