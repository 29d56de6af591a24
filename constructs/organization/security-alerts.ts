import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { CloudwatchEventBusPolicy } from "@cdktf/provider-aws/lib/cloudwatch-event-bus-policy";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { AlertSubscription } from "../observability/alarm-topics";
import { customerManagedKey } from "../kit/customer-managed-key";
import { SECURITY_EVENT_RULES, SECURITY_EVENT_RUNBOOK, type SecurityEventRule } from "./security-event-rules";
import { Partition } from "../core/partition";
import { PropsProblems } from "../kit/validation";
import { policyJson } from "../kit/policy-document";

export interface SecurityAlertsProps {
  /** Audit account provider: owns the bus, the rules and the topic. */
  readonly provider: TerraformProvider;
  readonly organizationName: string;
  readonly auditAccountId: string;
  /** The organization's id (`o-...`): only its accounts may put events on the bus. */
  readonly organizationId: string;
  /** Region of the bus and the topic: the organization's home region. */
  readonly region: string;
  /** Who is paged. At least one. */
  readonly subscriptions: readonly AlertSubscription[];
  /** The rules. @default SECURITY_EVENT_RULES */
  readonly rules?: readonly SecurityEventRule[];
}

/** The page's text: what happened, where, the event's own details, and the runbook. */
export function securityPageTemplate(rule: SecurityEventRule): string {
  const details = Object.keys(rule.details)
    .map((k) => `${k}=<${k}>`)
    .join(" ");
  return JSON.stringify(
    `[security] ${rule.summary}: account <account>, region <region>, at <time>; ${details}. Runbook: runbooks/${SECURITY_EVENT_RUNBOOK}.md#${rule.name}`,
  );
}

/**
 * The organization's security alerting in the audit account: a custom event bus that every account
 * of the organization (and only those) forwards its security events to, one EventBridge rule per
 * security event, and an encrypted SNS topic on the critical on-call route that the rules publish
 * to with a readable page naming the runbook.
 */
export class SecurityAlerts extends Construct {
  readonly bus: CloudwatchEventBus;
  readonly topic: SnsTopic;
  readonly key: KmsKey;
  readonly rules: Record<string, CloudwatchEventRule> = {};

  constructor(scope: Construct, id: string, props: SecurityAlertsProps) {
    super(scope, id);
    const problems = new PropsProblems(this);
    problems.require(/^\d{12}$/.test(props.auditAccountId), "auditAccountId", props.auditAccountId, "12 digits");
    problems.require(
      props.subscriptions.length > 0,
      "subscriptions",
      props.subscriptions,
      "at least one receiver (a security event nobody hears is not an alert)",
    );
    const rules = props.rules ?? SECURITY_EVENT_RULES;
    const names = rules.map((r) => r.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    problems.require(duplicate === undefined, "rules", duplicate, "rules with distinct names (this one repeats)");
    problems.throwIfAny();

    const { provider, region } = props;
    const name = `${props.organizationName}-security-events`;
    this.bus = new CloudwatchEventBus(this, "Bus", { provider, region, name });
    new CloudwatchEventBusPolicy(this, "BusPolicy", {
      provider,
      region,
      eventBusName: this.bus.name,
      policy: policyJson({
        Sid: "OrganizationAccountsForwardSecurityEvents",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "events:PutEvents",
        Resource: Partition.of(this).arn({ service: "events", region, account: props.auditAccountId, resource: `event-bus/${name}` }),
        Condition: { StringEquals: { "aws:PrincipalOrgID": props.organizationId } },
      }),
    });

    const ruleArns = Partition.of(this).arn({ service: "events", region, account: props.auditAccountId, resource: `rule/${name}/*` });
    // EventBridge publishes to an encrypted topic only if the key lets it (SNS User Guide, "Encryption
    // at rest: AWS service event sources"; read 2026-12-07).
    this.key = customerManagedKey(this, "Key", {
      provider,
      description: `${props.organizationName} security alerts: encrypts the security-alerts topic`,
      adminAccountId: props.auditAccountId,
      serviceStatements: [
        {
          Sid: "EventBridgeRulesPublishEncrypted",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": props.auditAccountId } },
        },
      ],
    });
    new KmsAlias(this, "KeyAlias", { provider, name: `alias/${props.organizationName}-security-alerts`, targetKeyId: this.key.keyId });
    this.topic = new SnsTopic(this, "Topic", {
      provider,
      region,
      name: `${props.organizationName}-security-alerts`,
      kmsMasterKeyId: this.key.arn,
    });
    new SnsTopicPolicy(this, "TopicPolicy", {
      provider,
      region,
      arn: this.topic.arn,
      policy: policyJson({
        Sid: "SecurityEventRulesPublish",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Resource: Partition.of(this).arn({
          service: "sns",
          region,
          account: props.auditAccountId,
          resource: `${props.organizationName}-security-alerts`,
        }),
        Condition: { ArnLike: { "aws:SourceArn": ruleArns } },
      }),
    });
    props.subscriptions.forEach((s, i) => {
      new SnsTopicSubscription(this, `Subscription-${i}`, {
        provider,
        region,
        topicArn: this.topic.arn,
        protocol: s.protocol,
        endpoint: s.endpoint,
      });
    });

    for (const rule of rules) {
      const r = new CloudwatchEventRule(this, `Rule-${rule.name}`, {
        provider,
        region,
        name: `${props.organizationName}-security-${rule.name}`,
        description: `Pages the security on-call: ${rule.summary}. Runbook: runbooks/${SECURITY_EVENT_RUNBOOK}.md`,
        eventBusName: this.bus.name,
        eventPattern: JSON.stringify(rule.pattern),
      });
      this.rules[rule.name] = r;
      new CloudwatchEventTarget(this, `Target-${rule.name}`, {
        provider,
        region,
        rule: r.name,
        eventBusName: this.bus.name,
        targetId: "security-alerts-topic",
        arn: this.topic.arn,
        inputTransformer: {
          inputPaths: { account: "$.account", region: "$.region", time: "$.time", ...rule.details },
          inputTemplate: securityPageTemplate(rule),
        },
      });
    }
  }
}
