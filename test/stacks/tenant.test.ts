import { loadPlatformConfig } from "../../lib/config/load";
import { ConfigError, formatProblem } from "../../lib/config/problems";
import { buildStacks, synthJson, type TfJson } from "../helpers/synth";
import { TENANT, TENANT_ENV, tenantEnvironments } from "../helpers/tenant-fixture";

function problems(envEdits: (text: string) => string): string[] {
  try {
    loadPlatformConfig(tenantEnvironments(envEdits));
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map(formatProblem);
    throw err;
  }
}

type Provider = { alias?: string; default_tags?: { tags: Record<string, string> }[] };
const providers = (json: TfJson) => (json.provider?.["aws"] ?? []) as Provider[];

/** Every AWS resource of a stack with the default tags of the provider it is created through. */
function resourcesWithTags(json: TfJson): { address: string; tags: Record<string, string> }[] {
  const byAlias = new Map(providers(json).map((p) => [p.alias ? `aws.${p.alias}` : "aws", p.default_tags?.[0]?.tags ?? {}]));
  return Object.entries(json.resource ?? {})
    .filter(([type]) => type.startsWith("aws_"))
    .flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, body]) => {
        const own = (body["tags"] ?? {}) as Record<string, string>;
        return { address: `${type}.${name}`, tags: { ...byAlias.get(String(body["provider"] ?? "aws")), ...own } };
      }),
    );
}

describe("the tenant tag check", () => {
  test("catches a resource created through a provider without the tag, and an own tag overriding it", () => {
    const json: TfJson = {
      provider: { aws: [{ default_tags: [{ tags: { tenant: TENANT } }] }, { alias: "other" }] },
      resource: {
        aws_s3_bucket: { tagged: {}, viaOther: { provider: "aws.other" }, overridden: { tags: { tenant: "someone-else" } } },
        kubernetes_namespace_v1: { ns: {} },
      },
    };
    expect(
      resourcesWithTags(json)
        .filter((r) => r.tags["tenant"] !== TENANT)
        .map((r) => r.address),
    ).toEqual(["aws_s3_bucket.viaOther", "aws_s3_bucket.overridden"]);
  });
});

describe("a dedicated customer install (test/fixtures/tenant-acme)", () => {
  const config = loadPlatformConfig(tenantEnvironments());
  const env = config.environments.find((e) => e.name === TENANT_ENV)!;
  const stacks = buildStacks(config);
  const account = env.account;
  const tenantStacks = [...stacks.keys()].filter((s) => s.startsWith(`${TENANT_ENV}-`) || s === `bootstrap-${account.name}`);

  test("has its own account, VPC, cluster, Kafka, ClickHouse and Postgres", () => {
    expect(config.environments.filter((e) => e.account.name === account.name).map((e) => e.name)).toEqual([TENANT_ENV]);
    expect(tenantStacks.sort()).toEqual(
      [`bootstrap-${account.name}`, ...["cluster", "data", "monitoring", "network", "platform"].map((l) => `${TENANT_ENV}-${l}`)].sort(),
    );
    const data = synthJson(stacks.get(`${TENANT_ENV}-data`)!);
    expect(Object.keys(data.resource ?? {})).toEqual(expect.arrayContaining(["aws_db_instance", "aws_msk_cluster"]));
    expect(Object.keys(synthJson(stacks.get(`${TENANT_ENV}-network`)!).resource ?? {})).toContain("aws_vpc");
    expect(Object.keys(synthJson(stacks.get(`${TENANT_ENV}-cluster`)!).resource ?? {})).toContain("aws_eks_cluster");
  });

  test.each(tenantStacks)("%s: every AWS resource carries tenant through its provider's default tags", (name) => {
    const json = synthJson(stacks.get(name)!);
    const resources = resourcesWithTags(json);
    expect(resources.length).toBeGreaterThan(0);
    expect(resources.filter((r) => r.tags["tenant"] !== TENANT).map((r) => r.address)).toEqual([]);
  });

  test("the organization stack's provider for the tenant's account tags its baseline tenant; no shared resource carries it", () => {
    const org = providers(synthJson(stacks.get("organization")!));
    expect(org.find((p) => p.alias === account.name)?.default_tags?.[0]?.tags["tenant"]).toBe(TENANT);
    const shared = [...stacks.keys()].filter((s) => !tenantStacks.includes(s));
    for (const s of shared) {
      const tagged = providers(synthJson(stacks.get(s)!)).filter((p) => p.alias !== account.name && p.default_tags?.[0]?.tags["tenant"]);
      expect({ stack: s, tagged }).toEqual({ stack: s, tagged: [] });
    }
  });

  test("a tenant in a shared account, or a shared environment in a tenant's account, is refused", () => {
    expect(problems((t) => t.replace("account: tenant-zz-acme", "account: prod-us")).join("\n")).toMatch(
      /zz-acme\.yaml: tenant: the tenant of its account: a dedicated install runs in the customer's own account .*account prod-us has no tenant \(got "acme"\)/,
    );
    expect(problems((t) => t.replace("tenant: acme\n", "")).join("\n")).toMatch(
      /zz-acme\.yaml: account: an account that holds no tenant's install: tenant-zz-acme is tenant acme's alone .*\(got "tenant-zz-acme"\)/,
    );
  });

  test("a tenant without a budget is refused: its spend is checked against the contract", () => {
    expect(problems((t) => t.replace(/^monthlyBudgetUsd: .*\n/m, "")).join("\n")).toMatch(
      /zz-acme\.yaml: monthlyBudgetUsd: required for a dedicated install \(tenant acme\)/,
    );
  });
});
