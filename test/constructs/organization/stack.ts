import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { TfJson } from "../../helpers/synth";

/** A scratch stack with a default provider and two aliased ones (management, audit), for construct tests. */
export function scratchStack(): { stack: TerraformStack; management: AwsProvider; audit: AwsProvider; synth: () => TfJson } {
  const stack = new TerraformStack(Testing.app(), "test");
  const management = new AwsProvider(stack, "aws", { region: "us-east-1" });
  const audit = new AwsProvider(stack, "aws-audit", { region: "us-east-1", alias: "audit" });
  return { stack, management, audit, synth: () => JSON.parse(Testing.synth(stack)) as TfJson };
}
