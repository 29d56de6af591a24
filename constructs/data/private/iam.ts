/** IAM policy document helpers. Documents are plain JSON strings so the policy checker can read them. */

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: unknown;
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** A policy document as the JSON string IAM, KMS and S3 expect. */
export const policyDocument = (...statements: PolicyStatement[]): string =>
  JSON.stringify({ Version: "2012-10-17", Statement: statements });

/** Trust policy letting one AWS service assume a role. */
export const serviceTrustPolicy = (service: string): string =>
  policyDocument({ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" });
