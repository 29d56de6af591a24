import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { cloudWatchLogsStatement, customerManagedKey } from "./customer-managed-key";
import { LOG_RETENTION_DAYS } from "./log-retention";
import { Partition } from "../core/partition";
import { PropsProblems } from "./validation";

export interface EncryptedLogGroupProps {
  /** Log group name, for example `/aws/eks/us/cluster`. */
  readonly logGroupName: string;
  /** Days events are kept; one of LOG_RETENTION_DAYS. */
  readonly retentionDays: number;
  readonly accountId: string;
  readonly region: string;
  /** What the key is for, in its description. */
  readonly purpose: string;
  /**
   * `prevent_destroy` on the key: losing it makes the logs unreadable. Turn off only for
   * environments that are torn down (staging). @default true
   */
  readonly preventDestroy?: boolean | undefined;
}

/**
 * A log group encrypted with its own customer-managed key (rotation on, 30-day deletion window),
 * usable only by CloudWatch Logs for this one group (docs/reference/scanner-behaviour.md row 67; rows 44-46 for the key).
 */
export class EncryptedLogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    new PropsProblems(this)
      .require(
        (LOG_RETENTION_DAYS as readonly number[]).includes(props.retentionDays),
        "retentionDays",
        props.retentionDays,
        `a CloudWatch Logs retention value (${LOG_RETENTION_DAYS.join(", ")})`,
      )
      .throwIfAny();
    const logGroupArn = Partition.of(this).arn({
      service: "logs",
      region: props.region,
      account: props.accountId,
      resource: `log-group:${props.logGroupName}`,
    });
    this.key = customerManagedKey(this, "Key", {
      description: `${props.purpose}: encrypts CloudWatch log group ${props.logGroupName}`,
      adminAccountId: props.accountId,
      protect: props.preventDestroy ?? true,
      serviceStatements: [
        cloudWatchLogsStatement(Partition.of(this), "CloudWatchLogsUsesTheKeyForThisGroupOnly", props.region, logGroupArn),
      ],
    });
    new KmsAlias(this, "Alias", {
      name: `alias/logs${props.logGroupName.replace(/[^a-zA-Z0-9/_-]/g, "-")}`,
      targetKeyId: this.key.keyId,
    });
    this.logGroup = new CloudwatchLogGroup(this, "Resource", {
      name: props.logGroupName,
      retentionInDays: props.retentionDays,
      kmsKeyId: this.key.arn,
    });
  }
}
