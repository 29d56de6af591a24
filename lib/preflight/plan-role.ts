/**
 * The identity that plans a stack: the plan role of the account the stack's AWS provider deploys
 * into (AccountConfig.planRoleArn), and the principals the synthesized stacks create for it.
 */
import { isObject } from "../policy/tf";
import type { PreflightContext } from "./context";
import { principalsMatching, type Principal } from "./identity";
import type { PlacedStack, World } from "./world";

/** Account id of the stack's default AWS provider. */
export function stackAccount(stack: PlacedStack): string | undefined {
  const providers = isObject(stack.json["provider"]) ? stack.json["provider"]["aws"] : undefined;
  const aws = (Array.isArray(providers) ? providers : [providers]).find((p) => isObject(p) && p["alias"] === undefined);
  const ids = isObject(aws) ? aws["allowed_account_ids"] : undefined;
  return Array.isArray(ids) && typeof ids[0] === "string" ? ids[0] : undefined;
}

export interface PlanRole {
  readonly account: string;
  readonly arn: string;
  /** The role as a stack creates it, when one does. */
  readonly principal: Principal | undefined;
}

export function planRoleOf(world: World, context: PreflightContext, stack: PlacedStack): PlanRole | undefined {
  const account = stackAccount(stack);
  const arn = context.accounts.find((a) => a.id === account)?.planRoleArn;
  if (!account || !arn) return undefined;
  return { account, arn, principal: principalsMatching(world, account, arn).find((p) => p.arn === arn) };
}
