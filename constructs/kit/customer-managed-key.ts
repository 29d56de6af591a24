import type { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Partition } from "../core/partition";
import { policyJson, type PolicyStatement } from "./policy-document";

export interface CustomerManagedKeyProps {
  /** What the key encrypts, in its description. */
  readonly description: string;
  /** Account whose IAM policies administer and use the key: the key policy delegates to IAM there. */
  readonly adminAccountId: string;
  /**
   * Statements for the AWS services that use the key on their own behalf (CloudWatch Logs,
   * CloudTrail, SNS publishers, Auto Scaling). @default - none: only IAM in the admin account
   */
  readonly serviceStatements?: readonly PolicyStatement[];
  /**
   * Protected: Terraform refuses to destroy the key (`prevent_destroy`) and AWS waits its longest
   * deletion window (30 days). Turn off only for environments that are torn down (the key then has
   * no lifecycle block and a 7-day window). @default true
   */
  readonly protect?: boolean;
  /**
   * Sid of the statement that delegates to IAM in the admin account; it is part of the deployed
   * key policy. @default "AccountAdministersTheKey"
   */
  readonly adminStatementId?: string;
  /** Provider of another account or region. @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

/**
 * A symmetric customer-managed KMS key as every layer uses it: rotation on, enabled, a key policy
 * that delegates to IAM in one account plus named service statements (docs/reference/scanner-behaviour.md rows 44-46), and
 * destroy protection. A function rather than a construct so each caller keeps its key's id, which
 * is the key's identity in state.
 */
export function customerManagedKey(scope: Construct, id: string, props: CustomerManagedKeyProps): KmsKey {
  const protect = props.protect ?? true;
  return new KmsKey(scope, id, {
    ...(props.provider ? { provider: props.provider } : {}),
    description: props.description,
    enableKeyRotation: true,
    isEnabled: true,
    deletionWindowInDays: protect ? 30 : 7,
    ...(protect ? { lifecycle: { preventDestroy: true } } : {}),
    policy: policyJson(
      {
        Sid: props.adminStatementId ?? "AccountAdministersTheKey",
        Effect: "Allow",
        Principal: { AWS: Partition.of(scope).iamArn(props.adminAccountId, "root") },
        Action: "kms:*",
        Resource: "*",
      },
      ...(props.serviceStatements ?? []),
    ),
  });
}

/**
 * Lets CloudWatch Logs in one region use the key for the log groups whose ARN matches
 * `logGroupArnPattern` (a `*` wildcard allowed). CloudWatch Logs encrypts with the service
 * principal and puts the group's ARN in the encryption context (CloudWatch Logs User Guide,
 * "Encrypt log data in CloudWatch Logs using AWS KMS").
 */
export function cloudWatchLogsStatement(partition: Partition, sid: string, region: string, logGroupArnPattern: string): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: partition.endpoint("logs", region) },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": logGroupArnPattern } },
  };
}
