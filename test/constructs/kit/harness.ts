import { Testing, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
// Type only: the helpers' runtime pulls in every stack of the app, which construct tests do not need.
import type { TfJson } from "../../helpers/synth";

export type { TfJson };

/** Builds constructs in a fresh stack (default AWS provider, us-east-1) and returns the synthesized JSON. */
export function synthConstruct(build: (stack: TerraformStack) => Construct | void): TfJson {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  build(stack);
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

/** Every resource of a type, with its construct id (the last part of its metadata path). */
export function all(json: TfJson, type: string): Record<string, unknown>[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** The only resource of a type; fails the test when there is not exactly one. */
export function only(json: TfJson, type: string): Record<string, unknown> {
  const found = all(json, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0]!;
}
