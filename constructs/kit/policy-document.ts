import type { PolicyDocument, PolicyStatement } from "../../lib/catalog/policy-document";
import type { PropsProblems } from "./validation";

export type { OneOrMore, PolicyCondition, PolicyDocument, PolicyPrincipal, PolicyStatement } from "../../lib/catalog/policy-document";

/**
 * Helpers for the one policy-document type (lib/catalog/policy-document.ts), which every construct
 * writes with (identity, resource, trust, key, bucket and service control policies alike). Documents are rendered with JSON.stringify, never a data source, so the policy
 * checker and the scanners read them in cdktf.out (docs/reference/scanner-behaviour.md §1).
 */

/** A document holding these statements, in this order. */
export const policyDocument = (...statements: readonly PolicyStatement[]): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: statements,
});

/** The document of these statements as the JSON string IAM, KMS, S3 and Organizations take. */
export const policyJson = (...statements: readonly PolicyStatement[]): string => JSON.stringify(policyDocument(...statements));

/** Trust policy letting one AWS service (its principal, such as `s3.amazonaws.com`) assume a role. */
export const serviceTrustPolicy = (service: string): string =>
  policyJson({ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" });

/**
 * Records what IAM would refuse in a document passed as a prop, under `field`: a statement id used
 * twice in one policy (a Sid must be unique within a JSON policy:
 * docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html, cited 2026-12-07),
 * or an Action, NotAction, Resource or NotResource list with nothing in it.
 */
export function checkPolicyDocument(problems: PropsProblems, field: string, document: PolicyDocument): PropsProblems {
  const sids = document.Statement.flatMap((s) => (s.Sid === undefined ? [] : [s.Sid]));
  const repeated = [...new Set(sids.filter((sid, i) => sids.indexOf(sid) !== i))];
  problems.require(repeated.length === 0, `${field}.Statement[].Sid`, repeated, "statement ids that differ within one policy");
  document.Statement.forEach((statement, i) => {
    for (const element of ["Action", "NotAction", "Resource", "NotResource"] as const) {
      const value = statement[element];
      problems.require(!Array.isArray(value) || value.length > 0, `${field}.Statement[${i}].${element}`, value, "at least one entry");
    }
  });
  return problems;
}
