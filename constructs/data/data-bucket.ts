import type { Construct } from "constructs";
import { SecureBucket, type BucketEncryption } from "../kit/secure-bucket";

export type { BucketEncryption };

/**
 * The props of the data buckets before the construct kit. Kept for one release so branches that
 * still create buckets this way compile; new code uses SecureBucket (constructs/kit/secure-bucket.ts).
 */
export interface DataBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** Production: Terraform refuses to destroy the bucket. */
  readonly production: boolean;
  readonly encryption: BucketEncryption;
  /** @default - no access logging; allowed only with isAccessLogTarget */
  readonly accessLogs?: { readonly bucketName: string; readonly prefix: string };
  /** @default false */
  readonly isAccessLogTarget?: boolean;
  /** Account whose buckets may deliver access logs here (with isAccessLogTarget). */
  readonly accountId: string;
  /** @default 0 */
  readonly objectLockDays?: number;
  /** @default - never */
  readonly expirationDays?: number;
  /** Current objects move to STANDARD_IA after this many days. @default - no transition */
  readonly infrequentAccessAfterDays?: number;
  /** @default 30 */
  readonly noncurrentVersionExpirationDays?: number;
  /** @default 7 */
  readonly abortIncompleteMultipartUploadDays?: number;
}

/**
 * @deprecated Use SecureBucket from constructs/kit/secure-bucket.ts; this maps the old props onto it
 * (same construct ids and output) and goes away in the next release.
 */
export class DataBucket extends SecureBucket {
  constructor(scope: Construct, id: string, props: DataBucketProps) {
    const { production, isAccessLogTarget, accountId, infrequentAccessAfterDays, ...rest } = props;
    super(scope, id, {
      ...rest,
      preventDestroy: production,
      ...(isAccessLogTarget ? { accessLogTarget: { sourceAccountId: accountId } } : {}),
      ...(infrequentAccessAfterDays !== undefined
        ? { transition: { afterDays: infrequentAccessAfterDays, storageClass: "STANDARD_IA" } }
        : {}),
    });
  }
}
