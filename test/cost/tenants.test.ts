import { loadPlatformConfig } from "../../lib/config/load";
import { estimatePlatform, formatReport, PriceBook, Usage } from "../../lib/cost";
import { tenantCosts, withTenantLines } from "../../lib/cost/tenants";
import { buildStacks, synthJson } from "../helpers/synth";
import { TENANT, TENANT_ENV, tenantEnvironments } from "../helpers/tenant-fixture";

// The shipped environments plus the tenant fixture, synthesized and priced once.
const config = loadPlatformConfig(tenantEnvironments());
const stacks = [...buildStacks(config).entries()].map(([name, stack]) => ({ name, json: synthJson(stack) }));
const report = estimatePlatform(stacks, { prices: PriceBook.load(), usage: Usage.load(), config });
const account = config.environments.find((e) => e.name === TENANT_ENV)!.account.name;

describe("npm run cost: tenants on their own line", () => {
  test("a tenant's line adds up its environment's stacks (off-Terraform volumes included) and its account's bootstrap stack, against its budget", () => {
    const [line, ...others] = tenantCosts(report, config);
    expect(others).toEqual([]);
    const layers = ["network", "data", "cluster", "platform", "monitoring", "outside-terraform"].map((l) => `${TENANT_ENV}-${l}`);
    const own = [`bootstrap-${account}`, ...layers];
    expect([...line!.stacks].sort()).toEqual(own.filter((s) => report.stacks.some((r) => r.stack === s)).sort());
    expect(line!.stacks).toEqual(expect.arrayContaining([`bootstrap-${account}`, ...layers.slice(0, 5)]));
    const sum = report.stacks.filter((s) => own.includes(s.stack)).reduce((n, s) => n + s.monthlyUsd, 0);
    expect(line).toMatchObject({ tenant: TENANT, accounts: [account], environments: [TENANT_ENV], budgetUsd: 6000 });
    expect(line!.monthlyUsd).toBeCloseTo(sum, 6);
    expect(line!.monthlyUsd).toBeGreaterThan(0);
  });

  test("every output format carries the line; without tenants the report is unchanged", () => {
    const table = withTenantLines(formatReport(report, "table"), report, config, "table");
    expect(table).toMatch(
      new RegExp(`Tenants \\(dedicated installs[^\\n]*\\n[\\s\\S]*│ ${TENANT}\\s+│ ${account}\\s+│ ${TENANT_ENV}\\s+│ \\$`),
    );
    expect(withTenantLines(formatReport(report, "markdown"), report, config, "markdown")).toMatch(
      new RegExp(`\\| ${TENANT} \\| ${account} \\|`),
    );
    const json = JSON.parse(withTenantLines(formatReport(report, "json"), report, config, "json")) as { tenants: { tenant: string }[] };
    expect(json.tenants.map((t) => t.tenant)).toEqual([TENANT]);
    const [line] = tenantCosts(report, config);
    expect(table).toMatch(line!.unpricedItems > 0 ? /│ unverified \(unpriced items\)\s+│/ : /│ ok\s+│/);
    const tight = { ...config, environments: config.environments.map((e) => (e.tenant ? { ...e, monthlyBudgetUsd: 1 } : e)) };
    expect(withTenantLines("", report, tight, "table")).toMatch(/│ \$1\.00\s+│ OVER\s+│/);
    const shipped = loadPlatformConfig();
    expect(withTenantLines("report\n", report, shipped, "table")).toBe("report\n");
  });
});
