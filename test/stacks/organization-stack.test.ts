import * as fs from "node:fs";
import * as path from "node:path";
import { Testing } from "cdktf";
import { parseDocument } from "yaml";
import { loadPlatformConfig } from "../../lib/config/load";
import type { PlatformConfig } from "../../lib/config/model";
import { evaluateStack } from "../../lib/policy/stack-report";
import { OrganizationStack } from "../../stacks/organization-stack";
import { environmentsFixture, shippedFile } from "../helpers/fixtures";
import { repoRoot } from "../../lib/paths";
import { resourcesOf, synthJson, type TfJson } from "../helpers/synth";

const sourceFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));

// Built directly (not through buildApp) so this file does not depend on the environment layers.
const build = (config: PlatformConfig) => new OrganizationStack(Testing.app(), "organization", { config });
const config = loadPlatformConfig();
const stack = build(config);
const json = synthJson(stack);
const all = (type: string, j: TfJson = json) => Object.values(resourcesOf(j, type));

type Statement = {
  Sid: string;
  Effect: string;
  Action?: string | string[];
  NotAction?: string[];
  Condition?: Record<string, Record<string, unknown>>;
};
const scps = (j: TfJson) =>
  Object.fromEntries(
    all("aws_organizations_policy", j)
      .filter((p) => p.type === "SERVICE_CONTROL_POLICY")
      .map((p) => [(p.name as string).replace(/^analytics-/, ""), JSON.parse(p.content as string) as { Statement: Statement[] }]),
  );
const scp = scps(json);
const account = (name: string) => config.accounts.find((a) => a.name === name)!;

describe("organization", () => {
  test("all features, trusted access for the audit services, SCPs enabled, protected from destroy", () => {
    const [org] = all("aws_organizations_organization");
    expect(org).toMatchObject({
      feature_set: "ALL",
      enabled_policy_types: ["AISERVICES_OPT_OUT_POLICY", "SERVICE_CONTROL_POLICY"],
      lifecycle: { prevent_destroy: true },
    });
    expect(org!.aws_service_access_principals).toEqual(
      expect.arrayContaining([
        "cloudtrail.amazonaws.com",
        "config.amazonaws.com",
        "guardduty.amazonaws.com",
        "sso.amazonaws.com",
        "access-analyzer.amazonaws.com",
      ]),
    );
  });

  test("four organizational units under the root", () => {
    expect(
      all("aws_organizations_organizational_unit")
        .map((ou) => ou.name)
        .sort(),
    ).toEqual(["infrastructure", "non-production", "production", "security"]);
  });

  test("every account but the management account, never closed or destroyed by Terraform", () => {
    const accounts = all("aws_organizations_account");
    expect(accounts.map((a) => a.name).sort()).toEqual(
      config.accounts
        .filter((a) => a.name !== "management")
        .map((a) => a.name)
        .sort(),
    );
    for (const a of accounts) {
      expect(a).toMatchObject({
        close_on_deletion: false,
        role_name: "OrganizationAccountAccessRole",
        lifecycle: expect.objectContaining({ prevent_destroy: true }),
      });
    }
    const prodUs = accounts.find((a) => a.name === "prod-us")!;
    expect(prodUs.parent_id).toMatch(/aws_organizations_organizational_unit\.Organization_ou-production_/);
  });
});

describe("service control policies (parsed)", () => {
  test("deny leaving the organization", () => {
    expect(scp["deny-leaving-organization"]!.Statement).toEqual([
      expect.objectContaining({ Effect: "Deny", Action: "organizations:LeaveOrganization" }),
    ]);
  });

  test("deny stopping or deleting CloudTrail, GuardDuty and Config, except through the baseline role", () => {
    const [s] = scp["protect-security-services"]!.Statement;
    expect(s).toMatchObject({
      Effect: "Deny",
      Condition: { ArnNotLike: { "aws:PrincipalARN": "arn:aws:iam::*:role/OrganizationAccountAccessRole" } },
    });
    expect(s!.Action).toEqual(
      expect.arrayContaining([
        "cloudtrail:StopLogging",
        "cloudtrail:DeleteTrail",
        "guardduty:DeleteDetector",
        "guardduty:DisassociateFromAdministratorAccount",
        "config:StopConfigurationRecorder",
        "config:DeleteConfigurationRecorder",
        "config:DeleteDeliveryChannel",
      ]),
    );
  });

  test("deny regions outside exactly the environments' regions, backup regions and home regions", () => {
    const expected = [
      ...new Set([
        ...config.environments.flatMap((e) => [e.region, e.postgres.backupReplicationRegion ?? e.region]),
        config.organization.homeRegion,
      ]),
    ].sort();
    for (const e of config.environments) expect(expected).toContain(e.region);
    const [s] = scp["deny-unused-regions"]!.Statement;
    expect(s!.Effect).toBe("Deny");
    expect(s!.Condition).toEqual({ StringNotEquals: { "aws:RequestedRegion": expected } });
    expect(s!.NotAction).toEqual(
      expect.arrayContaining([
        "iam:*",
        "organizations:*",
        "sts:*",
        "route53:*",
        "cloudfront:*",
        "support:*",
        "budgets:*",
        "ce:*",
        "health:*",
      ]),
    );
  });

  test("a new environment file in a new region widens the region list with no code change", () => {
    const uk = shippedFile("staging.yaml")
      .replace("us-east-1", "eu-west-2")
      .replace("10.30.0.0/16", "10.60.0.0/16")
      .replace(/^# .*$/gm, "")
      .replace(/^residency: .*\n/m, "");
    const widened = scps(
      synthJson(
        build(
          loadPlatformConfig(environmentsFixture({ "uk.yaml": `# yaml-language-server: $schema=./schema/environment.schema.json\n${uk}` })),
        ),
      ),
    );
    expect(widened["deny-unused-regions"]!.Statement[0]!.Condition!.StringNotEquals!["aws:RequestedRegion"]).toContain("eu-west-2");
  });

  test("deny the root user everything", () => {
    expect(scp["deny-root-user"]!.Statement).toEqual([
      expect.objectContaining({ Effect: "Deny", Action: "*", Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } } }),
    ]);
  });

  test("deny changing the account-level S3 public access block", () => {
    const [s] = scp["protect-s3-public-access-block"]!.Statement;
    expect(s).toMatchObject({ Effect: "Deny", Action: ["s3:PutAccountPublicAccessBlock"] });
  });

  test("every policy fits the 5,120-character SCP limit and is attached to the root", () => {
    const policies = all("aws_organizations_policy").filter((p) => p.type === "SERVICE_CONTROL_POLICY");
    expect(policies).toHaveLength(5);
    for (const p of policies) expect((p.content as string).length).toBeLessThanOrEqual(5120);
    const attachments = all("aws_organizations_policy_attachment");
    expect(attachments).toHaveLength(6); // five SCPs and the AI services opt-out policy
    for (const a of attachments) expect(a.target_id).toMatch(/^\$\{aws_organizations_organization\.Organization_\w+\.roots\[0\]\.id\}$/);
  });
});

test("every account is opted out of AI services using its content", () => {
  const optOut = all("aws_organizations_policy").find((p) => p.type === "AISERVICES_OPT_OUT_POLICY")!;
  expect(JSON.parse(optOut.content as string)).toEqual({ services: { default: { opt_out_policy: { "@@assign": "optOut" } } } });
});

describe("Identity Center", () => {
  test("admin, SRE, read-only and billing permission sets with bounded sessions", () => {
    const sets = Object.fromEntries(all("aws_ssoadmin_permission_set").map((p) => [p.name as string, p] as const));
    expect(Object.keys(sets).sort()).toEqual(["Admin", "Billing", "ReadOnly", "SRE"]);
    expect(sets.Admin!.session_duration).toBe("PT1H");
    for (const s of Object.values(sets)) expect(s.instance_arn).toBe(config.organization.identityCenter.instanceArn);
    expect(
      all("aws_ssoadmin_managed_policy_attachment")
        .map((a) => a.managed_policy_arn)
        .sort(),
    ).toEqual([
      "arn:aws:iam::aws:policy/AdministratorAccess",
      "arn:aws:iam::aws:policy/PowerUserAccess",
      "arn:aws:iam::aws:policy/ReadOnlyAccess",
      "arn:aws:iam::aws:policy/job-function/Billing",
    ]);
  });

  test("groups from the accounts file are assigned per account", () => {
    const assignments = all("aws_ssoadmin_account_assignment");
    expect(assignments).toHaveLength(config.accounts.reduce((n, a) => n + a.permissionSets.length, 0));
    for (const a of assignments) expect(a).toMatchObject({ principal_type: "GROUP", target_type: "AWS_ACCOUNT" });
    const toProdUs = assignments
      .filter((a) => a.target_id === account("prod-us").id)
      .map((a) => a.principal_id)
      .sort();
    const g = config.organization.identityCenter.groups;
    expect(toProdUs).toEqual([g.admin, g.sre, g["read-only"]].sort());
    const billing = assignments.filter((a) => a.principal_id === g.billing).map((a) => a.target_id);
    expect(billing).toEqual([account("management").id]);
  });
});

describe("organization trail", () => {
  const [trail] = all("aws_cloudtrail");

  test("all accounts and regions, validated, KMS-encrypted, delivered to CloudWatch Logs", () => {
    expect(trail).toMatchObject({
      is_organization_trail: true,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
    });
    expect(trail!.kms_key_id).toMatch(/^\$\{aws_kms_key\.AuditLogArchive_Key_\w+\.arn\}$/);
    expect(trail!.cloud_watch_logs_group_arn).toMatch(/^\$\{aws_cloudwatch_log_group\.\w+\.arn\}:\*$/);
    expect(trail!.cloud_watch_logs_role_arn).toMatch(/aws_iam_role\./);
    expect(all("aws_cloudwatch_log_group")[0]).toMatchObject({ retention_in_days: 365, kms_key_id: expect.stringMatching(/aws_kms_key/) });
    // Reads and writes of the audit logs and of every account's Terraform state are recorded too.
    const buckets = (trail!.event_selector as { data_resource: { values: string[] }[] }[])[0]!.data_resource[0]!.values;
    expect(buckets).toContain(`arn:aws:s3:::analytics-audit-logs-${account("log-archive").id}/`);
    for (const a of config.accounts) expect(buckets).toContain(`arn:aws:s3:::${a.stateBucket}/`);
  });

  test("the trail bucket lives in the log archive account, with Object Lock, a CMK and access logging", () => {
    const buckets = Object.values(resourcesOf(json, "aws_s3_bucket"));
    const trailBucket = buckets.find((b) => b.bucket === `analytics-audit-logs-${account("log-archive").id}`)!;
    expect(trailBucket).toMatchObject({ provider: "aws.log-archive", object_lock_enabled: true, lifecycle: { prevent_destroy: true } });
    expect(all("aws_s3_bucket_object_lock_configuration")[0]).toMatchObject({
      rule: { default_retention: { mode: "COMPLIANCE", days: 365 } },
    });
    expect(all("aws_s3_bucket_logging")[0]).toMatchObject({ target_bucket: `analytics-audit-access-logs-${account("log-archive").id}` });
    const provider = json.provider!.aws!.find((p) => p.alias === "log-archive")!;
    expect(provider).toMatchObject({ allowed_account_ids: [account("log-archive").id] });
    expect((provider.assume_role as { role_arn: string }[])[0]!.role_arn).toMatch(
      new RegExp(`^arn:aws:iam::${account("log-archive").id}:role/\\$\\{`),
    );
  });

  test("only the organization trail writes to the locked bucket; AWS Config writes only to its delivery bucket", () => {
    const policies = all("aws_s3_bucket_policy").map((p) => JSON.parse(p.policy as string) as { Statement: Record<string, unknown>[] });
    const writersOf = (sid: string) =>
      policies
        .find((p) => p.Statement.some((s) => s.Sid === sid))!
        .Statement.filter((s) => s.Effect === "Allow" && ([s.Action].flat() as string[]).includes("s3:PutObject"))
        .map((s) => s.Principal);
    expect(writersOf("CloudTrailWrite")).toEqual([{ Service: "cloudtrail.amazonaws.com" }]);
    expect(writersOf("ConfigWrite")).toEqual([{ Service: "config.amazonaws.com" }]);
  });
});

/** The aws_s3_bucket a bucket-name attribute points at: a `${aws_s3_bucket.<id>.bucket|id}` reference or a literal name. */
const bucketResource = (ref: unknown): [string, Record<string, unknown>] => {
  const buckets = resourcesOf(json, "aws_s3_bucket");
  const id = /^\$\{aws_s3_bucket\.([\w-]+)\.(?:bucket|id)\}$/.exec(String(ref))?.[1];
  const found = id !== undefined ? ([id, buckets[id]] as const) : Object.entries(buckets).find(([, b]) => b.bucket === ref);
  if (!found?.[1]) throw new Error(`no aws_s3_bucket for ${String(ref)}`);
  return [found[0], found[1]];
};
const hasObjectLock = ([id, bucket]: [string, Record<string, unknown>]) =>
  bucket.object_lock_enabled === true ||
  all("aws_s3_bucket_object_lock_configuration").some((c) => c.bucket === `\${aws_s3_bucket.${id}.id}`);

describe("AWS Config delivery (docs/reference/deploy-constraints.md row 3)", () => {
  const channels = all("aws_config_delivery_channel");

  test("no delivery channel, in any account or region, points at a bucket with Object Lock", () => {
    expect(channels.length).toBeGreaterThan(0);
    for (const c of channels)
      expect({ channel: `${String(c.provider)} ${String(c.region)}`, locked: hasObjectLock(bucketResource(c.s3_bucket_name)) }).toEqual({
        channel: `${String(c.provider)} ${String(c.region)}`,
        locked: false,
      });
  });

  test("the delivery bucket is private, versioned, CMK-encrypted, access-logged, TLS-only and expires objects", () => {
    const [id, bucket] = bucketResource(channels[0]!.s3_bucket_name);
    const ofBucket = (type: string) => all(type).find((r) => r.bucket === `\${aws_s3_bucket.${id}.id}`)!;
    expect(bucket).toMatchObject({ provider: "aws.log-archive", lifecycle: { prevent_destroy: true } });
    expect(ofBucket("aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(ofBucket("aws_s3_bucket_versioning")).toMatchObject({ versioning_configuration: { status: "Enabled" } });
    const sse = (ofBucket("aws_s3_bucket_server_side_encryption_configuration").rule as Record<string, Record<string, unknown>>[])[0]!;
    expect(sse.apply_server_side_encryption_by_default).toMatchObject({
      sse_algorithm: "aws:kms",
      kms_master_key_id: channels[0]!.s3_kms_key_arn,
    });
    expect(bucketResource(ofBucket("aws_s3_bucket_logging").target_bucket)[1].bucket).toBe(
      `analytics-audit-access-logs-${account("log-archive").id}`,
    );
    expect((ofBucket("aws_s3_bucket_lifecycle_configuration").rule as Record<string, unknown>[])[0]!.expiration).toEqual([
      { days: expect.any(Number) },
    ]);
    expect(ofBucket("aws_s3_bucket_policy").policy).toContain('"aws:SecureTransport":"false"');
  });

  test("every channel waits for the delivery bucket's policy (PutDeliveryChannel checks it)", () => {
    const [id] = bucketResource(channels[0]!.s3_bucket_name);
    const policyId = Object.entries(resourcesOf(json, "aws_s3_bucket_policy")).find(
      ([, p]) => p.bucket === `\${aws_s3_bucket.${id}.id}`,
    )![0];
    for (const c of channels) expect(c.depends_on).toContain(`aws_s3_bucket_policy.${policyId}`);
  });

  test("S3 replication copies every Config delivery into the locked bucket, KMS-encrypted, versioning on both ends", () => {
    const [sourceId] = bucketResource(channels[0]!.s3_bucket_name);
    const replications = all("aws_s3_bucket_replication_configuration").filter((r) => r.bucket === `\${aws_s3_bucket.${sourceId}.id}`);
    expect(replications).toHaveLength(1);
    const replication = replications[0]!;
    const [rule] = replication.rule as Record<string, unknown>[];
    expect(rule).toMatchObject({
      status: "Enabled",
      filter: { prefix: `${channels[0]!.s3_key_prefix as string}/` },
      source_selection_criteria: { sse_kms_encrypted_objects: { status: "Enabled" } },
    });
    const destination = rule!.destination as { bucket: string; encryption_configuration: { replica_kms_key_id: string } };
    const targetId = /^\$\{aws_s3_bucket\.([\w-]+)\.arn\}$/.exec(destination.bucket)![1]!;
    expect(hasObjectLock([targetId, resourcesOf(json, "aws_s3_bucket")[targetId]!])).toBe(true);
    expect(destination.encryption_configuration.replica_kms_key_id).toBe(channels[0]!.s3_kms_key_arn);
    for (const id of [sourceId, targetId]) {
      const versioning = Object.entries(resourcesOf(json, "aws_s3_bucket_versioning")).find(
        ([, v]) => v.bucket === `\${aws_s3_bucket.${id}.id}`,
      )!;
      expect(versioning[1]).toMatchObject({ versioning_configuration: { status: "Enabled" } });
      expect(replication.depends_on).toContain(`aws_s3_bucket_versioning.${versioning[0]}`);
    }
    const role = Object.entries(resourcesOf(json, "aws_iam_role")).find(([rid]) => replication.role === `\${aws_iam_role.${rid}.arn}`)![1];
    expect(JSON.parse(role.assume_role_policy as string).Statement[0].Principal).toEqual({ Service: "s3.amazonaws.com" });
  });
});

describe("GuardDuty", () => {
  test("the audit account is delegated administrator in every region used", () => {
    const admins = all("aws_guardduty_organization_admin_account");
    expect(admins.map((a) => a.region).sort()).toEqual(stack.regions);
    for (const a of admins) expect(a.admin_account_id).toBe(account("audit").id);
  });

  test("auto-enables every member with EKS audit logs, runtime monitoring (EKS add-on), RDS login events and S3 data events", () => {
    for (const c of all("aws_guardduty_organization_configuration"))
      expect(c).toMatchObject({ auto_enable_organization_members: "ALL", provider: "aws.audit" });
    const features = all("aws_guardduty_organization_configuration_feature").filter((f) => f.region === "eu-central-1");
    const byName = Object.fromEntries(features.map((f) => [f.name, f]));
    for (const name of ["EKS_AUDIT_LOGS", "RUNTIME_MONITORING", "RDS_LOGIN_EVENTS", "S3_DATA_EVENTS"])
      expect(byName[name]).toMatchObject({ auto_enable: "ALL" });
    expect(byName.RUNTIME_MONITORING!.additional_configuration).toEqual([{ name: "EKS_ADDON_MANAGEMENT", auto_enable: "ALL" }]);
  });
});

describe("AWS Config, Access Analyzer and the account baseline", () => {
  test("a recorder, delivery channel and enabled status in every account and region used", () => {
    const expected = config.accounts.length * stack.regions.length;
    expect(all("aws_config_configuration_recorder")).toHaveLength(expected);
    expect(all("aws_config_delivery_channel")).toHaveLength(expected);
    expect(all("aws_config_configuration_recorder_status").every((s) => s.is_enabled === true)).toBe(true);
    const prodEu = all("aws_config_configuration_recorder").filter((r) => r.provider === "aws.prod-eu");
    expect(prodEu.map((r) => r.region).sort()).toEqual(stack.regions);
    for (const r of all("aws_config_configuration_recorder")) {
      expect((r.recording_group as { all_supported: boolean }).all_supported).toBe(true);
      expect((r.recording_group as { include_global_resource_types: boolean }).include_global_resource_types).toBe(
        r.region === "us-east-1",
      );
    }
  });

  test("an organization aggregator over all regions in the audit account", () => {
    expect(all("aws_config_configuration_aggregator")).toEqual([
      expect.objectContaining({ provider: "aws.audit", organization_aggregation_source: expect.objectContaining({ all_regions: true }) }),
    ]);
  });

  test("organization Access Analyzers in the audit account", () => {
    for (const a of all("aws_accessanalyzer_analyzer")) expect(a).toMatchObject({ type: "ORGANIZATION", provider: "aws.audit" });
    expect(
      all("aws_organizations_delegated_administrator")
        .map((d) => d.service_principal)
        .sort(),
    ).toEqual(["access-analyzer.amazonaws.com", "config.amazonaws.com"]);
  });

  test("S3 Block Public Access and EBS encryption by default in every account", () => {
    expect(all("aws_s3_account_public_access_block")).toHaveLength(config.accounts.length);
    for (const b of all("aws_s3_account_public_access_block")) {
      expect(b).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    }
    expect(all("aws_ebs_encryption_by_default").filter((e) => e.enabled === true)).toHaveLength(
      config.accounts.length * stack.regions.length,
    );
  });

  test("member providers assume the Organizations access role, or the member plan roles when CI plans with the management plan role", () => {
    const roleArn = (json.provider!.aws!.find((p) => p.alias === "prod-us")!.assume_role as { role_arn: string }[])[0]!.role_arn;
    const expression = `(var.role_arn == "${account("management").planRoleArn}") ? "terraform-plan" : var.member_role_name`;
    expect(roleArn).toBe(`arn:aws:iam::${account("prod-us").id}:role/$` + `{${expression}}`);
    expect((json.variable as Record<string, { default: string }>).member_role_name!.default).toBe("OrganizationAccountAccessRole");
  });

  test("every member provider is pinned to its account", () => {
    const providers = json.provider!.aws!;
    expect(providers).toHaveLength(config.accounts.length);
    for (const a of config.accounts.filter((x) => x.name !== "management")) {
      expect(providers.find((p) => p.alias === a.name)).toMatchObject({ allowed_account_ids: [a.id], region: "us-east-1" });
    }
  });
});

describe("budgets", () => {
  test("one for the organization and one per account, alerting at 80% forecast and 100% actual", () => {
    const budgets = all("aws_budgets_budget");
    expect(budgets).toHaveLength(config.accounts.length + 1);
    const org = budgets.find((b) => b.name === `${config.organization.name}-organization-monthly`)!;
    expect(org).toMatchObject({
      budget_type: "COST",
      limit_amount: config.organization.monthlyBudgetUsd.toFixed(2),
      limit_unit: "USD",
      time_unit: "MONTHLY",
    });
    expect(org.cost_filter).toBeUndefined();
    for (const b of budgets) {
      expect(
        (b.notification as Record<string, unknown>[]).map((n) => [
          n.notification_type,
          n.threshold,
          n.threshold_type,
          n.comparison_operator,
        ]),
      ).toEqual([
        ["FORECASTED", 80, "PERCENTAGE", "GREATER_THAN"],
        ["ACTUAL", 100, "PERCENTAGE", "GREATER_THAN"],
      ]);
      for (const n of b.notification as Record<string, unknown>[])
        expect(n.subscriber_email_addresses).toEqual(config.organization.budgetAlertEmails);
    }
    for (const a of config.accounts) {
      expect(budgets.find((b) => b.name === `${config.organization.name}-${a.name}-monthly`)).toMatchObject({
        limit_amount: a.monthlyBudgetUsd.toFixed(2),
        cost_filter: [{ name: "LinkedAccount", values: [a.id] }],
      });
    }
  });
});

describe("accounts file (organization part)", () => {
  const load = (edit: (text: string) => string) => () =>
    loadPlatformConfig(environmentsFixture({ "accounts.yaml": edit(shippedFile("accounts.yaml")) }));

  test("refuses the management account as a delegated administrator", () => {
    expect(load((t) => t.replace("auditAccount: audit", "auditAccount: management"))).toThrow(
      /organization\.auditAccount: a key of accounts other than the management account/,
    );
  });
  test("refuses account budgets adding up to more than the organization's", () => {
    // One account alone asks for more than the whole organization's budget.
    const over = (text: string) => {
      const doc = parseDocument(text);
      const first = Object.keys(doc.toJS().accounts as Record<string, unknown>)[0]!;
      doc.setIn(["accounts", first, "monthlyBudgetUsd"], config.organization.monthlyBudgetUsd + 1);
      return doc.toString();
    };
    expect(load(over)).toThrow(
      new RegExp(`account budgets adding up to at most organization\\.monthlyBudgetUsd \\(${config.organization.monthlyBudgetUsd}\\)`),
    );
  });
  test("refuses an Identity Center instance ARN of the wrong shape", () => {
    expect(load((t) => t.replace("arn:aws:sso:::instance/ssoins-0000000000000000", "ssoins-0000000000000000"))).toThrow(
      /identityCenter\.instanceArn: an Identity Center instance ARN/,
    );
  });
  test("the management account gets admin, read-only and billing by default; members admin, SRE and read-only", () => {
    expect(account("management").permissionSets).toEqual(["admin", "read-only", "billing"]);
    expect(account("prod-eu").permissionSets).toEqual(["admin", "sre", "read-only"]);
  });
});

describe("guardrails", () => {
  test("no IAM users, access keys or login profiles: only the break-glass construct imports the user classes, never access keys or login profiles", () => {
    // Every stack is built from these folders; without the class no stack can create the resource.
    // (A static scan: building every layer here would cost ~13 s; the IAM-12 guardrail also refuses them at synth.)
    // The one exception is the break-glass user (constructs/bootstrap/break-glass.ts, runbooks/break-glass.md):
    // a user and its inline policy, declared IAM-12 exceptions; its password and MFA are set by hand.
    const users = /@cdktf\/provider-aws\/lib\/(iam-user|iam-user-policy)["/]/;
    const never = /@cdktf\/provider-aws\/lib\/(iam-access-key|iam-user-login-profile|iam-user-policy-attachment|iam-group)["/]/;
    const files = ["constructs", "stacks", "lib"].flatMap((dir) => sourceFiles(path.join(repoRoot(), dir)));
    expect(files.length).toBeGreaterThan(20);
    const importing = (re: RegExp) => files.filter((f) => re.test(fs.readFileSync(f, "utf8"))).map((f) => path.relative(repoRoot(), f));
    expect(importing(users)).toEqual([path.join("constructs", "bootstrap", "break-glass.ts")]);
    expect(importing(never)).toEqual([]);
    expect(Object.keys(json.resource ?? {}).filter((t) => /^aws_iam_(user|access_key|group)/.test(t))).toEqual([]);
  });

  test("the policy checker finds nothing to fix; AdministratorAccess on the admin permission set is a declared exception", () => {
    const findings = evaluateStack(stack);
    expect(findings.filter((f) => f.status === "fail")).toEqual([]);
    expect(findings.filter((f) => f.status === "excepted").map((f) => f.ruleId)).toEqual(["IAM-09"]);
  });
});
