import { networkAndCluster } from "../constructs/eks/layer-harness";

/**
 * The cluster stack of each environment as Terraform JSON (data-layer outputs are fixed strings, see
 * layer-harness.ts). A diff in aws_eks_node_group or aws_launch_template means nodes will roll or a
 * group will be replaced: check it against runbooks/clickhouse-node-replacement.md before updating
 * with `npx jest test/snapshots --ci=false -u`.
 */
describe.each(["us", "eu", "staging"])("%s-cluster", (name) => {
  test("synthesizes to the reviewed Terraform", () => {
    expect(networkAndCluster(name).clusterJson).toMatchSnapshot();
  });
});
