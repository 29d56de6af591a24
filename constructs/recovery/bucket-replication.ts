import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import { policyJson, serviceTrustPolicy } from "../kit/policy-document";
import { Partition } from "../core/partition";
import { PropsProblems } from "../kit/validation";

export interface BucketReplicationProps {
  /** Name of the replication role, unique in the account. */
  readonly roleName: string;
  /** Versioned source bucket, in this stack's region. */
  readonly sourceBucketName: string;
  readonly sourceBucketArn: string;
  /** CMK the source objects are encrypted with. */
  readonly sourceKmsKeyArn: string;
  readonly sourceRegion: string;
  /** Versioned destination bucket (with Object Lock if the source has it). */
  readonly destinationBucketArn: string;
  /** CMK in the destination region that replicas are encrypted with. */
  readonly destinationKmsKeyArn: string;
  /** @default "to-recovery-region" */
  readonly ruleId?: string;
}

/**
 * Live replication of every new object version of one bucket into another region: SSE-KMS objects
 * re-encrypted with the destination's key, replication metrics on (so lag and failures are visible),
 * and delete markers NOT replicated, so a deletion at the source never removes the copy. Objects
 * written before the rule existed need one S3 Batch Replication job (runbooks/region-loss.md).
 * Permissions follow the S3 User Guide, "Setting up permissions for live replication" and
 * "Replicating encrypted objects" (read 2026-12-07).
 */
export class BucketReplication extends Construct {
  readonly ruleId: string;
  readonly configuration: S3BucketReplicationConfigurationA;

  constructor(scope: Construct, id: string, props: BucketReplicationProps) {
    super(scope, id);
    this.ruleId = props.ruleId ?? "to-recovery-region";
    new PropsProblems(this)
      .require(/^[a-zA-Z0-9-]{1,255}$/.test(this.ruleId), "ruleId", this.ruleId, "1 to 255 letters, digits or '-'")
      .throwIfAny();

    const role = new IamRole(this, "Role", {
      name: props.roleName,
      description: `S3 replication of ${props.sourceBucketName} to the recovery region`,
      assumeRolePolicy: serviceTrustPolicy("s3.amazonaws.com"),
    });
    new IamRolePolicy(this, "Policy", {
      role: role.name,
      name: "replicate",
      policy: policyJson(
        {
          Sid: "ReadReplicationConfiguration",
          Effect: "Allow",
          Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
          Resource: props.sourceBucketArn,
        },
        {
          Sid: "ReadSourceVersions",
          Effect: "Allow",
          Action: [
            "s3:GetObjectVersionForReplication",
            "s3:GetObjectVersionAcl",
            "s3:GetObjectVersionTagging",
            "s3:GetObjectRetention",
            "s3:GetObjectLegalHold",
          ],
          Resource: `${props.sourceBucketArn}/*`,
        },
        {
          Sid: "WriteReplicas",
          Effect: "Allow",
          Action: ["s3:ReplicateObject", "s3:ReplicateTags"],
          Resource: `${props.destinationBucketArn}/*`,
        },
        {
          Sid: "DecryptSource",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: props.sourceKmsKeyArn,
          Condition: { StringLike: { "kms:ViaService": Partition.of(this).endpoint("s3", props.sourceRegion) } },
        },
        { Sid: "EncryptReplicas", Effect: "Allow", Action: ["kms:Encrypt", "kms:GenerateDataKey"], Resource: props.destinationKmsKeyArn },
      ),
    });
    this.configuration = new S3BucketReplicationConfigurationA(this, "Resource", {
      bucket: props.sourceBucketName,
      role: role.arn,
      rule: [
        {
          id: this.ruleId,
          status: "Enabled",
          filter: {},
          deleteMarkerReplication: { status: "Disabled" },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
          destination: {
            bucket: props.destinationBucketArn,
            encryptionConfiguration: { replicaKmsKeyId: props.destinationKmsKeyArn },
            metrics: { status: "Enabled" },
          },
        },
      ],
    });
  }
}
