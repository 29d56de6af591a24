import { z } from "zod";
import { EC2_INSTANCE_TYPES, nearest } from "../../catalog/instance-types";

/**
 * A string that must be one of a catalog's names; a miss names the nearest one. The format check
 * runs first, so "did you mean" is only offered for names of the right shape.
 */
export const inCatalog = (what: string, catalog: ReadonlySet<string>, format: RegExp, example: string) =>
  z
    .string()
    .regex(format, `${what} such as ${example}`)
    .superRefine((value, ctx) => {
      if (format.test(value) && !catalog.has(value))
        ctx.addIssue({ code: "custom", message: `an existing ${what}; did you mean ${nearest(value, catalog)}?`, input: value });
    });

/** A positive whole number, with its unit in the field name (`volumeSizeGiB`, `retentionDays`). */
export const count = (min = 1, max = 10_000) => z.number().int().min(min).max(max);

/** An EC2 instance type such as `m6i.xlarge` or `i4i.2xlarge`. */
export const ec2InstanceType = inCatalog("EC2 instance type", EC2_INSTANCE_TYPES, /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/, "m6i.xlarge");

/** A five-field cron expression (Kubernetes CronJob syntax), for example `0 3 * * *`. */
export const cronSchedule = z.string().regex(/^(\S+\s+){4}\S+$/, "a five-field cron expression such as '0 3 * * *'");
