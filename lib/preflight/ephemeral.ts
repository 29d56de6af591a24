/**
 * Ephemeral resources are opened during plan as well as apply: whenever an operation needs their
 * value, Terraform calls the provider's OpenEphemeralResource (Terraform Plugin Framework docs,
 * "Opening ephemeral resources", developer.hashicorp.com/terraform/plugin/framework/ephemeral-resources/open;
 * Terraform language docs, "Ephemeral resources"; read 2026-12-02). The read-only plan role must
 * be allowed the calls each AWS ephemeral type makes (EPHEMERAL_PLAN_ACTIONS).
 */
import { EPHEMERAL_PLAN_ACTIONS } from "../../constructs/bootstrap/terraform-roles";
import { isObject } from "../policy/tf";
import type { PreflightContext } from "./context";
import type { Finding } from "./finding";
import { allowsAction } from "./identity";
import { planRoleOf } from "./plan-role";
import type { World } from "./world";

export function checkEphemeralPlanActions(
  world: World,
  context: PreflightContext,
  table: Readonly<Record<string, readonly string[]>> = EPHEMERAL_PLAN_ACTIONS,
): Omit<Finding, "check">[] {
  return world.stacks.flatMap((stack) => {
    const byType = isObject(stack.json["ephemeral"]) ? stack.json["ephemeral"] : {};
    // Only the AWS provider's ephemeral resources call AWS (random_password and the like do not).
    const blocks = Object.entries(byType)
      .filter(([type]) => type.startsWith("aws_"))
      .flatMap(([type, byName]) =>
        isObject(byName) ? Object.keys(byName).map((name) => ({ type, address: `ephemeral.${type}.${name}` })) : [],
      );
    if (blocks.length === 0) return [];
    const role = planRoleOf(world, context, stack);
    return blocks.flatMap(({ type, address }) => {
      const at = (missing: string, fix: string) => [{ stack: stack.name, address, missing, fix }];
      const actions = table[type];
      if (!actions)
        return at(
          `${type} has no row in EPHEMERAL_PLAN_ACTIONS (constructs/bootstrap/terraform-roles.ts): the calls plans make to open it are not granted to the plan role`,
          `add a row for ${type} with the API calls it makes`,
        );
      if (!role)
        return at(
          `is opened during plan, but the account of ${stack.name} has no plan role in lib/config`,
          "deploy the stack into an account of the config",
        );
      const principal = role.principal;
      if (!principal)
        return at(`is opened during plan by ${role.arn}, which no stack creates`, "create the plan role in the account's bootstrap stack");
      return actions.flatMap((action) => {
        const { verdict, basis } = allowsAction(world, principal, action, undefined, "*");
        if (verdict === "allowed") return [];
        const why =
          verdict === "unknown"
            ? "has identity policies the preflight cannot read, so it cannot verify they allow"
            : "has no identity policy allowing";
        return at(
          `is opened during plan, but the plan role ${role.arn} (${principal.resource.stack.name}; policies: ${basis.join(", ") || "none"}) ${why} ${action}`,
          `allow ${action} in the plan role's identity policy (constructs/bootstrap/terraform-roles.ts, OpenEphemeralResources)`,
        );
      });
    });
  });
}
