import { Testing } from "cdktf";
import { loadPlatformConfig } from "../../lib/config/load";
import { DataStack } from "../../stacks/data-stack";
import { NetworkStack } from "../../stacks/network-stack";
import { synthJson } from "../helpers/synth";

/**
 * Regression net for the data layer: any change to a data store shows up here for review.
 * Built as lib/app.ts wires it (network, then data) and nothing above, so an in-progress layer
 * above cannot break or churn this snapshot.
 */
const config = loadPlatformConfig();

describe.each(config.environments.map((e) => e.name))("%s-data", (name) => {
  test("synthesized Terraform JSON", () => {
    const env = config.environments.find((e) => e.name === name)!;
    const app = Testing.app();
    const network = new NetworkStack(app, `${name}-network`, { env });
    expect(synthJson(new DataStack(app, `${name}-data`, { env, network: network.outputs }))).toMatchSnapshot();
  });
});
