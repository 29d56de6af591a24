import { Fn, TerraformLocal } from "cdktf";
import type { Construct } from "constructs";
import { policyJson } from "../../kit/policy-document";

/**
 * Trust policy of an IRSA role for one Kubernetes service account, when the platform layer knows
 * the cluster's OIDC provider only by its ARN (read from the cluster stack's state). The issuer host
 * path is the part of the ARN after "oidc-provider/"; a local (id `oidc_issuer` in `scope`) keeps
 * the function call and its quotes out of the policy text, which stays parseable JSON.
 */
export function irsaTrustPolicy(
  scope: Construct,
  oidcProviderArn: string,
  serviceAccount: { readonly namespace: string; readonly name: string },
): string {
  const issuer = new TerraformLocal(scope, "oidc_issuer", Fn.element(Fn.split("oidc-provider/", oidcProviderArn), 1)).asString;
  return policyJson({
    Effect: "Allow",
    Principal: { Federated: oidcProviderArn },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: {
      StringEquals: {
        [`${issuer}:sub`]: `system:serviceaccount:${serviceAccount.namespace}:${serviceAccount.name}`,
        [`${issuer}:aud`]: "sts.amazonaws.com",
      },
    },
  });
}
