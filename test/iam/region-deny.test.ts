/**
 * The region-deny SCP, as synthesized and evaluated with every other SCP of the organization:
 * regional services (EC2, RDS, EKS, MSK, S3 bucket creation, KMS, Logs, ...) are denied outside the
 * regions the platform uses and allowed inside them; global services (IAM, STS, Organizations,
 * Route 53, CloudFront, Support, billing, Cost Explorer, Health, ...) are never denied, whatever
 * region the request names. The caller is each member account's deploy role (AdministratorAccess),
 * so the SCPs decide. Regions in use come from the configuration (organizationRegions).
 */
import { organizationRegions } from "../../lib/config/organization-regions";
import { REGION_NAMES } from "../../lib/config/regions";
import type { AccountConfig } from "../../lib/config/model";
import { roleNamed, scpsFor, shippedIamModel, simulate, type IamModel } from "../helpers/iam-model";

/** Requests on regional services; `{r}` is the region, `{a}` the account. */
const REGIONAL: readonly [string, string][] = [
  ["ec2:CreateVpc", "arn:aws:ec2:{r}:{a}:vpc/*"],
  ["ec2:RunInstances", "arn:aws:ec2:{r}:{a}:instance/*"],
  ["rds:CreateDBInstance", "arn:aws:rds:{r}:{a}:db:sample"],
  ["eks:CreateCluster", "*"],
  ["kafka:CreateClusterV2", "*"],
  ["s3:CreateBucket", "arn:aws:s3:::sample-bucket-{r}"],
  ["kms:CreateKey", "*"],
  ["logs:CreateLogGroup", "arn:aws:logs:{r}:{a}:log-group:sample"],
  ["secretsmanager:CreateSecret", "arn:aws:secretsmanager:{r}:{a}:secret:sample-AbCdEf"],
  ["sns:CreateTopic", "arn:aws:sns:{r}:{a}:sample"],
  ["lambda:CreateFunction", "arn:aws:lambda:{r}:{a}:function:sample"],
];

/** Requests on global services, which must work from any region. */
const GLOBAL: readonly [string, string][] = [
  ["iam:CreateRole", "arn:aws:iam::{a}:role/sample"],
  ["iam:PassRole", "arn:aws:iam::{a}:role/sample"],
  ["sts:GetCallerIdentity", "*"],
  ["sts:AssumeRole", "arn:aws:iam::{a}:role/sample"],
  ["organizations:DescribeOrganization", "*"],
  ["route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"],
  ["cloudfront:CreateDistribution", "*"],
  ["support:CreateCase", "*"],
  ["aws-portal:ViewBilling", "*"],
  ["ce:GetCostAndUsage", "*"],
  ["budgets:ViewBudget", "arn:aws:budgets::{a}:budget/sample"],
  ["health:DescribeEvents", "*"],
  ["s3:ListAllMyBuckets", "*"],
];

/** The resource of a request; a wrong resource type makes simulate() throw, so the table stays honest. */
const resourceFor = (template: string, region: string, account: string) => template.replace(/\{r\}/g, region).replace(/\{a\}/g, account);

/**
 * Member accounts with distinct SCPs (by where policies attach): one account per distinct set is
 * enough, since the deploy roles' identity policies are alike.
 */
function accountsWithDistinctScps(model: IamModel): AccountConfig[] {
  const management = model.config.organization.managementAccount.id;
  const seen = new Map<string, AccountConfig>();
  for (const a of model.config.accounts.filter((x) => x.id !== management)) {
    const key = JSON.stringify(scpsFor(model, a.id).map((level) => level.policies.map((p) => p.name)));
    if (!seen.has(key)) seen.set(key, a);
  }
  return [...seen.values()];
}

/** Every request whose decision is not the one expected, over member accounts and regions. */
async function wrongDecisions(model: IamModel, sampleRegions?: number): Promise<string[]> {
  const used = organizationRegions(model.config);
  // One unused region per geography (us, eu, ap, ca, sa, me, af, il, mx...): the SCP lists allowed
  // regions, so any unused one stands for the rest of its kind; evaluating all ~30 costs seconds.
  const byGeography = new Map<string, string>();
  for (const r of REGION_NAMES.filter((x) => !used.includes(x)))
    if (!byGeography.has(r.split("-")[0]!)) byGeography.set(r.split("-")[0]!, r);
  const unused = [...byGeography.values()].slice(0, sampleRegions);
  const wrong: string[] = [];
  for (const account of accountsWithDistinctScps(model)) {
    const deploy = roleNamed(model, account.id, model.config.organization.roleNames.deploy);
    const check = async (requests: readonly [string, string][], region: string, allowed: boolean) => {
      for (const [action, template] of requests) {
        const decision = await simulate(model, {
          principal: deploy,
          action,
          resource: resourceFor(template, region, account.id),
          region,
          resourceAccount: account.id,
        });
        if ((decision === "Allowed") !== allowed)
          wrong.push(`${account.name} ${action} in ${region}: ${decision}, expected ${allowed ? "Allowed" : "denied"}`);
      }
    };
    for (const region of used) await check([...REGIONAL, ...GLOBAL], region, true);
    for (const region of unused) {
      await check(REGIONAL, region, false);
      await check(GLOBAL, region, true);
    }
  }
  return wrong;
}

describe("region-deny SCP, simulated", () => {
  let model: IamModel;
  beforeAll(() => {
    model = shippedIamModel();
  }, 120_000);

  test("the organization attaches an SCP conditioned on the requested region", () => {
    expect(model.scps.filter((s) => JSON.stringify(s.policy).includes("aws:RequestedRegion")).length).toBe(1);
  });

  test("regional services are denied outside the platform's regions and allowed inside; global services never", async () => {
    expect(await wrongDecisions(model)).toEqual([]);
  }, 60_000);

  test("an SCP that also denies IAM out of region, or exempts EC2, is caught", async () => {
    const regionScp = model.scps.find((s) => JSON.stringify(s.policy).includes("aws:RequestedRegion"))!;
    const rewrite = (notAction: (list: string[]) => string[]): IamModel => ({
      ...model,
      scps: model.scps.map((s) => {
        if (s !== regionScp) return s;
        const [statement] = s.policy.Statement as Record<string, unknown>[];
        return { ...s, policy: { ...s.policy, Statement: [{ ...statement, NotAction: notAction(statement!["NotAction"] as string[]) }] } };
      }),
    });
    const iamDenied = await wrongDecisions(
      rewrite((list) => list.filter((a) => a !== "iam:*")),
      2,
    );
    expect(iamDenied.length).toBeGreaterThan(0);
    expect(iamDenied.every((w) => /iam:(CreateRole|PassRole) in \S+: ExplicitlyDenied, expected Allowed/.test(w))).toBe(true);
    const ec2Exempt = await wrongDecisions(
      rewrite((list) => [...list, "ec2:*"]),
      2,
    );
    expect(ec2Exempt.length).toBeGreaterThan(0);
    expect(ec2Exempt.every((w) => /ec2:\w+ in \S+: Allowed, expected denied/.test(w))).toBe(true);
  }, 120_000);
});
