import { buildStacks, synthJson } from "../helpers/synth";

const stacks = buildStacks();
// As app.synth() does, so the snapshot shows the remote-state lookups Terraform will run.
for (const s of stacks.values()) s.prepareStack();

describe("monitoring layer snapshots", () => {
  test.each([...stacks.keys()].filter((n) => n.endsWith("-monitoring")))("%s", (name) => {
    expect(synthJson(stacks.get(name)!)).toMatchSnapshot();
  });
});
