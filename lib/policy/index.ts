import { Aspects, type TerraformStack } from "cdktf";
import { GuardrailsAspect } from "./stack-report";

export { policyException } from "./exceptions";
export { RULES } from "./rules";

/**
 * Registers the guardrails on one stack. cdktf 0.21 ignores aspects added to the App, so every
 * stack calls this from its base class.
 */
export function registerGuardrails(stack: TerraformStack): void {
  Aspects.of(stack).add(new GuardrailsAspect(stack));
}
