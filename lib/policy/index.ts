import type { TerraformStack } from "cdktf";

/**
 * Registers the guardrails on one stack. cdktf 0.21 ignores aspects added to the App, so every
 * stack calls this from its base class.
 */
export function registerGuardrails(_stack: TerraformStack): void {
  // The policy suite (lib/policy/rules) plugs in here.
}
