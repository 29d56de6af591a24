import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { EncryptedLogGroup } from "../kit/encrypted-log-group";
import { Partition } from "../core/partition";
import { arn } from "../../lib/catalog/partitions";
import { PropsProblems } from "../kit/validation";
import { policyJson } from "../kit/policy-document";

/** Days the trail's CloudWatch Logs copy is kept for queries and metric filters; S3 keeps the long-term copy. */
export const TRAIL_LOG_GROUP_RETENTION_DAYS = 365;

export interface OrganizationTrailProps {
  readonly trailName: string;
  /** Management account and home region: the trail lives there. */
  readonly managementAccountId: string;
  readonly region: string;
  /** Log archive bucket name and its CMK (ARN). */
  readonly bucketName: string;
  readonly kmsKeyArn: string;
  /**
   * Buckets whose object reads and writes are recorded (S3 data events): who read the audit logs or
   * the Terraform state. Names only; every account's bucket of that name is covered.
   * @default - none
   */
  readonly dataEventBucketNames?: readonly string[];
  /**
   * Resources that must exist first (bucket policy, key): CloudTrail checks its permissions on create.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * One trail for every account and region of the organization: management events (read and write),
 * global service events, log file validation, SSE-KMS with the archive's CMK, and a copy in an
 * encrypted CloudWatch Logs group for alarms (docs/reference/scanner-behaviour.md rows 54-59).
 *
 * S3 data events are recorded only for the sensitive buckets named in dataEventBucketNames: for all
 * buckets, at the platform's event volumes, they would cost more than the rest of the trail, and
 * GuardDuty S3 protection analyses them for threats anyway.
 */
export class OrganizationTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly logGroup: EncryptedLogGroup;
  /** The trail's ARN, known before creation (key and bucket policies name it). */
  readonly trailArn: string;

  constructor(scope: Construct, id: string, props: OrganizationTrailProps) {
    super(scope, id);
    const problems = new PropsProblems(this);
    problems.require(
      /^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/.test(props.trailName),
      "trailName",
      props.trailName,
      "3-128 letters, digits, '.', '_' or '-', starting with a letter or digit",
    );
    // Basic event selectors take at most 250 data resources per trail (CloudTrail quotas,
    // docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html).
    const dataEventBuckets = props.dataEventBucketNames?.length ?? 0;
    problems.require(dataEventBuckets <= 250, "dataEventBucketNames", `${dataEventBuckets} buckets`, "at most 250 buckets");
    problems.throwIfAny();
    this.trailArn = organizationTrailArn(props.region, props.managementAccountId, props.trailName, Partition.of(this).id);
    this.logGroup = new EncryptedLogGroup(this, "LogGroup", {
      logGroupName: `/aws/cloudtrail/${props.trailName}`,
      retentionDays: TRAIL_LOG_GROUP_RETENTION_DAYS,
      accountId: props.managementAccountId,
      region: props.region,
      purpose: "Organization CloudTrail",
    });
    const role = new IamRole(this, "CloudWatchLogsRole", {
      name: `${props.trailName}-cloudwatch-logs`,
      description: "CloudTrail delivers the organization trail to CloudWatch Logs",
      assumeRolePolicy: policyJson({
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceArn": this.trailArn } },
      }),
    });
    const delivery = new IamRolePolicy(this, "CloudWatchLogsDelivery", {
      role: role.name,
      name: "deliver-to-log-group",
      policy: policyJson({
        Sid: "WriteTrailEvents",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${this.logGroup.logGroup.arn}:log-stream:*`,
      }),
    });
    this.trail = new Cloudtrail(this, "Resource", {
      name: props.trailName,
      s3BucketName: props.bucketName,
      kmsKeyId: props.kmsKeyArn,
      isOrganizationTrail: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      cloudWatchLogsGroupArn: `${this.logGroup.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: role.arn,
      eventSelector: [
        {
          readWriteType: "All",
          includeManagementEvents: true,
          ...(props.dataEventBucketNames?.length
            ? {
                dataResource: [
                  { type: "AWS::S3::Object", values: [...props.dataEventBucketNames].sort().map((b) => Partition.of(this).s3Arn(`${b}/`)) },
                ],
              }
            : {}),
        },
      ],
      dependsOn: [...(props.dependsOn ?? []), delivery],
    });
  }
}

/** ARN of a trail in the management account (policies need it before the trail exists). */
export function organizationTrailArn(region: string, managementAccountId: string, trailName: string, partition: string): string {
  return arn({ partition, service: "cloudtrail", region, account: managementAccountId, resource: `trail/${trailName}` });
}
