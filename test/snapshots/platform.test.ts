import { loadPlatformConfig } from "../../lib/config/load";
import { buildStacks, synthJson } from "../helpers/synth";

// Regression net only: behaviour is asserted in test/stacks/platform-stack.test.ts and
// test/constructs/platform/*. Update with `npx jest -u test/snapshots/platform.test.ts`.
const config = loadPlatformConfig();
const stacks = buildStacks(config);

/**
 * Local charts ship as content-hashed assets; the hash is blanked so that editing a chart's
 * templates (tested in test/charts) does not churn this snapshot. Values passed to them still show.
 */
const withoutAssetHashes = (json: unknown): unknown =>
  JSON.parse(JSON.stringify(json).replace(/(\.\/assets\/[^/"]+\/)[A-F0-9]{32}/g, "$1<content-hash>"));

test.each(config.environments.map((e) => e.name))("%s platform stack", (name) => {
  expect(withoutAssetHashes(synthJson(stacks.get(`${name}-platform`)!))).toMatchSnapshot();
});
