import type { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { TerraformProvider } from "cdktf";
import { policyJson } from "./policy-document";

export interface EventForwarderRoleProps {
  readonly name: string;
  readonly description: string;
  /** The account whose EventBridge rules use the role (`aws:SourceAccount`, against confused deputies). */
  readonly accountId: string;
  /** The event bus the rules put events on, the one thing the role may do. */
  readonly busArn: string;
  /** Name of the inline policy. */
  readonly policyName: string;
  /**
   * Provider of the account that holds the role.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * The role an EventBridge rule assumes to send matched events to an event bus in another region or
 * account ("Sending and receiving events between AWS accounts / Regions in Amazon EventBridge":
 * the target needs a role with events:PutEvents on the receiving bus,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-region.html, read 2026-12-07).
 * A function, not a construct, so each caller keeps its role's id.
 */
export function eventForwarderRole(scope: Construct, id: string, props: EventForwarderRoleProps): IamRole {
  return new IamRole(scope, id, {
    ...(props.provider ? { provider: props.provider } : {}),
    name: props.name,
    description: props.description,
    assumeRolePolicy: policyJson({
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": props.accountId } },
    }),
    inlinePolicy: [{ name: props.policyName, policy: policyJson({ Effect: "Allow", Action: "events:PutEvents", Resource: props.busArn }) }],
  });
}
