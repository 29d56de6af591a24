import { z } from "zod";

/** A positive whole number, with its unit in the field name (`volumeSizeGiB`, `retentionDays`). */
export const count = (min = 1, max = 10_000) => z.number().int().min(min).max(max);

/** An EC2 instance type such as `m6i.xlarge` or `i4i.2xlarge`. */
export const ec2InstanceType = z
  .string()
  .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "an EC2 instance type such as m6i.xlarge");

/** A five-field cron expression (Kubernetes CronJob syntax), for example `0 3 * * *`. */
export const cronSchedule = z
  .string()
  .regex(/^(\S+\s+){4}\S+$/, "a five-field cron expression such as '0 3 * * *'");
