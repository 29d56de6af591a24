import { Construct } from "constructs";
import { IamServiceLinkedRole } from "@cdktf/provider-aws/lib/iam-service-linked-role";
import { PropsProblems } from "../kit/validation";
import { firstPart } from "../../lib/text";

/**
 * Services whose service-linked role the environment stacks name as a principal before the
 * service would create it on its own:
 * - autoscaling.amazonaws.com (`AWSServiceRoleForAutoScaling`): the cluster stack's EBS KMS key
 *   policy names it, and Auto Scaling creates it only with the account's first group, after the key.
 *   KMS refuses a policy naming a principal that does not exist (docs/reference/deploy-constraints.md rows 1-2).
 * Config's role is created by the organization stack's account baseline.
 */
export const ENVIRONMENT_SERVICE_LINKED_ROLES = ["autoscaling.amazonaws.com"] as const;

export interface ServiceLinkedRolesProps {
  /** Service principals (`<service>.amazonaws.com`) whose service-linked role to create. */
  readonly services: readonly string[];
}

/**
 * Service-linked roles of one account. They are account-global (one per service, whatever the
 * region), so they belong to the account's bootstrap stack, not to an environment. In an account
 * where a role already exists (an Auto Scaling group ran there), import it first
 * (runbooks/bootstrap-new-account.md): creating it again fails.
 */
export class ServiceLinkedRoles extends Construct {
  /** By service principal. */
  readonly roles: Readonly<Record<string, IamServiceLinkedRole>>;

  constructor(scope: Construct, id: string, props: ServiceLinkedRolesProps) {
    super(scope, id);
    const problems = new PropsProblems(this);
    props.services.forEach((s, i) =>
      problems.require(
        /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/.test(s),
        `services[${i}]`,
        s,
        "a service principal like autoscaling.amazonaws.com",
      ),
    );
    problems.require(new Set(props.services).size === props.services.length, "services", props.services, "no repeats");
    problems.throwIfAny();
    const roles: Record<string, IamServiceLinkedRole> = {};
    for (const service of props.services) {
      // Construct id = the service's short name: stable as long as the service list only grows.
      roles[service] = new IamServiceLinkedRole(this, firstPart(service, "."), { awsServiceName: service });
    }
    this.roles = roles;
  }
}
