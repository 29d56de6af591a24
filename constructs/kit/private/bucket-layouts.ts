import type { S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import type { Partition } from "../../core/partition";

/** The secure bucket's props after defaults, as the layouts read them. */
export interface ResolvedBucketProps {
  readonly layout: BucketLayout;
  readonly preventDestroy: boolean;
  readonly objectLockDays: number;
  readonly expirationDays: number | undefined;
  readonly transition: { readonly afterDays: number; readonly storageClass: string } | undefined;
  readonly noncurrentVersionExpirationDays: number;
  readonly abortIncompleteMultipartUploadDays: number;
}

/** The parts of a secure bucket besides the bucket itself, in the order a layout creates them. */
type BucketPart = "publicAccessBlock" | "ownership" | "versioning" | "encryption" | "lifecycle" | "objectLock" | "accessLogging" | "policy";

/**
 * How one generation of the secure bucket lays out its resources. Construct ids are state addresses
 * and resource order is synthesized order, so a deployed bucket keeps the layout it was made with.
 */
interface Layout {
  readonly order: readonly BucketPart[];
  /** Construct ids that differ between layouts (the others are the same in both). */
  readonly ids: { readonly ownership: string; readonly accessLogging: string };
  /** Lifecycle and Object Lock configuration wait for versioning (depends_on). */
  readonly waitForVersioning: boolean;
  readonly lifecycleRules: (props: ResolvedBucketProps) => S3BucketLifecycleConfigurationRule[];
  /** Sid and resource of the statement letting S3 server access logging write here. */
  readonly accessLogDelivery: (bucketName: string, bucketArn: string, partition: Partition) => { sid: string; resource: string };
}

/** Current-version expiry and transition, when asked. */
const currentVersionActions = (props: ResolvedBucketProps) => ({
  ...(props.transition !== undefined
    ? { transition: [{ days: props.transition.afterDays, storageClass: props.transition.storageClass }] }
    : {}),
  ...(props.expirationDays !== undefined ? { expiration: [{ days: props.expirationDays }] } : {}),
});

/** The layout of the data buckets (formerly DataBucket): one lifecycle rule per concern. */
const standard: Layout = {
  order: ["ownership", "publicAccessBlock", "versioning", "encryption", "lifecycle", "objectLock", "accessLogging", "policy"],
  ids: { ownership: "Ownership", accessLogging: "AccessLogging" },
  waitForVersioning: false,
  lifecycleRules: (props) => {
    const rules: S3BucketLifecycleConfigurationRule[] = [
      {
        id: "abort-incomplete-multipart-uploads",
        status: "Enabled",
        filter: [{}],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: props.abortIncompleteMultipartUploadDays }],
      },
      {
        id: "expire-noncurrent-versions",
        status: "Enabled",
        filter: [{}],
        // A locked version cannot be removed before its lock ends; asking earlier only fails quietly.
        noncurrentVersionExpiration: [{ noncurrentDays: Math.max(props.noncurrentVersionExpirationDays, props.objectLockDays) }],
        expiration: [{ expiredObjectDeleteMarker: true }],
      },
    ];
    if (props.expirationDays !== undefined || props.transition !== undefined)
      rules.push({ id: "current-versions", status: "Enabled", filter: [{}], ...currentVersionActions(props) });
    return rules;
  },
  accessLogDelivery: (_bucketName, bucketArn) => ({ sid: "S3ServerAccessLogsFromThisAccount", resource: `${bucketArn}/*` }),
};

/** The layout of the bootstrap and audit-archive buckets (formerly bootstrap/SecureBucket): one lifecycle rule. */
const bootstrap: Layout = {
  order: ["publicAccessBlock", "ownership", "versioning", "encryption", "accessLogging", "objectLock", "lifecycle", "policy"],
  ids: { ownership: "OwnershipControls", accessLogging: "Logging" },
  waitForVersioning: true,
  lifecycleRules: (props) => [
    {
      id: "retention",
      status: "Enabled",
      filter: [{ prefix: "" }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: props.abortIncompleteMultipartUploadDays }],
      noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays }],
      ...currentVersionActions(props),
    },
  ],
  accessLogDelivery: (bucketName, _bucketArn, partition) => ({
    sid: "S3ServerAccessLogDelivery",
    resource: partition.s3Arn(`${bucketName}/*`),
  }),
};

export const BUCKET_LAYOUTS = { standard, bootstrap } as const;

export type BucketLayout = keyof typeof BUCKET_LAYOUTS;
