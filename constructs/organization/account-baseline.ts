import { Construct } from "constructs";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { ConfigConfigurationRecorder } from "@cdktf/provider-aws/lib/config-configuration-recorder";
import { ConfigConfigurationRecorderStatus } from "@cdktf/provider-aws/lib/config-configuration-recorder-status";
import { ConfigDeliveryChannel } from "@cdktf/provider-aws/lib/config-delivery-channel";
import { EbsEncryptionByDefault } from "@cdktf/provider-aws/lib/ebs-encryption-by-default";
import { IamAccountPasswordPolicy } from "@cdktf/provider-aws/lib/iam-account-password-policy";
import { IamServiceLinkedRole } from "@cdktf/provider-aws/lib/iam-service-linked-role";
import { S3AccountPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-account-public-access-block";
import { PropsProblems } from "../kit/validation";

export interface AccountBaselineProps {
  /** Provider of the account (any region: every regional resource names its region). */
  readonly provider: TerraformProvider;
  readonly accountId: string;
  /** Regions the platform uses; AWS Config records and EBS encryption is enforced in each. */
  readonly regions: readonly string[];
  /** The one region that records global resources (IAM), so they are not recorded once per region. */
  readonly globalResourcesRegion: string;
  /**
   * Bucket AWS Config delivers to and its CMK (ARN), in the log archive account. Never an Object
   * Lock bucket: PutDeliveryChannel refuses one (AWS CloudFormation reference,
   * AWS::Config::DeliveryChannel; read 2026-12-02).
   */
  readonly configBucketName: string;
  readonly configKmsKeyArn: string;
  /**
   * What must exist before a delivery channel: PutDeliveryChannel checks the bucket policy, so the
   * delivery bucket's policy belongs here (a reference to the bucket name alone does not order it).
   * @default - nothing beyond the references
   */
  readonly deliveryDependsOn?: readonly ITerraformDependable[];
}

/**
 * The security baseline of one account: S3 Block Public Access for the whole account, a strict IAM
 * password policy (there are no IAM users; the policy makes one that slips in still meet the CIS
 * benchmark's password rules, which scanners check per account), and in every
 * region used an AWS Config recorder (all resource types, continuous) delivering to the log
 * archive account's Config delivery bucket, plus EBS encryption by default.
 *
 * EBS default encryption uses the regional AWS-managed key: a CMK per account and region would cost
 * more keys than it protects, since every volume the platform creates names its own CMK in a
 * launch template or StorageClass; the default only catches volumes created by hand.
 */
export class AccountBaseline extends Construct {
  readonly recorders: Record<string, ConfigConfigurationRecorder> = {};

  constructor(scope: Construct, id: string, props: AccountBaselineProps) {
    super(scope, id);
    new PropsProblems(this)
      .require(/^\d{12}$/.test(props.accountId), "accountId", props.accountId, "12 digits")
      .require(props.regions.length > 0, "regions", props.regions, "at least one region")
      .require(new Set(props.regions).size === props.regions.length, "regions", props.regions, "no repeats")
      .require(
        props.regions.includes(props.globalResourcesRegion),
        "globalResourcesRegion",
        props.globalResourcesRegion,
        `one of regions (${props.regions.join(", ")})`,
      )
      .throwIfAny();
    const provider = props.provider;

    new S3AccountPublicAccessBlock(this, "S3PublicAccessBlock", {
      provider,
      accountId: props.accountId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new IamAccountPasswordPolicy(this, "PasswordPolicy", {
      provider,
      minimumPasswordLength: 14,
      requireLowercaseCharacters: true,
      requireUppercaseCharacters: true,
      requireNumbers: true,
      requireSymbols: true,
      allowUsersToChangePassword: true,
      passwordReusePrevention: 24,
      maxPasswordAge: 90,
    });
    // Config's service-linked role; one per account, shared by every region's recorder.
    const configRole = new IamServiceLinkedRole(this, "ConfigServiceRole", { provider, awsServiceName: "config.amazonaws.com" });

    for (const region of props.regions) {
      const scope = new Construct(this, region);
      const recorder = new ConfigConfigurationRecorder(scope, "Recorder", {
        provider,
        region,
        name: "default",
        roleArn: configRole.arn,
        recordingGroup: {
          allSupported: true,
          // Exception (docs/reference/scanner-behaviour.md row 66) outside one region: global resources (IAM) are the same in
          // every region, and recording them everywhere multiplies Config cost for no evidence.
          includeGlobalResourceTypes: region === props.globalResourcesRegion,
        },
        recordingMode: { recordingFrequency: "CONTINUOUS" },
      });
      this.recorders[region] = recorder;
      const channel = new ConfigDeliveryChannel(scope, "DeliveryChannel", {
        provider,
        region,
        name: "default",
        s3BucketName: props.configBucketName,
        s3KeyPrefix: "config",
        s3KmsKeyArn: props.configKmsKeyArn,
        snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
        dependsOn: [recorder, ...(props.deliveryDependsOn ?? [])],
      });
      new ConfigConfigurationRecorderStatus(scope, "RecorderStatus", {
        provider,
        region,
        name: recorder.name,
        isEnabled: true,
        dependsOn: [channel],
      });
      new EbsEncryptionByDefault(scope, "EbsEncryptionByDefault", { provider, region, enabled: true });
    }
  }
}
