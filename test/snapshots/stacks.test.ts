import * as path from "node:path";
import { loadPlatformConfig } from "../../lib/config/load";
import { buildStacks, synthJson } from "../helpers/synth";

/**
 * Regression net for the code: every stack of a frozen copy of the environment files
 * (test/fixtures/environments/, taken from environments/ on 2026-12-07) as Terraform JSON, one
 * snapshot per stack. The copy is frozen on purpose: a new or edited environment file is reviewed
 * through its plan (`npm run diff`, the plan workflow), and adding one must not fail `npm test`;
 * a change to constructs, stacks or configuration defaults shows here. Refresh the copy only when
 * the shipped files gain a feature the fixtures should exercise. Behaviour is
 * asserted elsewhere (test/constructs, test/stacks); a diff here is a change to live infrastructure,
 * so read it like a plan before updating with `npx jest test/snapshots --ci=false -u`:
 * - `<env>-network`: subnet or route replacements cut traffic;
 * - `<env>-data`: any change to a data store (identifiers, KMS keys, subnet groups) may replace it;
 * - `<env>-cluster`: a diff in aws_eks_node_group or aws_launch_template rolls nodes or replaces a
 *   group (runbooks/clickhouse-node-replacement.md);
 * - `organization`, `bootstrap-*`: SCPs, the trail, state buckets: the whole organization.
 * Built and prepared as `app.synth()` does, so cross-stack outputs and remote-state lookups show.
 */
const stacks = buildStacks(loadPlatformConfig(path.join(__dirname, "..", "fixtures", "environments")));
for (const stack of stacks.values()) stack.prepareStack();

/** Local charts ship as content-hashed assets; the hash is blanked so chart edits (tested in test/charts) do not churn this. */
const withoutAssetHashes = (json: unknown): unknown =>
  JSON.parse(JSON.stringify(json).replace(/(\.\/assets\/[^/"]+\/)[A-F0-9]{32}/g, "$1<content-hash>"));

test.each([...stacks.keys()].sort())("%s", (name) => {
  expect(withoutAssetHashes(synthJson(stacks.get(name)!))).toMatchSnapshot();
});
