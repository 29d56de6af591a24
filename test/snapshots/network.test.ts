import { networkAndCluster } from "../constructs/eks/layer-harness";

/**
 * The network stack of each environment as Terraform JSON. A diff here is a change to live
 * networking: read it like a plan (subnet or route replacements cut traffic), then update with
 * `npx jest test/snapshots --ci=false -u`.
 */
describe.each(["us", "eu", "staging"])("%s-network", (name) => {
  test("synthesizes to the reviewed Terraform", () => {
    expect(networkAndCluster(name).networkJson).toMatchSnapshot();
  });
});
