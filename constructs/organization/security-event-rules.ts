import { BREAK_GLASS_NAME } from "../bootstrap/break-glass";
import { required } from "../../lib/defined";
/**
 * The organization-wide security events that page the critical on-call route, as EventBridge event
 * patterns. Event shapes:
 * - CloudTrail management events reach EventBridge as `AWS API Call via CloudTrail` (write calls
 *   only) and console sign-ins as `AWS Console Sign In via CloudTrail`, in the account and region
 *   where they happen; global services (IAM, Organizations, STS) and root sign-in record in
 *   us-east-1 (EventBridge User Guide, "Events from AWS services" and "Receiving CloudTrail events";
 *   CloudTrail User Guide, "CloudTrail concepts: global service events"; read 2026-12-07).
 * - GuardDuty publishes `GuardDuty Finding` with a numeric `severity` (7.0-8.9 high, 9.0-10.0
 *   critical) in each region, and the delegated administrator receives its members' findings
 *   (GuardDuty User Guide, "Creating custom responses to GuardDuty findings with EventBridge" and
 *   "Severity levels"; read 2026-12-07).
 * - Security Hub publishes `Security Hub Findings - Imported`; with a finding aggregator the
 *   administrator's home region receives every linked region's findings (Security Hub User Guide,
 *   "EventBridge event formats" and "Cross-Region aggregation"; read 2026-12-07).
 */

/** Where a rule's events come from, which decides which accounts and regions forward them. */
export type SecurityEventOrigin =
  /** CloudTrail events: every account, every region used (global ones arrive in us-east-1). */
  | "cloudtrail"
  /** GuardDuty findings: the audit account (delegated administrator), every region used. */
  | "guardduty"
  /** Security Hub findings: the audit account's home region (the aggregation region). */
  | "securityhub";

export interface SecurityEventRule {
  /** Kebab-case; the rule is `<organization>-security-<name>`. */
  readonly name: string;
  readonly origin: SecurityEventOrigin;
  /** What the page says happened. */
  readonly summary: string;
  /** The EventBridge event pattern on the audit account's security bus. */
  readonly pattern: Readonly<Record<string, unknown>>;
  /** Values of the event shown in the page, by placeholder (EventBridge input-transformer paths). */
  readonly details: Readonly<Record<string, string>>;
}

const apiCall = (source: string, eventNames: readonly string[]) => ({
  source: [source],
  "detail-type": ["AWS API Call via CloudTrail"],
  // CloudTrail's eventSource is the service's global name (iam.amazonaws.com), the same in every partition.
  // eslint-disable-next-line no-restricted-syntax -- not a regional endpoint
  detail: { eventSource: [`${source.replace(/^aws\./, "")}.amazonaws.com`], eventName: [...eventNames] },
});

const caller = { eventName: "$.detail.eventName", caller: "$.detail.userIdentity.arn", sourceIp: "$.detail.sourceIPAddress" };

export const SECURITY_EVENT_RULES: readonly SecurityEventRule[] = [
  {
    name: "root-sign-in",
    origin: "cloudtrail",
    summary: "the root user of an account signed in to the console",
    pattern: {
      source: ["aws.signin"],
      "detail-type": ["AWS Console Sign In via CloudTrail"],
      detail: { eventName: ["ConsoleLogin"], userIdentity: { type: ["Root"] } },
    },
    details: {
      caller: "$.detail.userIdentity.arn",
      sourceIp: "$.detail.sourceIPAddress",
      result: "$.detail.responseElements.ConsoleLogin",
    },
  },
  {
    // The break-glass user exists for the day Identity Center is down: any sign-in is an incident
    // until explained (constructs/bootstrap/break-glass.ts, runbooks/break-glass.md).
    name: "break-glass-sign-in",
    origin: "cloudtrail",
    summary: "the break-glass IAM user signed in to the console",
    pattern: {
      source: ["aws.signin"],
      "detail-type": ["AWS Console Sign In via CloudTrail"],
      detail: { eventName: ["ConsoleLogin"], userIdentity: { type: ["IAMUser"], userName: [BREAK_GLASS_NAME] } },
    },
    details: {
      caller: "$.detail.userIdentity.arn",
      sourceIp: "$.detail.sourceIPAddress",
      result: "$.detail.responseElements.ConsoleLogin",
    },
  },
  {
    name: "cloudtrail-changed",
    origin: "cloudtrail",
    summary: "a CloudTrail trail was stopped, deleted or changed",
    pattern: apiCall("aws.cloudtrail", ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors", "PutInsightSelectors"]),
    details: { ...caller, trail: "$.detail.requestParameters.name" },
  },
  {
    name: "organization-changed",
    origin: "cloudtrail",
    summary: "a service control policy or the organization's structure changed",
    pattern: apiCall("aws.organizations", [
      "AttachPolicy",
      "DetachPolicy",
      "CreatePolicy",
      "UpdatePolicy",
      "DeletePolicy",
      "EnablePolicyType",
      "DisablePolicyType",
      "LeaveOrganization",
      "RemoveAccountFromOrganization",
      "InviteAccountToOrganization",
      "MoveAccount",
      "DeleteOrganization",
      "EnableAWSServiceAccess",
      "DisableAWSServiceAccess",
      "RegisterDelegatedAdministrator",
      "DeregisterDelegatedAdministrator",
    ]),
    details: caller,
  },
  {
    name: "iam-user-or-key-created",
    origin: "cloudtrail",
    summary: "an IAM user, console password or access key was created (the platform has no IAM users)",
    pattern: apiCall("aws.iam", ["CreateUser", "CreateAccessKey", "CreateLoginProfile"]),
    details: { ...caller, userName: "$.detail.requestParameters.userName" },
  },
  {
    name: "guardduty-high-finding",
    origin: "guardduty",
    summary: "GuardDuty reported a finding of high or critical severity",
    pattern: { source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"], detail: { severity: [{ numeric: [">=", 7] }] } },
    details: { findingType: "$.detail.type", severity: "$.detail.severity", findingAccount: "$.detail.accountId", title: "$.detail.title" },
  },
  {
    name: "securityhub-critical-finding",
    origin: "securityhub",
    summary: "Security Hub reported a new critical finding",
    pattern: {
      source: ["aws.securityhub"],
      "detail-type": ["Security Hub Findings - Imported"],
      detail: { findings: { Severity: { Label: ["CRITICAL"] }, RecordState: ["ACTIVE"], Workflow: { Status: ["NEW"] } } },
    },
    details: {
      title: "$.detail.findings[0].Title",
      findingAccount: "$.detail.findings[0].AwsAccountId",
      generator: "$.detail.findings[0].GeneratorId",
    },
  },
];

/** The runbook every security page links (runbooks/<name>.md). */
export const SECURITY_EVENT_RUNBOOK = "security-event";

/**
 * The pattern a forwarding rule in a member account and region uses for one origin: every event a
 * rule of that origin could match (sources, detail types and, where every rule names them, event
 * names), so only security events cross accounts and the audit bus's rules make the final match.
 */
export function forwardingPattern(origin: SecurityEventOrigin): Record<string, unknown> {
  const rules = SECURITY_EVENT_RULES.filter((r) => r.origin === origin);
  // The origins are this file's own: one without a rule is a bug in SECURITY_EVENT_RULES, not bad input.
  required(rules[0], `a security event rule with origin "${origin}"`);
  const union = (values: (r: SecurityEventRule) => readonly string[] | undefined) => {
    const lists = rules.map(values);
    return lists.every((l) => l !== undefined) ? [...new Set(lists.flat() as string[])].sort() : undefined;
  };
  const detail = (r: SecurityEventRule) => r.pattern["detail"] as Record<string, unknown> | undefined;
  const eventNames = union((r) => detail(r)?.["eventName"] as string[] | undefined);
  return {
    source: union((r) => r.pattern["source"] as string[]),
    "detail-type": union((r) => r.pattern["detail-type"] as string[]),
    ...(eventNames ? { detail: { eventName: eventNames } } : {}),
  };
}
