import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { forwardingPattern, type SecurityEventOrigin } from "./security-event-rules";
import { PropsProblems } from "../kit/validation";
import { eventForwarderRole } from "../kit/event-forwarder-role";

export interface SecurityEventForwardingProps {
  /** Provider of the account (any region: every regional resource names its region). */
  readonly provider: TerraformProvider;
  readonly organizationName: string;
  readonly accountId: string;
  /** Regions whose default event bus forwards (the regions the platform uses). */
  readonly regions: readonly string[];
  /** ARN of the audit account's security bus. */
  readonly busArn: string;
  /** Region of that bus. Must be one of `regions`: global events arrive there or in us-east-1. */
  readonly busRegion: string;
  /**
   * Which events this account forwards, by origin and region. CloudTrail events come from every
   * account; findings only from the audit account, which administers GuardDuty in every region and
   * aggregates Security Hub in the home region.
   * @default - CloudTrail events in every region
   */
  readonly origins?: Readonly<Partial<Record<SecurityEventOrigin, readonly string[]>>>;
}

/**
 * One account's share of the security alerting: in each region used, a rule on the default event
 * bus that forwards the security events (and nothing else) to the audit account's security bus,
 * through a role EventBridge assumes. EventBridge requires a role for a bus in another account or
 * region, and applies this account's SCPs to it (EventBridge User Guide, "Sending and receiving
 * events between AWS accounts"; read 2026-12-07).
 */
export class SecurityEventForwarding extends Construct {
  readonly role: IamRole;
  readonly rules: CloudwatchEventRule[] = [];

  constructor(scope: Construct, id: string, props: SecurityEventForwardingProps) {
    super(scope, id);
    const origins = props.origins ?? { cloudtrail: props.regions };
    const problems = new PropsProblems(this);
    const allowedRegions = `one of regions (${props.regions.join(", ")})`;
    problems.require(/^\d{12}$/.test(props.accountId), "accountId", props.accountId, "12 digits");
    problems.require(props.regions.includes(props.busRegion), "busRegion", props.busRegion, allowedRegions);
    for (const [origin, regions] of Object.entries(origins)) {
      for (const r of regions ?? []) problems.require(props.regions.includes(r), `origins.${origin}`, r, allowedRegions);
    }
    problems.throwIfAny();

    const { provider } = props;
    this.role = eventForwarderRole(this, "Role", {
      provider,
      name: `${props.organizationName}-security-event-forwarder`,
      description: "EventBridge forwards this account's security events to the audit account's security bus",
      accountId: props.accountId,
      busArn: props.busArn,
      policyName: "put-events-on-security-bus",
    });

    for (const [origin, regions] of Object.entries(origins) as [SecurityEventOrigin, readonly string[]][]) {
      for (const region of regions) {
        const rule = new CloudwatchEventRule(this, `Rule-${origin}-${region}`, {
          provider,
          region,
          name: `${props.organizationName}-forward-security-${origin}`,
          description: `Forwards ${origin} security events to the audit account's security bus (runbooks/security-event.md)`,
          eventPattern: JSON.stringify(forwardingPattern(origin)),
        });
        this.rules.push(rule);
        new CloudwatchEventTarget(this, `Target-${origin}-${region}`, {
          provider,
          region,
          rule: rule.name,
          targetId: "audit-security-bus",
          arn: props.busArn,
          roleArn: this.role.arn,
        });
      }
    }
  }
}
