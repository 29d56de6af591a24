import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { customerManagedKey } from "../kit/customer-managed-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Partition } from "../core/partition";
import { PropsProblems } from "../kit/validation";
import { policyJson } from "../kit/policy-document";

export const ALERT_SEVERITIES = ["critical", "warning"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** One SNS subscription: who hears an alert (an e-mail address, or an https endpoint such as PagerDuty's). */
export interface AlertSubscription {
  readonly protocol: "email" | "https";
  readonly endpoint: string;
}

export interface AlarmTopicsProps {
  /** Prefix of topic and alias names, for example `us` (topics `us-alerts-critical`, ...). */
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** Who hears about each severity. */
  readonly subscriptions: Readonly<Record<AlertSeverity, readonly AlertSubscription[]>>;
  /**
   * Production: Terraform refuses to destroy the key, and a scheduled deletion waits 30 days.
   * @default false
   */
  readonly production?: boolean;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * One SNS topic per alert severity, encrypted with its own customer-managed key that CloudWatch
 * alarms may use (the AWS-managed alias/aws/sns key cannot be used by CloudWatch), publishable
 * only by this account's alarms, with the environment's on-call subscriptions.
 */
export class AlarmTopics extends Construct {
  readonly key: KmsKey;
  readonly topics: Readonly<Record<AlertSeverity, SnsTopic>>;

  constructor(scope: Construct, id: string, props: AlarmTopicsProps) {
    super(scope, id);
    const problems = new PropsProblems(this);
    problems.require(
      /^[a-z][a-z0-9-]{0,40}$/.test(props.namePrefix),
      "namePrefix",
      props.namePrefix,
      "1-41 lowercase letters, digits or '-'",
    );
    problems.require(/^\d{12}$/.test(props.accountId), "accountId", props.accountId, "a 12-digit account id");
    for (const severity of ALERT_SEVERITIES) {
      for (const [i, s] of props.subscriptions[severity].entries()) {
        const field = `subscriptions.${severity}[${i}].endpoint`;
        if (s.protocol === "email") problems.require(EMAIL.test(s.endpoint), field, s.endpoint, "an e-mail address for protocol email");
        if (s.protocol === "https")
          problems.require(/^https:\/\/[^\s]+$/.test(s.endpoint), field, s.endpoint, "an https:// URL for protocol https");
      }
    }
    problems.throwIfAny();

    const alarmsOfThisAccount = { StringEquals: { "aws:SourceAccount": props.accountId } };
    this.key = customerManagedKey(this, "Key", {
      description: `${props.namePrefix} alert topics: encrypts SNS messages published by CloudWatch alarms`,
      adminAccountId: props.accountId,
      protect: props.production === true,
      serviceStatements: [
        {
          Sid: "CloudWatchAlarmsPublishEncrypted",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: alarmsOfThisAccount,
        },
      ],
    });
    new KmsAlias(this, "Alias", { name: `alias/${props.namePrefix}-alerts`, targetKeyId: this.key.keyId });

    const topics = {} as Record<AlertSeverity, SnsTopic>;
    for (const severity of ALERT_SEVERITIES) {
      const topic = new SnsTopic(this, `Topic-${severity}`, {
        name: `${props.namePrefix}-alerts-${severity}`,
        kmsMasterKeyId: this.key.arn,
      });
      new SnsTopicPolicy(this, `TopicPolicy-${severity}`, {
        arn: topic.arn,
        policy: policyJson({
          Sid: "CloudWatchAlarmsOfThisAccount",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "sns:Publish",
          Resource: topic.arn,
          Condition: {
            ...alarmsOfThisAccount,
            ArnLike: {
              "aws:SourceArn": Partition.of(this).arn({
                service: "cloudwatch",
                region: props.region,
                account: props.accountId,
                resource: "alarm:*",
              }),
            },
          },
        }),
      });
      for (const [i, s] of props.subscriptions[severity].entries()) {
        new SnsTopicSubscription(this, `Subscription-${severity}-${i}`, {
          topicArn: topic.arn,
          protocol: s.protocol,
          endpoint: s.endpoint,
        });
      }
      topics[severity] = topic;
    }
    this.topics = topics;
  }
}
