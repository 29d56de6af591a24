import { APPLY_LAYERS, stackOwner } from "../../lib/layers";

describe("stackOwner", () => {
  // Two environments where one name is a prefix of the other: the case a prefix test gets wrong.
  const names = ["us", "us-west"];

  it.each(APPLY_LAYERS.map((layer) => [layer]))("gives %s stacks to the environment whose whole name precedes the layer", (layer) => {
    expect(stackOwner(`us-${layer}`, names)).toEqual({ environment: "us", layer });
    expect(stackOwner(`us-west-${layer}`, names)).toEqual({ environment: "us-west", layer });
    expect(stackOwner(`us-west-${layer}`, [...names].reverse())).toEqual({ environment: "us-west", layer });
  });

  it("leaves organization-wide, bootstrap and unknown-layer stacks without an owner", () => {
    expect(stackOwner("organization", names)).toBeUndefined();
    expect(stackOwner("bootstrap-prod-us", names)).toBeUndefined();
    expect(stackOwner("us-west", names)).toBeUndefined();
    expect(stackOwner("us-west-data", ["us"])).toBeUndefined();
  });
});
