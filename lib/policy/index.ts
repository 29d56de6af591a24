/**
 * The guardrails: a declarative rule set (rules/*.ts: id, scanner rules mirrored, resource types,
 * check, severity, SOC 2, fix) evaluated over each stack's synthesized Terraform JSON during synth.
 *
 * - A violation is an error annotation: `npm run synth` refuses the stack with one line per problem
 *   (`<rule> <stack> <resource path>: <what> — fix: <how>`).
 * - An exception is declared next to the resource: `policyException(construct, "S3-05", "why ...")`.
 * - `npm run policy` prints rules × stacks (pass/fail/n-a/excepted) and every exception.
 * - Adding a rule: append it to a family file, give it a failing fixture in
 *   test/policy/fixtures/violations.ts, and make the secure fixture (world.ts) satisfy it.
 */
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
