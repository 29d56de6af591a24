import type { ConfigProblem } from "./problems";
import type { EnvironmentConfig } from "./model";

/**
 * A dedicated install (docs/tenants.md) lives in its customer's own account: the account is the
 * boundary AWS isolates (IAM, quotas, KMS keys, bills) and offboarding closes it. So an
 * environment's tenant must be its account's, a shared environment may not use a tenant's account,
 * and a tenant's spend is checked against its contract budget (`monthlyBudgetUsd`).
 */
export function checkTenant(env: EnvironmentConfig, accountsFile: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const account = env.account;
  if (env.tenant && account.tenant !== env.tenant) {
    problems.push({
      file: env.file,
      field: "tenant",
      message: `the tenant of its account: a dedicated install runs in the customer's own account (set accounts.${account.name}.tenant: ${env.tenant} in ${accountsFile}, or use an account that has it); account ${account.name} has ${account.tenant ? `tenant ${account.tenant}` : "no tenant"}`,
      value: env.tenant,
    });
  }
  if (!env.tenant && account.tenant) {
    problems.push({
      file: env.file,
      field: "account",
      message: `an account that holds no tenant's install: ${account.name} is tenant ${account.tenant}'s alone (or set tenant: ${account.tenant})`,
      value: account.name,
    });
  }
  if (env.tenant && env.monthlyBudgetUsd === null) {
    problems.push({
      file: env.file,
      field: "monthlyBudgetUsd",
      message: `required for a dedicated install (tenant ${env.tenant}): the customer's contracted monthly infrastructure spend, checked by npm run cost -- --check-budgets`,
    });
  }
  return problems;
}
