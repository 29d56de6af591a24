import { Construct } from "constructs";
import { OrganizationsPolicy } from "@cdktf/provider-aws/lib/organizations-policy";
import { OrganizationsPolicyAttachment } from "@cdktf/provider-aws/lib/organizations-policy-attachment";
import { PropsProblems } from "../kit/validation";

/**
 * The AI services opt-out policy document: no AWS AI service may store or use the platform's
 * content to improve AWS services, in any account ("default" covers every current and future
 * service; docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_ai-opt-out_syntax.html).
 */
export const AI_OPT_OUT_DOCUMENT = { services: { default: { opt_out_policy: { "@@assign": "optOut" } } } } as const;

export interface AiServicesOptOutProps {
  readonly organizationName: string;
  /** Root or OU ids to attach to. */
  readonly targetIds: readonly string[];
}

/**
 * Opts every account out of AI-service content use: customer analytics events must not leave the
 * platform's control (SOC 2 confidentiality). Needs AISERVICES_OPT_OUT_POLICY enabled on the organization.
 */
export class AiServicesOptOut extends Construct {
  readonly policy: OrganizationsPolicy;

  constructor(scope: Construct, id: string, props: AiServicesOptOutProps) {
    super(scope, id);
    new PropsProblems(this).require(props.targetIds.length > 0, "targetIds", props.targetIds, "at least one root or OU id").throwIfAny();
    this.policy = new OrganizationsPolicy(this, "Resource", {
      name: `${props.organizationName}-ai-services-opt-out`,
      description: "Opt every account out of AI services storing or using its content",
      type: "AISERVICES_OPT_OUT_POLICY",
      content: JSON.stringify(AI_OPT_OUT_DOCUMENT),
    });
    props.targetIds.forEach(
      (targetId, i) => new OrganizationsPolicyAttachment(this, `attachment-${i}`, { policyId: this.policy.id, targetId }),
    );
  }
}
