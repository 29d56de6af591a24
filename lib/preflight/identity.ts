/**
 * What a principal's identity policies allow, for docs/reference/deploy-constraints.md row 4: when a trust policy
 * delegates to the account root, the caller's own identity policy must allow sts:AssumeRole on the
 * role. Evaluates inline and attached policies of roles, and of IAM Identity Center permission
 * sets for the `AWSReservedSSO_*` roles they create in assigned accounts. AWS managed policies are
 * known by a short table; any other policy the synth does not hold makes the answer "unknown".
 */
import { at } from "../policy/tf";
import { globMatch, parsePolicy, type Statement } from "./policy-document";
import type { PlacedStack, Resource, World } from "./world";
import { iamArn, partitionOfArn } from "./partition";

/** A principal the synthesized stacks create, with where its identity policies come from. */
export interface Principal {
  readonly arn: string;
  readonly resource: Resource;
  /** Policy documents (JSON strings or expressions) and managed policy ARNs attached to it. */
  readonly documents: readonly { readonly source: Resource; readonly value: unknown }[];
  readonly managedPolicyArns: readonly { readonly source: Resource; readonly value: unknown }[];
}

/**
 * AWS managed policies by name: does the policy allow sts:AssumeRole on any role? From the
 * policies' documents (AWS Managed Policy Reference Guide, AdministratorAccess and PowerUserAccess
 * v12, read 2026-12-02): AdministratorAccess allows `*`; PowerUserAccess allows everything but
 * `iam:*`, `organizations:*`, `account:*` (so sts:AssumeRole);
 * ReadOnlyAccess, ViewOnlyAccess, SecurityAudit and job-function/Billing grant no sts:AssumeRole.
 */
export const AWS_MANAGED_ASSUME_ROLE: Readonly<Record<string, boolean>> = {
  AdministratorAccess: true,
  PowerUserAccess: true,
  ReadOnlyAccess: false,
  "job-function/ViewOnlyAccess": false,
  ViewOnlyAccess: false,
  SecurityAudit: false,
  "job-function/Billing": false,
};

const ssoRoleArn = (partition: string, account: string, permissionSet: string) =>
  iamArn(partition, account, `role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_${permissionSet}_0123456789abcdef`);

/** Roles, users and Identity Center roles in an account whose ARN matches an `aws:PrincipalArn` pattern. */
export function principalsMatching(world: World, account: string, pattern: string): Principal[] {
  // The pattern names the partition: principals of the same account are in the same one.
  const partition = partitionOfArn(pattern);
  const linked = (type: string, key: string, target: Resource) =>
    world
      .resources(type)
      .filter(
        (r) =>
          world.resourceOf(r.stack, r.body[key]) === target ||
          (key === "role" && r.body[key] === target.body["name"] && r.account === target.account),
      );
  const roles = world
    .resources("aws_iam_role")
    .filter((r) => r.account === account && typeof r.body["name"] === "string")
    .map((r): Principal => ({
      arn: iamArn(partition, account, `role${String(r.body["path"] ?? "/")}${String(r.body["name"])}`),
      resource: r,
      documents: [
        ...at(r.body, "inline_policy.policy").map((value) => ({ source: r, value })),
        ...linked("aws_iam_role_policy", "role", r).map((p) => ({ source: p, value: p.body["policy"] })),
      ],
      managedPolicyArns: [
        ...at(r.body, "managed_policy_arns").map((value) => ({ source: r, value })),
        ...linked("aws_iam_role_policy_attachment", "role", r).map((p) => ({ source: p, value: p.body["policy_arn"] })),
      ],
    }));
  // IAM users (the break-glass user) with their inline and attached policies.
  const users = world
    .resources("aws_iam_user")
    .filter((r) => r.account === account && typeof r.body["name"] === "string")
    .map((r): Principal => ({
      arn: iamArn(partition, account, `user${String(r.body["path"] ?? "/")}${String(r.body["name"])}`),
      resource: r,
      documents: linked("aws_iam_user_policy", "user", r).map((p) => ({ source: p, value: p.body["policy"] })),
      managedPolicyArns: linked("aws_iam_user_policy_attachment", "user", r).map((p) => ({ source: p, value: p.body["policy_arn"] })),
    }));
  const permissionSets = world
    .resources("aws_ssoadmin_account_assignment")
    .filter((a) => a.body["target_id"] === account)
    .map((a) => world.resourceOf(a.stack, a.body["permission_set_arn"]))
    .filter((p): p is Resource => p?.type === "aws_ssoadmin_permission_set" && typeof p.body["name"] === "string")
    .map((p): Principal => ({
      arn: ssoRoleArn(partition, account, String(p.body["name"])),
      resource: p,
      documents: linked("aws_ssoadmin_permission_set_inline_policy", "permission_set_arn", p).map((i) => ({
        source: i,
        value: i.body["inline_policy"],
      })),
      managedPolicyArns: [
        ...linked("aws_ssoadmin_managed_policy_attachment", "permission_set_arn", p).map((m) => ({
          source: m,
          value: m.body["managed_policy_arn"],
        })),
        ...linked("aws_ssoadmin_customer_managed_policy_attachment", "permission_set_arn", p).map((m) => ({
          source: m,
          value: "customer-managed",
        })),
      ],
    }));
  return [...roles, ...users, ...new Map(permissionSets.map((p) => [p.arn, p])).values()].filter((p) => globMatch(pattern, p.arn));
}

export type Verdict = "allowed" | "denied" | "unknown";

/** Whether the principal's identity policies allow `sts:AssumeRole` on the role `target`. */
export function allowsAssumeRole(
  world: World,
  principal: Principal,
  target: Resource,
  targetArn: string,
): { verdict: Verdict; basis: string[] } {
  return allowsAction(world, principal, ACTION, target, targetArn);
}

/**
 * Whether an AWS managed policy allows `action` (on any resource): the sts:AssumeRole table above,
 * or for other actions what the documents say (same guide and read date): AdministratorAccess
 * allows `*`, PowerUserAccess everything but iam:*, organizations:*, account:*. The read-only
 * policies are not counted as granting any other action: callers need an explicit allow.
 */
export function managedPolicyAllows(name: string, action: string): boolean | undefined {
  const allowsAssumeRole = AWS_MANAGED_ASSUME_ROLE[name];
  if (allowsAssumeRole === undefined) return undefined;
  if (action.toLowerCase() === ACTION.toLowerCase()) return allowsAssumeRole;
  if (name === "AdministratorAccess") return true;
  if (name === "PowerUserAccess") return !/^(iam|organizations|account):/i.test(action);
  return false;
}

/**
 * Whether the principal's identity policies allow `action` on `targetArn` (`target`, when given,
 * is the resource a `${...}` Resource reference must name). Explicit denies win; policies the
 * synth does not hold make a non-allow "unknown".
 */
export function allowsAction(
  world: World,
  principal: Principal,
  action: string,
  target: Resource | undefined,
  targetArn: string,
): { verdict: Verdict; basis: string[] } {
  const statements: { s: Statement; stack: PlacedStack }[] = [];
  const basis: string[] = [];
  let unknown = false;
  let managedAllow = false;
  for (const d of principal.documents) {
    const policy = parsePolicy(d.value);
    if (policy.kind === "document") statements.push(...policy.statements.map((s) => ({ s, stack: d.source.stack })));
    else unknown = true;
    basis.push(d.source.address);
  }
  for (const m of principal.managedPolicyArns) {
    const name = typeof m.value === "string" ? /^arn:aws[a-z-]*:iam::aws:policy\/(.+)$/.exec(m.value)?.[1] : undefined;
    const allows = name === undefined ? undefined : managedPolicyAllows(name, action);
    if (name !== undefined && allows !== undefined) {
      managedAllow ||= allows;
      basis.push(name);
      continue;
    }
    const customer = world.resourceOf(m.source.stack, m.value);
    const policy = customer?.type === "aws_iam_policy" ? parsePolicy(customer.body["policy"]) : undefined;
    if (customer && policy?.kind === "document") statements.push(...policy.statements.map((s) => ({ s, stack: customer.stack })));
    else unknown = true;
    basis.push(customer?.address ?? String(m.value));
  }
  const matches = ({ s, stack }: { s: Statement; stack: PlacedStack }) =>
    actionMatches(s, action) && resourceMatches(world, s, stack, target, targetArn);
  if (statements.some((x) => x.s.Effect === "Deny" && matches(x))) return { verdict: "denied", basis };
  if (managedAllow || statements.some((x) => x.s.Effect === "Allow" && matches(x))) return { verdict: "allowed", basis };
  return { verdict: unknown ? "unknown" : "denied", basis };
}

const ACTION = "sts:AssumeRole";

function actionMatches(s: Statement, action: string): boolean {
  if (s.NotAction) return !s.NotAction.some((a) => globMatch(a, action, true));
  return s.Action.some((a) => globMatch(a, action, true));
}

function resourceMatches(world: World, s: Statement, stack: PlacedStack, target: Resource | undefined, targetArn: string): boolean {
  const hit = (value: string) =>
    value.includes("${") ? target !== undefined && world.resourceOf(stack, value) === target : globMatch(value, targetArn);
  if (s.NotResource) return !s.NotResource.some(hit);
  return s.Resource.some(hit);
}
