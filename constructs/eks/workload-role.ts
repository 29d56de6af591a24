import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { serviceAccountSubject, type ServiceAccountRef } from "./service-accounts";
import { PropsProblems } from "../kit/validation";
import { checkPolicyDocument, type PolicyDocument, policyJson } from "../kit/policy-document";

export interface WorkloadRoleProps {
  /** IAM role name. */
  readonly roleName: string;
  readonly description: string;
  /** ARN of the cluster's IAM OIDC provider. */
  readonly oidcProviderArn: string;
  /** The provider's issuer without `https://` (`oidc.eks.<region>.amazonaws.com/id/<ID>`). */
  readonly oidcIssuerHost: string;
  /** The one service account allowed to assume the role. */
  readonly serviceAccount: ServiceAccountRef;
  /** Inline policy. @default none */
  readonly policy?: PolicyDocument;
  /** AWS managed policies to attach. @default none */
  readonly managedPolicyArns?: readonly string[];
}

/**
 * An IAM role for one Kubernetes service account (IRSA). The trust policy requires both the exact
 * `sub` (namespace and name; no wildcards) and the `sts.amazonaws.com` audience, so no other pod in
 * the cluster, and no other cluster, can assume it.
 */
export class WorkloadRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: WorkloadRoleProps) {
    super(scope, id);
    const { namespace, name } = props.serviceAccount;
    const dns1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
    const problems = new PropsProblems(this)
      .require(dns1123.test(namespace), "serviceAccount.namespace", namespace, "a DNS-1123 label")
      .require(dns1123.test(name), "serviceAccount.name", name, "a DNS-1123 label")
      .require(
        Boolean(props.policy) || Boolean(props.managedPolicyArns?.length),
        "policy, managedPolicyArns",
        props.managedPolicyArns,
        "a policy or managed policy ARNs (a role with no permissions is a mistake)",
      );
    if (props.policy) checkPolicyDocument(problems, "policy", props.policy);
    problems.throwIfAny();

    this.role = new IamRole(this, "Resource", {
      name: props.roleName,
      description: `${props.description} (IRSA: ${namespace}/${name})`,
      maxSessionDuration: 3600,
      assumeRolePolicy: policyJson({
        Sid: "OnlyThisServiceAccount",
        Effect: "Allow",
        Principal: { Federated: props.oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${props.oidcIssuerHost}:sub`]: serviceAccountSubject(props.serviceAccount),
            [`${props.oidcIssuerHost}:aud`]: "sts.amazonaws.com",
          },
        },
      }),
    });
    if (props.policy) {
      new IamRolePolicy(this, "Policy", { role: this.role.name, name: "permissions", policy: JSON.stringify(props.policy) });
    }
    (props.managedPolicyArns ?? []).forEach(
      (arn, i) => new IamRolePolicyAttachment(this, `Managed${i}`, { role: this.role.name, policyArn: arn }),
    );
  }
}
