import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { IPv4CidrRange } from "ip-num";
import type { z } from "zod";
import { deriveSizing } from "../sizing";
import { deployedLevers } from "./deployed-levers";
import { repoRoot } from "../paths";
import { defaultAvailabilityZones } from "./regions";
import { accountsSchema, environmentSchema, ORGANIZATIONAL_UNITS, type AccountsInput, type EnvironmentInput } from "./schema";
import { ConfigError, type ConfigProblem } from "./problems";
import { checkEnvironment, checkRecoveryCidrs, checkSessionPreferences } from "./rules";
import type { AccountConfig, EnvironmentConfig, OrganizationConfig, PlatformConfig, TerraformRoleNames } from "./model";
import { required } from "../defined";
import { resolveSections } from "./sections/registry";
import { arn } from "../catalog/partitions";
import { checkEnvironmentPartition, checkOrganizationPartition } from "./partition-rules";
import { checkTenant } from "./tenant-rules";
import { withTenant } from "./tags";
import { stateLocation, withStateLocations } from "./state-locations";

export const ACCOUNTS_FILE = "accounts.yaml";

/** Default directory of the environment files. */
export function environmentsDir(): string {
  return path.join(repoRoot(), "environments");
}

export interface LoadOptions {
  /** The date support windows are measured from. @default now */
  readonly today?: Date;
}

/**
 * Reads, validates and resolves every file in the environments directory. Validation covers all
 * files together and collects every problem before throwing one ConfigError.
 */
export function loadPlatformConfig(dir: string = environmentsDir(), options: LoadOptions = {}): PlatformConfig {
  const problems: ConfigProblem[] = [];
  // Files inside the repository are named relative to its root, others by absolute path.
  const rel = (file: string) => {
    const relative = path.relative(repoRoot(), path.join(dir, file));
    return relative.startsWith("..") ? path.join(dir, file) : relative;
  };

  if (!fs.existsSync(dir)) throw new ConfigError([{ file: rel(""), field: "", message: "the environments directory does not exist" }]);
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const accountsFile = files.find((f) => f === ACCOUNTS_FILE);
  if (!accountsFile) {
    throw new ConfigError([
      { file: rel(ACCOUNTS_FILE), field: "", message: "missing: every environment references an account declared there" },
    ]);
  }

  const accountsInput = parseFile(dir, accountsFile, rel(accountsFile), accountsSchema, problems);
  const envInputs = files
    .filter((f) => f !== ACCOUNTS_FILE)
    .map((f) => ({ file: rel(f), base: f.replace(/\.ya?ml$/, ""), input: parseFile(dir, f, rel(f), environmentSchema, problems) }));
  if (envInputs.length === 0) problems.push({ file: rel(""), field: "", message: "no environment files (<name>.yaml) found" });
  if (!accountsInput) throw new ConfigError(problems);

  const { organization, accounts } = resolveAccounts(accountsInput, rel(accountsFile), problems);
  problems.push(...checkOrganizationPartition(organization, accounts, rel(accountsFile)));
  const byName = new Map(accounts.map((a) => [a.name, a]));
  const environments: EnvironmentConfig[] = [];
  for (const { file, base, input } of envInputs) {
    if (!input) continue;
    const account = byName.get(input.account);
    if (!account) {
      problems.push({
        file,
        field: "account",
        message: `an account declared in ${rel(accountsFile)}: one of ${[...byName.keys()].join(", ")}`,
        value: input.account,
      });
      continue;
    }
    const env = resolveEnvironment(input, base, file, account, organization);
    problems.push(
      ...checkEnvironmentPartition(env, organization),
      ...checkTenant(env, rel(accountsFile)),
      ...checkEnvironment(env, options.today ?? new Date()),
    );
    environments.push(env);
  }
  problems.push(...checkAcrossEnvironments(environments), ...checkRecoveryCidrs(environments), ...checkSessionPreferences(environments));
  const located = withStateLocations(organization, accounts, environments, rel(accountsFile));
  problems.push(...located.problems);
  if (problems.length > 0) throw new ConfigError(problems);
  located.environments.sort((a, b) => a.name.localeCompare(b.name));
  return { organization: located.organization, accounts: located.accounts, environments: located.environments };
}

function parseFile<S extends z.ZodType>(
  dir: string,
  name: string,
  file: string,
  schema: S,
  problems: ConfigProblem[],
): z.output<S> | undefined {
  const text = fs.readFileSync(path.join(dir, name), "utf8");
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const at = e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "";
      problems.push({ file, field: at, message: `invalid YAML: ${e.message.split(" at line ")[0]}` });
    }
    return undefined;
  }
  const result = schema.safeParse(doc.toJS() ?? {}, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join(".");
    const value = "input" in issue ? issue.input : undefined;
    problems.push({ file, field, message: describeIssue(issue), value: issue.code === "unrecognized_keys" ? undefined : value });
  }
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys")
    return `unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(", ")}: remove or correct the spelling (the JSON Schema lists the allowed fields)`;
  if (issue.code === "invalid_value") return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  // A missing field reaches zod as undefined of the wrong type: say what that means.
  if (issue.code === "invalid_type" && "input" in issue && issue.input === undefined) return `required (${issue.expected})`;
  return issue.message;
}

function resolveAccounts(
  input: AccountsInput,
  file: string,
  problems: ConfigProblem[],
): { organization: OrganizationConfig; accounts: AccountConfig[] } {
  const org = input.organization;
  const roleNames: TerraformRoleNames = {
    deploy: input.roles?.deploy ?? "terraform-deploy",
    plan: input.roles?.plan ?? "terraform-plan",
    state: input.roles?.state ?? "terraform-state",
    stateRead: input.roles?.stateRead ?? "terraform-state-read",
  };
  // Each role's trust and guardrails name the others: two roles under one name would merge them.
  const names = Object.values(roleNames);
  if (new Set(names).size !== names.length)
    problems.push({
      file,
      field: "roles",
      message:
        "four different role names (deploy, plan, state, stateRead; defaults terraform-deploy, terraform-plan, terraform-state, terraform-state-read)",
      value: names.join(", "),
    });
  const stateKmsAliasName = `alias/${org.name}-tfstate`;
  const partition = org.partition ?? "aws";
  const accounts = Object.entries(input.accounts)
    .map(([name, a]): AccountConfig => {
      const homeRegion = a.homeRegion ?? org.homeRegion;
      const role = (r: string) => arn({ partition, service: "iam", account: a.id, resource: `role/${r}` });
      const names = { organizationName: org.name, partition, accountId: a.id, homeRegion, kmsAliasName: stateKmsAliasName };
      // The home region's; the other regions' are added once the environments are known (withStateLocations).
      const home = stateLocation(names, homeRegion);
      return {
        name,
        id: a.id,
        email: a.email,
        organizationalUnit: a.organizationalUnit,
        tenant: a.tenant ?? null,
        partition,
        homeRegion,
        deployRoleArn: role(roleNames.deploy),
        planRoleArn: role(roleNames.plan),
        stateRoleArn: role(roleNames.state),
        stateReadRoleArn: role(roleNames.stateRead),
        stateBucket: home.bucket,
        stateKmsKeyArn: home.kmsKeyArn,
        stateKmsAliasName,
        stateLocations: { [homeRegion]: home },
        clusterAccess: { admin: a.clusterAccess?.admin ?? [], readOnly: a.clusterAccess?.readOnly ?? [] },
        monthlyBudgetUsd: a.monthlyBudgetUsd,
        permissionSets:
          a.permissionSets ?? (name === org.managementAccount ? ["admin", "read-only", "billing"] : ["admin", "sre", "read-only"]),
      };
    })
    .sort((x, y) => x.name.localeCompare(y.name));

  const seen = new Map<string, string>();
  for (const a of accounts) {
    const other = seen.get(a.id);
    if (other)
      problems.push({ file, field: `accounts.${a.name}.id`, message: `each account id once (also used by '${other}')`, value: a.id });
    seen.set(a.id, a.name);
  }
  let management = accounts.find((a) => a.name === org.managementAccount);
  if (!management) {
    problems.push({
      file,
      field: "organization.managementAccount",
      message: `a key of accounts: one of ${accounts.map((a) => a.name).join(", ")}`,
      value: org.managementAccount,
    });
    management = accounts[0];
  } else if (management.organizationalUnit !== "root") {
    problems.push({
      file,
      field: `accounts.${management.name}.organizationalUnit`,
      message: "the management account stays at the root",
      value: management.organizationalUnit,
    });
  }
  if (!management) throw new ConfigError([...problems, { file, field: "accounts", message: "at least one account" }]);
  for (const a of accounts) {
    if (a !== management && a.organizationalUnit === "root") {
      problems.push({
        file,
        field: `accounts.${a.name}.organizationalUnit`,
        message: `an organizational unit (${ORGANIZATIONAL_UNITS.filter((u) => u !== "root").join(", ")}): only the management account stays at the root`,
        value: a.organizationalUnit,
      });
    }
  }
  const managementAccount: AccountConfig = management; // narrowed above; the closure below needs a const
  // Delegated administrators must be member accounts: AWS refuses the management account.
  const memberAccount = (field: "logArchiveAccount" | "auditAccount"): AccountConfig => {
    const found = accounts.find((a) => a.name === org[field] && a.name !== managementAccount.name);
    if (!found)
      problems.push({
        file,
        field: `organization.${field}`,
        message: `a key of accounts other than the management account: one of ${accounts
          .filter((a) => a !== management)
          .map((a) => a.name)
          .join(", ")}`,
        value: org[field],
      });
    return found ?? managementAccount;
  };
  const accountBudgets = accounts.reduce((sum, a) => sum + a.monthlyBudgetUsd, 0);
  if (accountBudgets > org.monthlyBudgetUsd) {
    problems.push({
      file,
      field: "accounts.*.monthlyBudgetUsd",
      message: `account budgets adding up to at most organization.monthlyBudgetUsd (${org.monthlyBudgetUsd}): take the new account's budget from another account, or raise the organization's`,
      value: accountBudgets,
    });
  }
  const logArchiveAccount = memberAccount("logArchiveAccount");
  const auditAccount = memberAccount("auditAccount");
  const organization: OrganizationConfig = {
    name: org.name,
    partition,
    managementAccount: management,
    homeRegion: org.homeRegion,
    monthlyBudgetUsd: org.monthlyBudgetUsd,
    team: org.team,
    costCenter: org.costCenter,
    repository: org.repository,
    roleNames,
    githubRepository: org.githubRepository,
    logArchiveAccount,
    auditAccount,
    budgetAlertEmails: org.budgetAlertEmails,
    securityAlerts: org.securityAlerts,
    stackTags: {
      organization: platformTags("organization", "production", org.team, org.costCenter, org.repository),
      bootstrap: platformTags("bootstrap", "production", org.team, org.costCenter, org.repository),
    },
    accountAccessRoleName: org.accountAccessRoleName ?? "OrganizationAccountAccessRole",
    identityCenter: org.identityCenter,
  };
  return { organization, accounts };
}

/** The tag set every resource carries (provider default tags), for one environment or stack. */
function platformTags(environment: string, tier: string, team: string, costCenter: string, repository: string): Record<string, string> {
  return { environment, tier, team, "cost-center": costCenter, "managed-by": "cdktf", repository };
}

function resolveEnvironment(
  input: EnvironmentInput,
  base: string,
  file: string,
  account: AccountConfig,
  org: OrganizationConfig,
): EnvironmentConfig {
  const tier = input.tier;
  const sized = deriveSizing(input.eventsPerMonth, tier, input, deployedLevers(tier, input));
  const name = input.name ?? base;
  const team = input.owner?.team ?? org.team;
  const costCenter = input.owner?.costCenter ?? org.costCenter;
  return {
    name,
    file,
    tier,
    account,
    region: input.region,
    residency: input.residency ?? null,
    availabilityZones: input.availabilityZones ?? defaultAvailabilityZones(input.region),
    vpcCidr: input.vpcCidr,
    eventsPerMonth: input.eventsPerMonth,
    monthlyBudgetUsd: input.monthlyBudgetUsd ?? null,
    tenant: input.tenant ?? null,
    tags: withTenant(platformTags(name, tier, team, costCenter, org.repository), input.tenant ?? null),
    // Every section: file over capacity plan (sized sections) over tier defaults (sections/registry.ts).
    ...resolveSections(tier, input, sized),
  };
}

function checkAcrossEnvironments(envs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const names = new Map<string, string>();
  for (const env of envs) {
    const other = names.get(env.name);
    if (other)
      problems.push({ file: env.file, field: "name", message: `a name no other environment uses (${other} has it too)`, value: env.name });
    else names.set(env.name, env.file);
    if (env.name === "organization" || env.name === "bootstrap") {
      problems.push({
        file: env.file,
        field: "name",
        message: "a name other than the reserved stack names 'organization' and 'bootstrap'",
        value: env.name,
      });
    }
  }
  for (let i = 0; i < envs.length; i++) {
    for (let j = i + 1; j < envs.length; j++) {
      const a = required(envs[i], `environment ${i}`);
      const b = required(envs[j], `environment ${j}`);

      const ra = IPv4CidrRange.fromCidr(a.vpcCidr);
      const rb = IPv4CidrRange.fromCidr(b.vpcCidr);
      if (ra.contains(rb) || rb.contains(ra)) {
        problems.push({
          file: b.file,
          field: "vpcCidr",
          message: `a block that does not overlap ${a.file} (${a.vpcCidr}): VPCs are peered or routed together later`,
          value: b.vpcCidr,
        });
      }
    }
  }
  return problems;
}
