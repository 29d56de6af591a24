import { buildStacks, resourcesOf, synthJson, type TfJson } from "../helpers/synth";

/**
 * A policy may only name principals that exist when it is set (docs/reference/deploy-constraints.md rows 1-2), and
 * a service-linked role exists only once its service or Terraform creates it. Bootstrap runs before
 * every other stack of an account, so every service-linked role an environment stack names as a
 * principal must be created there (or, for Config's, by the organization stack's baseline).
 */
const stacks = buildStacks();
const SERVICE_LINKED = /^arn:aws:iam::(\d{12}):role\/aws-service-role\/([^/]+)\/[^/]+$/;

/** Every principal ARN in every JSON policy document of a stack (policies are JSON strings). */
function principalsOf(json: TfJson): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === "string" && value.startsWith("{") && value.includes('"Statement"')) {
      try {
        for (const s of [(JSON.parse(value) as { Statement?: unknown }).Statement ?? []].flat() as { Principal?: unknown }[]) {
          const p = s.Principal;
          if (p && typeof p === "object")
            for (const v of Object.values(p)) found.push(...[v].flat().filter((x): x is string => typeof x === "string"));
        }
      } catch {
        // not a policy document
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") Object.values(value).forEach(visit);
  };
  visit(json.resource);
  visit(json.data);
  return found;
}

const created = (name: string) =>
  Object.values(resourcesOf(synthJson(stacks.get(name)!), "aws_iam_service_linked_role")).map((r) => r.aws_service_name as string);

describe("service-linked roles named in policies exist before the policy", () => {
  const named = [...stacks.entries()]
    .filter(([name]) => name !== "organization" && !name.startsWith("bootstrap-"))
    .flatMap(([name, stack]) => principalsOf(synthJson(stack)).map((arn) => ({ stack: name, match: SERVICE_LINKED.exec(arn) })))
    .filter((n): n is { stack: string; match: RegExpExecArray } => n.match !== null)
    .map((n) => ({ stack: n.stack, accountId: n.match[1]!, service: n.match[2]! }));

  test("the environment stacks name at least one service-linked role (the scan finds them)", () => {
    expect(named.length).toBeGreaterThan(0);
  });

  test.each([...new Set(named.map((n) => `${n.accountId} ${n.service}`))])("%s is created by the account's bootstrap stack", (key) => {
    const [accountId, service] = key.split(" ");
    const bootstrap = [...stacks.keys()].find(
      (name) =>
        name.startsWith("bootstrap-") &&
        (synthJson(stacks.get(name)!).provider!.aws![0] as { allowed_account_ids: string[] }).allowed_account_ids[0] === accountId,
    );
    expect(bootstrap).toBeDefined();
    expect(created(bootstrap!)).toContain(service);
  });
});
