import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { TfJson } from "../../helpers/synth";

/** A fresh stack with an AWS provider, for construct tests. */
export function testStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  return stack;
}

export function synth(stack: TerraformStack): TfJson {
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

/** Every resource of a type, as a list. */
export function all(json: TfJson, type: string): Record<string, unknown>[] {
  return Object.values(json.resource?.[type] ?? {});
}

/** The one resource of a type whose logical id contains `fragment`. */
export function one(json: TfJson, type: string, fragment: string): Record<string, unknown> {
  const matches = Object.entries(json.resource?.[type] ?? {}).filter(([id]) => id.includes(fragment));
  if (matches.length !== 1)
    throw new Error(`expected one ${type} matching '${fragment}', found ${matches.map(([id]) => id).join(", ") || "none"}`);
  return matches[0]![1];
}

export const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"] as const;
export const ACCOUNT = "123456789012";
