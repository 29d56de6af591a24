import { Annotations, Testing, TerraformStack } from "cdktf";
import { PropsProblems } from "../../constructs/kit/validation";
import { ConfigError } from "../../lib/config/problems";
import { inputErrorMessage } from "../../lib/input-error";

/** What `cdktf synth` (main.ts) prints instead of a stack trace. */
describe("inputErrorMessage", () => {
  const thrown = (run: () => void): unknown => {
    try {
      run();
    } catch (err) {
      return err;
    }
    throw new Error("nothing was thrown");
  };

  test("an environment file the loader refused: the loader's message, naming file, field and value", () => {
    const err = new ConfigError([{ file: "us.yaml", field: "vpcCidr", message: "a private /16", value: "10.0.0.0/33" }]);
    expect(inputErrorMessage(err)).toBe(err.message);
    expect(inputErrorMessage(err)).toMatch(/us\.yaml.*vpcCidr/);
  });

  test("props a construct refused: every problem, naming the construct path", () => {
    const stack = new TerraformStack(Testing.app(), "probe");
    const err = thrown(() => new PropsProblems(stack).add("size", 0, "1 or more").add("name", "", "a name").throwIfAny());
    expect(inputErrorMessage(err)).toMatch(/^probe: size: 1 or more \(got 0\)\nprobe: name: a name/);
  });

  test("policy findings cdktf reports as error annotations: one line each, no advice to ignore them", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "us-data");
    Annotations.of(stack).addError("S3-01 bucket is public");
    const err = thrown(() => app.synth());
    expect(inputErrorMessage(err)).toMatch(/^1 problem .*\nS3-01 bucket is public$/);
  });

  test("anything else is a defect and keeps its stack trace (undefined: main.ts rethrows it)", () => {
    expect(inputErrorMessage(new TypeError("x is undefined"))).toBeUndefined();
    expect(inputErrorMessage("a string")).toBeUndefined();
  });
});
