import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { cloudWatchLogsStatement, customerManagedKey } from "./customer-managed-key";
import { LOG_RETENTION_DAYS } from "./log-retention";
import { Partition } from "../core/partition";
import { PropsProblems } from "./validation";
import type { TerraformProvider } from "cdktf";

/** Records a problem unless `days` is a retention CloudWatch Logs accepts (LOG_RETENTION_DAYS). */
export function checkLogRetention(problems: PropsProblems, field: string, days: number): PropsProblems {
  return problems.require(
    (LOG_RETENTION_DAYS as readonly number[]).includes(days),
    field,
    days,
    `a CloudWatch Logs retention value (${LOG_RETENTION_DAYS.join(", ")})`,
  );
}

export interface LogGroupWithKeyProps {
  /** Log group name, for example `/aws/rds/instance/<id>/postgresql`. */
  readonly logGroupName: string;
  /** Days events are kept; one of LOG_RETENTION_DAYS. */
  readonly retentionDays: number;
  /** ARN of the customer-managed key, whose policy lets CloudWatch Logs use it for this group. */
  readonly kmsKeyArn: string;
  /** Provider of another account or region. @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

/**
 * A log group encrypted with a key the caller owns (a layer's data key shared by several groups),
 * for services that write to a group of a fixed name (RDS, MSK, DMS). A function rather than a
 * construct so each caller keeps the group's id, its identity in state. A bad retention is
 * reported against `scope` as `<id>.retentionDays`.
 */
export function logGroupWithKey(scope: Construct, id: string, props: LogGroupWithKeyProps): CloudwatchLogGroup {
  checkLogRetention(new PropsProblems(scope), `${id}.retentionDays`, props.retentionDays).throwIfAny();
  return new CloudwatchLogGroup(scope, id, {
    ...(props.provider ? { provider: props.provider } : {}),
    name: props.logGroupName,
    retentionInDays: props.retentionDays,
    kmsKeyId: props.kmsKeyArn,
  });
}

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
    checkLogRetention(new PropsProblems(this), "retentionDays", props.retentionDays).throwIfAny();
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
    this.logGroup = logGroupWithKey(this, "Resource", {
      logGroupName: props.logGroupName,
      retentionDays: props.retentionDays,
      kmsKeyArn: this.key.arn,
    });
  }
}
