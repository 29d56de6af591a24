import { Construct } from "constructs";
import { SecureBucket } from "../kit/secure-bucket";

export interface ClickHouseColdStorageBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** Production: Terraform refuses to destroy the bucket. */
  readonly production: boolean;
  /** CMK of the objects (the bucket's default SSE-KMS, with a bucket key). */
  readonly kmsKeyArn: string;
  /** The environment's S3 access-log bucket. */
  readonly accessLogsBucketName: string;
  /**
   * Days deleted or overwritten object versions are kept.
   * @default 1
   */
  readonly noncurrentVersionExpirationDays?: number;
}

/**
 * The S3 bucket behind ClickHouse's `cold` volume: private, CMK-encrypted, TLS only, access-logged,
 * destroy-protected in production (SecureBucket).
 *
 * Lifecycle decisions, because ClickHouse owns the objects:
 * - no expiration and no storage-class transition: ClickHouse deletes a part's objects when TTL
 *   drops the part or a merge replaces it; an object S3 expired or moved to an archive class under
 *   a live part would break reads of that part.
 * - versioning stays on (SecureBucket keeps every bucket versioned), but old versions are removed
 *   after a day: an S3-disk object is useless without the part's metadata on the replica's volume,
 *   so old versions cannot restore anything. The recovery path is clickhouse-backup, which copies
 *   object-disk parts into the backups bucket (Object Lock there). A day bounds what merges and
 *   deletes leave behind to one day of churn.
 * - incomplete multipart uploads are aborted after SecureBucket's default 7 days.
 */
export class ClickHouseColdStorageBucket extends Construct {
  readonly bucket: SecureBucket;
  readonly bucketName: string;
  readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: ClickHouseColdStorageBucketProps) {
    super(scope, id);
    this.bucket = new SecureBucket(this, "Resource", {
      bucketName: props.bucketName,
      preventDestroy: props.production,
      encryption: { kmsKeyArn: props.kmsKeyArn },
      accessLogs: { bucketName: props.accessLogsBucketName, prefix: "clickhouse-cold/" },
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays ?? 1,
    });
    this.bucketName = this.bucket.bucketName;
    this.bucketArn = this.bucket.bucketArn;
  }
}
