import * as fs from "node:fs";
import * as path from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { loadPlatformConfig } from "../../../lib/config/load";
import { repoRoot } from "../../../lib/paths";
import { organizationRegions } from "../../../lib/config/organization-regions";
import { SecurityAlerts, securityPageTemplate } from "../../../constructs/organization/security-alerts";
import { SecurityEventForwarding } from "../../../constructs/organization/security-event-forwarding";
import { forwardingPattern, SECURITY_EVENT_RULES, SECURITY_EVENT_RUNBOOK } from "../../../constructs/organization/security-event-rules";
import { securityHubStandardArns } from "../../../constructs/organization/security-hub-organization";
import { OrganizationStack } from "../../../stacks/organization-stack";
import { matchesPattern } from "../../helpers/event-pattern";
import { resourcesOf, synthJson } from "../../helpers/synth";
import { SECURITY_EVENT_SAMPLES } from "./fixtures/security-events";

const config = loadPlatformConfig();
const json = synthJson(new OrganizationStack(Testing.app(), "organization", { config }));
const all = (type: string) => Object.values(resourcesOf(json, type));
const org = config.organization;
const regions = organizationRegions(config);

describe("security event rules", () => {
  test.each(SECURITY_EVENT_RULES.map((r) => [r.name, r] as const))("%s pages on its events and not on near misses", (name, rule) => {
    const samples = SECURITY_EVENT_SAMPLES[name];
    expect(samples).toBeDefined();
    for (const event of samples!.pages) expect(matchesPattern(rule.pattern, event)).toBe(true);
    for (const event of samples!.ignores) expect(matchesPattern(rule.pattern, event)).toBe(false);
  });

  test("no sample pages through a rule other than its own", () => {
    for (const [name, samples] of Object.entries(SECURITY_EVENT_SAMPLES)) {
      for (const event of samples.pages) {
        expect(SECURITY_EVENT_RULES.filter((r) => matchesPattern(r.pattern, event)).map((r) => r.name)).toEqual([name]);
      }
    }
  });

  test("the forwarding pattern of each origin lets every paging event of that origin through", () => {
    for (const rule of SECURITY_EVENT_RULES) {
      for (const event of SECURITY_EVENT_SAMPLES[rule.name]!.pages)
        expect(matchesPattern(forwardingPattern(rule.origin), event)).toBe(true);
    }
  });

  test("forwarding patterns keep out ordinary API calls", () => {
    const ordinary = {
      source: "aws.iam",
      "detail-type": "AWS API Call via CloudTrail",
      detail: { eventSource: "iam.amazonaws.com", eventName: "CreateRole" },
    };
    expect(matchesPattern(forwardingPattern("cloudtrail"), ordinary)).toBe(false);
  });

  test("every page names only placeholders its input paths define, and the runbook section", () => {
    for (const rule of SECURITY_EVENT_RULES) {
      const template = securityPageTemplate(rule);
      const placeholders = [...template.matchAll(/<([A-Za-z]+)>/g)].map((m) => m[1]!);
      expect(placeholders.filter((p) => !["account", "region", "time", ...Object.keys(rule.details)].includes(p))).toEqual([]);
      expect(template).toContain(`runbooks/${SECURITY_EVENT_RUNBOOK}.md#${rule.name}`);
    }
  });

  test("the runbook has a section for every rule", () => {
    const runbook = fs.readFileSync(path.join(repoRoot(), "runbooks", `${SECURITY_EVENT_RUNBOOK}.md`), "utf8");
    const anchors = [...runbook.matchAll(/^### .*\{#([a-z0-9-]+)\}|^### ([a-z0-9-]+)$/gm)].map((m) => m[1] ?? m[2]);
    for (const rule of SECURITY_EVENT_RULES) expect(anchors).toContain(rule.name);
  });
});

describe("SecurityAlerts (shipped organization stack)", () => {
  test("one bus in the audit account's home region, open only to the organization", () => {
    const [bus] = all("aws_cloudwatch_event_bus");
    expect(bus).toMatchObject({ name: `${org.name}-security-events`, region: org.homeRegion });
    const [policy] = all("aws_cloudwatch_event_bus_policy");
    const doc = JSON.parse(policy!.policy as string) as {
      Statement: { Principal: unknown; Action: string; Condition: Record<string, Record<string, string>> }[];
    };
    for (const s of doc.Statement) {
      expect(s.Action).toBe("events:PutEvents");
      expect(s.Condition["StringEquals"]!["aws:PrincipalOrgID"]).toMatch(/aws_organizations_organization\..+\.id/);
    }
  });

  test("one rule per security event on that bus, each publishing to the encrypted topic", () => {
    const rules = all("aws_cloudwatch_event_rule").filter((r) => r.event_bus_name !== undefined);
    expect(rules.map((r) => r.name).sort()).toEqual(SECURITY_EVENT_RULES.map((r) => `${org.name}-security-${r.name}`).sort());
    const [topic] = all("aws_sns_topic").filter((t) => t.name === `${org.name}-security-alerts`);
    expect(String(topic!.kms_master_key_id)).toMatch(/aws_kms_key\./);
    const busTargets = all("aws_cloudwatch_event_target").filter((t) => t.event_bus_name !== undefined);
    expect(busTargets).toHaveLength(SECURITY_EVENT_RULES.length);
    for (const t of busTargets) expect(String(t.arn)).toMatch(/aws_sns_topic\..+\.arn/);
  });

  test("the topic reaches the security on-call route of accounts.yaml", () => {
    const subs = all("aws_sns_topic_subscription").filter(
      (s) => /SecurityAlerts/.test(JSON.stringify(s)) || String(s.topic_arn).includes("SecurityAlerts"),
    );
    expect(subs.map((s) => s.endpoint).sort()).toEqual(org.securityAlerts.map((s) => s.endpoint).sort());
  });

  test("the topic key lets EventBridge of the audit account encrypt", () => {
    const keys = all("aws_kms_key").filter((k) => String(k.description).includes("security alerts"));
    expect(keys).toHaveLength(1);
    const doc = JSON.parse(keys[0]!.policy as string) as {
      Statement: { Principal: Record<string, string>; Action: string[]; Condition?: Record<string, Record<string, string>> }[];
    };
    const events = doc.Statement.find((s) => s.Principal["Service"] === "events.amazonaws.com");
    expect(events?.Action).toEqual(expect.arrayContaining(["kms:GenerateDataKey*", "kms:Decrypt"]));
    expect(events?.Condition?.["StringEquals"]?.["aws:SourceAccount"]).toBe(org.auditAccount.id);
  });

  test("every account forwards CloudTrail security events from every region used, through its own role", () => {
    const forwarders = all("aws_cloudwatch_event_rule").filter(
      (r) => r.event_bus_name === undefined && String(r.name).endsWith("forward-security-cloudtrail"),
    );
    expect(forwarders).toHaveLength(config.accounts.length * regions.length);
    const targets = all("aws_cloudwatch_event_target").filter((t) => t.event_bus_name === undefined);
    for (const t of targets) {
      expect(String(t.arn)).toMatch(/aws_cloudwatch_event_bus\..+\.arn/);
      expect(String(t.role_arn)).toMatch(/aws_iam_role\..+\.arn/);
    }
    const roles = all("aws_iam_role").filter((r) => r.name === `${org.name}-security-event-forwarder`);
    expect(roles).toHaveLength(config.accounts.length);
  });

  test("the audit account also forwards GuardDuty findings from every region and Security Hub's from the home region", () => {
    const names = all("aws_cloudwatch_event_rule").map((r) => `${String(r.name)}@${String(r.region)}`);
    for (const region of regions) expect(names).toContain(`${org.name}-forward-security-guardduty@${region}`);
    expect(names.filter((n) => n.startsWith(`${org.name}-forward-security-securityhub@`))).toEqual([
      `${org.name}-forward-security-securityhub@${org.homeRegion}`,
    ]);
  });
});

describe("SecurityHubOrganization (shipped organization stack)", () => {
  test("the audit account administers Security Hub under central configuration", () => {
    const [admin] = all("aws_securityhub_organization_admin_account");
    expect(admin).toMatchObject({ admin_account_id: org.auditAccount.id, region: org.homeRegion });
    const [central] = all("aws_securityhub_organization_configuration");
    expect(central).toMatchObject({
      auto_enable: false,
      auto_enable_standards: "NONE",
      organization_configuration: { configuration_type: "CENTRAL" },
    });
    const [orgResource] = all("aws_organizations_organization");
    expect(orgResource!.aws_service_access_principals).toContain("securityhub.amazonaws.com");
  });

  test("findings of every other region used are aggregated in the home region", () => {
    const [aggregator] = all("aws_securityhub_finding_aggregator");
    const others = regions.filter((r) => r !== org.homeRegion).sort();
    if (others.length === 0) expect(aggregator).toMatchObject({ linking_mode: "NO_REGIONS" });
    else expect(aggregator).toMatchObject({ linking_mode: "SPECIFIED_REGIONS", specified_regions: others });
  });

  test("one policy, applied at the root, turns Security Hub on with both standards and every control", () => {
    const [policy] = all("aws_securityhub_configuration_policy");
    expect(policy).toMatchObject({
      configuration_policy: {
        service_enabled: true,
        enabled_standard_arns: securityHubStandardArns(org.homeRegion, org.partition),
        security_controls_configuration: { disabled_control_identifiers: [] },
      },
    });
    const [association] = all("aws_securityhub_configuration_policy_association");
    expect(String(association!.target_id)).toMatch(/roots\[0\]\.id|root/);
  });
});

describe("validation", () => {
  const stack = () => {
    const s = new TerraformStack(Testing.app(), "s");
    return { s, provider: new AwsProvider(s, "aws", { region: "us-east-1" }) };
  };

  test("SecurityAlerts throws, naming every problem, without receivers or with a bad account", () => {
    const { s, provider } = stack();
    expect(
      () =>
        new SecurityAlerts(s, "a", {
          provider,
          organizationName: "x",
          auditAccountId: "12",
          organizationId: "o-1",
          region: "us-east-1",
          subscriptions: [],
        }),
    ).toThrow(
      's/a: auditAccountId: 12 digits (got "12")\ns/a: subscriptions: at least one receiver (a security event nobody hears is not an alert) (got [])',
    );
  });

  test("SecurityEventForwarding throws when a region is outside the platform's regions", () => {
    const { s, provider } = stack();
    expect(
      () =>
        new SecurityEventForwarding(s, "f", {
          provider,
          organizationName: "x",
          accountId: "123456789012",
          regions: ["us-east-1"],
          busArn: "arn:aws:events:us-east-1:123456789012:event-bus/b",
          busRegion: "eu-west-1",
          origins: { guardduty: ["ap-south-1"] },
        }),
    ).toThrow(
      's/f: busRegion: one of regions (us-east-1) (got "eu-west-1")\ns/f: origins.guardduty: one of regions (us-east-1) (got "ap-south-1")',
    );
  });
});
