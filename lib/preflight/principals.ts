/**
 * Check 1: every AWS principal a key policy, trust policy or resource policy names exists when
 * the resource is applied. KMS rejects a policy naming a principal that does not exist
 * (docs/reference/deploy-constraints.md row 1: AWS KMS API `PutKeyPolicy`/`CreateKey` "Policy"; AWS re:Post
 * "kms-policy-error-invalid-principals", read 2026-12-02), and IAM rejects such trust and resource
 * policies the same way. A service-linked role exists only once created (row 2: IAM user guide
 * "Using service-linked roles"; EC2 Auto Scaling user guide "Service-linked roles", read 2026-12-02).
 */
import type { Finding } from "./finding";
import { awsPrincipals, federatedPrincipals, policyAttributes } from "./policy-document";
import type { PlacedStack, Resource, World } from "./world";

/** Policy-bearing types whose documents are identity policies: they name no principals. */
const IDENTITY_POLICY_TYPES = new Set([
  "aws_iam_role_policy",
  "aws_iam_policy",
  "aws_iam_user_policy",
  "aws_iam_group_policy",
  "aws_ssoadmin_permission_set_inline_policy",
  "aws_organizations_policy",
]);

/**
 * Roles that exist in an account without any stack creating them. Only documented ones:
 * AWS Organizations creates `OrganizationAccountAccessRole` (the default `RoleName`) in every
 * member account it creates; invited accounts do not get it (AWS Organizations API reference,
 * `CreateAccount` "RoleName"; user guide "Accessing member accounts", read 2026-12-02). This
 * platform creates its member accounts, so every account but the management account has it.
 */
export const ROLES_IN_EVERY_ACCOUNT: readonly {
  readonly name: string;
  readonly path: string;
  readonly holds: (account: string, world: World) => boolean;
  readonly why: string;
}[] = [
  {
    name: "OrganizationAccountAccessRole",
    path: "/",
    holds: (account, world) => managementAccounts(world).size > 0 && !managementAccounts(world).has(account),
    why: "created by AWS Organizations in member accounts",
  },
];

function managementAccounts(world: World): Set<string> {
  return new Set(world.resources("aws_organizations_organization").flatMap((r) => (r.account ? [r.account] : [])));
}

const ROOT = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;
const ROLE = /^arn:aws[a-z-]*:iam::(\d{12}):role(\/.*)?\/([^/]+)$/;
const USER = /^arn:aws[a-z-]*:iam::(\d{12}):user(\/.*)?\/([^/]+)$/;
const SERVICE_LINKED_PATH = /^\/aws-service-role\/([^/]+)\/$/;

export function checkPrincipals(world: World): Finding[] {
  const findings: Finding[] = [];
  for (const stack of world.stacks) {
    for (const resource of world.resourcesOf(stack)) {
      if (resource.mode !== "resource" || IDENTITY_POLICY_TYPES.has(resource.type)) continue;
      for (const { attribute, policy } of policyAttributes(resource.body)) {
        const at = (missing: string, fix: string) =>
          findings.push({ stack: stack.name, address: resource.address, missing, fix, check: "principals" });
        if (policy.kind === "expression") {
          at(
            `${attribute} is an expression the preflight cannot evaluate, so the principals it names cannot be verified`,
            "write the policy as a JSON document (cdktf Fn.jsonencode of a literal object synthesizes to JSON) or check its principals by hand",
          );
          continue;
        }
        if (policy.kind !== "document") continue;
        for (const statement of policy.statements) {
          const named = (principal: string, problem: { missing: string; fix: string } | undefined) =>
            problem &&
            at(`${attribute}${statement.Sid ? ` statement ${statement.Sid}` : ""} names ${principal}, ${problem.missing}`, problem.fix);
          for (const principal of awsPrincipals(statement)) named(principal, missingPrincipal(world, stack, resource, principal));
          for (const provider of federatedPrincipals(statement)) named(provider, missingIdentityProvider(world, stack, provider));
        }
      }
    }
  }
  return findings;
}

function missingPrincipal(
  world: World,
  stack: PlacedStack,
  resource: Resource,
  principal: string,
): { missing: string; fix: string } | undefined {
  if (principal === "*" || /^\d{12}$/.test(principal) || ROOT.test(principal)) return undefined;
  if (principal.includes("${")) {
    const r = world.resolve(stack, principal);
    if (r?.kind === "literal") return missingPrincipal(world, stack, resource, r.value);
    if (r?.kind === "resource" && ["aws_iam_role", "aws_iam_user", "aws_iam_service_linked_role"].includes(r.resource.type))
      return undefined;
    return {
      missing: "an expression that does not resolve to a role or user of this or an earlier stack: cannot verify it exists",
      fix: "reference the aws_iam_role (or a remote-state output of one) directly, or a literal ARN of a role an earlier stack creates",
    };
  }
  const role = ROLE.exec(principal);
  if (role) {
    const [, account, rawPath, name] = role as unknown as [string, string, string | undefined, string];
    const path = `${rawPath ?? ""}/`;
    const service = SERVICE_LINKED_PATH.exec(path)?.[1];
    if (service) {
      const created = world
        .resources("aws_iam_service_linked_role", stack)
        .some((r) => r.account === account && r.body["aws_service_name"] === service && suffixMatches(r, name));
      return created
        ? undefined
        : {
            missing: `a service-linked role that no stack up to ${stack.name} creates (it appears only once created, deploy-constraints row 2)`,
            fix: `create it before this stack: aws_iam_service_linked_role with aws_service_name "${service}" in account ${account} (in this stack or an earlier one)`,
          };
    }
    if (ROLES_IN_EVERY_ACCOUNT.some((k) => k.name === name && k.path === path && k.holds(account, world))) return undefined;
    const created = world
      .resources("aws_iam_role", stack)
      .some((r) => r.account === account && r.body["name"] === name && (r.body["path"] ?? "/") === path);
    return created
      ? undefined
      : {
          missing: `a role no stack up to ${stack.name} creates in account ${account}`,
          fix: `create aws_iam_role "${name}" (path ${path}) in this stack or an earlier one, or name a principal that exists`,
        };
  }
  const user = USER.exec(principal);
  if (user) {
    const [, account, rawPath, name] = user as unknown as [string, string, string | undefined, string];
    const created = world
      .resources("aws_iam_user", stack)
      .some((r) => r.account === account && r.body["name"] === name && (r.body["path"] ?? "/") === `${rawPath ?? ""}/`);
    return created
      ? undefined
      : {
          missing: `a user no stack up to ${stack.name} creates in account ${account}`,
          fix: "create the user in an earlier stack, or name a role that exists",
        };
  }
  return undefined;
}

const OIDC_PROVIDER = /^arn:aws[a-z-]*:iam::(\d{12}):oidc-provider\/(.+)$/;
const SAML_PROVIDER = /^arn:aws[a-z-]*:iam::(\d{12}):saml-provider\/(.+)$/;

/** A `Federated` principal: an IAM identity provider that must exist like a role (same IAM rule). */
function missingIdentityProvider(world: World, stack: PlacedStack, provider: string): { missing: string; fix: string } | undefined {
  if (provider.includes("${")) {
    const r = world.resolve(stack, provider);
    if (r?.kind === "literal") return missingIdentityProvider(world, stack, r.value);
    if (r?.kind === "resource" && ["aws_iam_openid_connect_provider", "aws_iam_saml_provider"].includes(r.resource.type)) return undefined;
    return {
      missing: "an expression that does not resolve to an identity provider of this or an earlier stack: cannot verify it exists",
      fix: "reference the aws_iam_openid_connect_provider (or a remote-state output of one) directly",
    };
  }
  const oidc = OIDC_PROVIDER.exec(provider);
  const saml = SAML_PROVIDER.exec(provider);
  const match = oidc ?? saml;
  if (!match) return undefined;
  const [, account, id] = match;
  const created = oidc
    ? world
        .resources("aws_iam_openid_connect_provider", stack)
        .some((r) => r.account === account && String(r.body["url"] ?? "").replace(/^https:\/\//, "") === id)
    : world.resources("aws_iam_saml_provider", stack).some((r) => r.account === account && r.body["name"] === id);
  return created
    ? undefined
    : {
        missing: `an identity provider no stack up to ${stack.name} creates in account ${account}`,
        fix: "create the identity provider in this stack or an earlier one",
      };
}

/** `AWSServiceRoleForX` matches a role without custom suffix; `AWSServiceRoleForX_s` one with suffix `s`. */
function suffixMatches(slr: Resource, roleName: string): boolean {
  const suffix = slr.body["custom_suffix"];
  return typeof suffix === "string" ? roleName.endsWith(`_${suffix}`) : !roleName.includes("_");
}
