import { buildStacks, synthJson } from "../helpers/synth";

/**
 * Regression net: every shipped stack as Terraform JSON, one snapshot per stack. Behaviour is
 * asserted elsewhere (test/constructs, test/stacks); a diff here is a change to live infrastructure,
 * so read it like a plan before updating with `npx jest test/snapshots --ci=false -u`:
 * - `<env>-network`: subnet or route replacements cut traffic;
 * - `<env>-data`: any change to a data store (identifiers, KMS keys, subnet groups) may replace it;
 * - `<env>-cluster`: a diff in aws_eks_node_group or aws_launch_template rolls nodes or replaces a
 *   group (runbooks/clickhouse-node-replacement.md);
 * - `organization`, `bootstrap-*`: SCPs, the trail, state buckets: the whole organization.
 * Built and prepared as `app.synth()` does, so cross-stack outputs and remote-state lookups show.
 */
const stacks = buildStacks();
for (const stack of stacks.values()) stack.prepareStack();

/** Local charts ship as content-hashed assets; the hash is blanked so chart edits (tested in test/charts) do not churn this. */
const withoutAssetHashes = (json: unknown): unknown =>
  JSON.parse(JSON.stringify(json).replace(/(\.\/assets\/[^/"]+\/)[A-F0-9]{32}/g, "$1<content-hash>"));

test.each([...stacks.keys()].sort())("%s", (name) => {
  expect(withoutAssetHashes(synthJson(stacks.get(name)!))).toMatchSnapshot();
});
