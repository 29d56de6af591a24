import { z } from "zod";
import { IPv4CidrRange, Validator } from "ip-num";
import { REGION_NAMES } from "./regions";
import { RESIDENCY_ZONE_NAMES } from "./residency";
import { TIERS } from "./types";
import { alertSubscription } from "./sections/alerts";
import { sectionFields } from "./sections/registry";
import { PARTITION_IDS } from "../catalog/partitions";

const dnsLabel = (max: number) =>
  z
    .string()
    .regex(
      new RegExp(`^[a-z][a-z0-9-]{0,${max - 1}}$`),
      `lowercase letters, digits and '-', starting with a letter, at most ${max} characters`,
    );

/** An IPv4 CIDR block of a private range, /16 to /20 so three AZs × four tiers fit. */
export const vpcCidr = z.string().superRefine((value, ctx) => {
  const [valid] = Validator.isValidIPv4CidrRange(value);
  if (!valid) {
    ctx.addIssue({ code: "custom", message: "an IPv4 CIDR block with no host bits set, such as 10.20.0.0/16" });
    return;
  }
  const prefix = Number(value.split("/")[1]);
  if (prefix < 16 || prefix > 20) {
    ctx.addIssue({ code: "custom", message: `a prefix from /16 to /20 (got /${prefix}): three AZs × four subnet tiers need the room` });
  }
  const range = IPv4CidrRange.fromCidr(value);
  const privateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((c) => IPv4CidrRange.fromCidr(c));
  if (!privateRanges.some((r) => range.inside(r) || range.isEquals(r))) {
    ctx.addIssue({ code: "custom", message: "a private (RFC 1918) range: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16" });
  }
});

/** The part of `environments/<name>.yaml` common to every layer; each layer owns a section. */
export const environmentSchema = z.strictObject({
  name: dnsLabel(12).optional().describe("Environment name, the prefix of its stacks (us-data). Default: the file name."),
  tier: z.enum(TIERS).describe("production or staging: decides every default the file does not set."),
  account: dnsLabel(32).describe("The account (a key of accounts.yaml) the environment's stacks deploy into."),
  region: z.enum(REGION_NAMES).describe("AWS region of the environment."),
  residency: z
    .enum(RESIDENCY_ZONE_NAMES)
    .optional()
    .describe(
      "Where the environment's data must stay (eu, uk, us...): its region, backup copies and Terraform state are checked against the zone's regions. Default: no constraint.",
    ),
  availabilityZones: z
    .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, "a zone name such as us-east-1a"))
    .min(1)
    .optional()
    .describe("Availability zones used. Default: the region's first three. Production needs three."),
  vpcCidr: vpcCidr.describe("The VPC's private IPv4 block, /16 to /20; must not overlap another environment's."),
  eventsPerMonth: z
    .number()
    .min(1e6, "at least 1e6 events per month")
    .max(1e14, "at most 1e14 events per month")
    .describe("Expected ingested events per month (for example 5e9); sizes Kafka, ClickHouse, node groups and RDS."),
  monthlyBudgetUsd: z
    .number()
    .positive()
    .optional()
    .describe("Monthly infrastructure budget of this environment in USD, checked against the offline cost estimate."),
  tenant: dnsLabel(32)
    .optional()
    .describe(
      "The customer of a dedicated install (docs/tenants.md): the environment runs in that customer's own account (an account of accounts.yaml with the same tenant), every resource is tagged tenant, and npm run cost reports it on its own line. Required with it: monthlyBudgetUsd. Default: a shared environment.",
    ),
  owner: z
    .strictObject({ team: dnsLabel(40).optional(), costCenter: z.string().min(1).optional() })
    .optional()
    .describe("Cost allocation tags. Default: the organization's team and cost center."),
  // One field per section, declared once in sections/registry.ts.
  ...sectionFields(),
});
export type EnvironmentInput = z.output<typeof environmentSchema>;

const accountId = z.string().regex(/^\d{12}$/, "a 12-digit AWS account id, quoted in YAML");
const roleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, "an IAM role name (no path)");

export const ORGANIZATIONAL_UNITS = ["root", "security", "infrastructure", "production", "non-production"] as const;

/** IAM Identity Center permission sets the organization stack creates, assigned per account. */
export const PERMISSION_SETS = ["admin", "sre", "read-only", "billing"] as const;

/** An identity store group id: a UUID, optionally prefixed with 10 hex digits and '-'. */
const identityStoreGroupId = z
  .string()
  .regex(
    /^([0-9a-f]{10}-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    "an identity store group id such as 90677d1a-3051-70c7-6c9c-3dbb6bd1b2c3",
  );

const accountSchema = z.strictObject({
  id: accountId,
  /** Root e-mail of the account (AWS Organizations needs it to create or invite the account). */
  email: z.email(),
  /** Organizational unit the account belongs to. The management account stays at the root. */
  organizationalUnit: z.enum(ORGANIZATIONAL_UNITS),
  /** Region of the account's Terraform state bucket. Default: the organization's home region. */
  homeRegion: z.enum(REGION_NAMES).optional(),
  /** IAM role names granted access to EKS clusters in this account (the CI plan role is always read-only). */
  clusterAccess: z.strictObject({ admin: z.array(roleName).optional(), readOnly: z.array(roleName).optional() }).optional(),
  /**
   * The customer whose dedicated install (docs/tenants.md) this account holds, alone: only that
   * tenant's environments may use it, and its bootstrap and baseline resources are tagged tenant.
   * Default: a shared account.
   */
  tenant: dnsLabel(32).optional(),
  /** Monthly cost budget of the account in USD (an AWS Budgets budget alerts at 80% forecast, 100% actual). */
  monthlyBudgetUsd: z.number().positive(),
  /**
   * Identity Center permission sets whose groups get access to this account.
   * Default: admin, sre and read-only; the management account gets admin, read-only and billing.
   */
  permissionSets: z.array(z.enum(PERMISSION_SETS)).optional(),
});

/** `environments/accounts.yaml`: every AWS account, declared once. */
export const accountsSchema = z.strictObject({
  organization: z.strictObject({
    /** Short name, the prefix of organization-wide resources (state buckets, trails). */
    name: dnsLabel(20),
    /** The AWS Organizations management account (a key of `accounts`). */
    managementAccount: dnsLabel(32),
    /**
     * The AWS partition of the organization and every account in it (lib/catalog/partitions.ts):
     * `aws` (commercial), `aws-us-gov` (GovCloud (US)) or `aws-cn` (China). Every region in these
     * files must belong to it. Default: aws.
     */
    partition: z.enum(PARTITION_IDS).optional(),
    /** Home region of organization-wide resources. */
    homeRegion: z.enum(REGION_NAMES),
    /** Total infrastructure budget per month, USD. */
    monthlyBudgetUsd: z.number().positive(),
    /** Default tags. */
    team: dnsLabel(40),
    costCenter: z.string().min(1),
    /** The repository that owns this infrastructure, for the `repository` tag. */
    repository: z.string().min(1),
    /** GitHub repository (`owner/name`) whose workflows may assume the plan and deploy roles through OIDC. */
    githubRepository: z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, "a GitHub repository as owner/name"),
    /** Account holding the organization's CloudTrail and Config logs (a key of `accounts`, not the management account). */
    logArchiveAccount: dnsLabel(32),
    /** Delegated administrator of GuardDuty, Config and IAM Access Analyzer (a key of `accounts`, not the management account). */
    auditAccount: dnsLabel(32),
    /** Recipients of the budget alerts. */
    budgetAlertEmails: z.array(z.email()).min(1),
    /**
     * Who is paged for organization-wide security events (root sign-in, CloudTrail tampering, SCP and
     * organization changes, IAM users or access keys created, high-severity GuardDuty and critical
     * Security Hub findings): the critical on-call route.
     */
    securityAlerts: z.array(alertSubscription).min(1),
    /** Role AWS Organizations creates in each new account, trusted by the management account. Default: OrganizationAccountAccessRole. */
    accountAccessRoleName: roleName.optional(),
    /**
     * IAM Identity Center, enabled once by hand in the management account (the API cannot create an
     * organization instance). Values are data: synth never looks them up.
     */
    identityCenter: z.strictObject({
      instanceArn: z
        .string()
        .regex(
          /^arn:aws(-[a-z]+)*:sso:::instance\/(sso)?ins-[a-zA-Z0-9-.]{16}$/,
          "an Identity Center instance ARN: arn:<partition>:sso:::instance/ssoins-1234567890abcdef",
        ),
      identityStoreId: z.string().regex(/^d-[0-9a-f]{10}$/, "an identity store id such as d-1234567890"),
      /** The group given each permission set in the accounts that list it. */
      groups: z.strictObject({
        admin: identityStoreGroupId,
        sre: identityStoreGroupId,
        "read-only": identityStoreGroupId,
        billing: identityStoreGroupId,
      }),
    }),
  }),
  /** Role names created in every account by the bootstrap stack. */
  roles: z
    .strictObject({
      /** Assumed by `cdktf deploy` and the apply job. Default: terraform-deploy. */
      deploy: roleName.optional(),
      /** Read-only role assumed by pull-request plans. Default: terraform-plan. */
      plan: roleName.optional(),
      /** Reads and writes Terraform state only. Default: terraform-state. */
      state: roleName.optional(),
      /** Reads Terraform state only (plans, drift checks, remote-state lookups). Default: terraform-state-read. */
      stateRead: roleName.optional(),
    })
    .optional(),
  accounts: z.record(dnsLabel(32), accountSchema),
});
export type AccountsInput = z.output<typeof accountsSchema>;
