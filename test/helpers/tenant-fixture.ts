import * as fs from "node:fs";
import * as path from "node:path";
import { parse, parseDocument } from "yaml";
import { environmentsFixture, freeVpcCidr, shippedFile } from "./fixtures";

const FIXTURE = path.join(__dirname, "..", "fixtures", "tenant-acme");

/** The tenant fixture's environment name and tenant (test/fixtures/tenant-acme). */
export const TENANT_ENV = "zz-acme";
export const TENANT = "acme";

/**
 * The shipped environment files plus the dedicated install of test/fixtures/tenant-acme, the way
 * docs/tenants.md onboards one: its account added to accounts.yaml, the organization's budget raised
 * by the account's, and its environment file on a VPC range no shipped file uses. Returns the folder.
 */
export function tenantEnvironments(envEdits: (text: string) => string = (t) => t): string {
  const entry = parse(fs.readFileSync(path.join(FIXTURE, "account.yaml"), "utf8")) as Record<string, { monthlyBudgetUsd: number }>;
  const accounts = parseDocument(shippedFile("accounts.yaml"));
  for (const [name, account] of Object.entries(entry)) {
    accounts.setIn(["accounts", name], account);
    const budget = Number(accounts.getIn(["organization", "monthlyBudgetUsd"]));
    accounts.setIn(["organization", "monthlyBudgetUsd"], budget + account.monthlyBudgetUsd);
  }
  const env = fs.readFileSync(path.join(FIXTURE, `${TENANT_ENV}.yaml`), "utf8").replace(/^vpcCidr: .*$/m, `vpcCidr: ${freeVpcCidr()}`);
  return environmentsFixture({ "accounts.yaml": accounts.toString(), [`${TENANT_ENV}.yaml`]: envEdits(env) });
}
