import { closest } from "fastest-levenshtein";
import { EC2_CATALOG_TYPES } from "./ec2-instance-types.generated";
import { firstPart } from "../text";

/**
 * Which instance names exist, per service, so a typo in an environment file is refused at load time
 * with a suggestion instead of failing at apply. Names only: whether a type is offered in a given
 * region is checked by the preflight's live part (`aws ec2 describe-instance-type-offerings`), as
 * no offline source carries every region's offerings.
 */

/** Every EC2 instance type, from the AWS SDK's list (regenerate: `npm run catalog:generate`). */
export const EC2_INSTANCE_TYPES: ReadonlySet<string> = new Set(EC2_CATALOG_TYPES);

const SIZES = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"];

/**
 * MSK broker types: standard brokers kafka.t3.small, kafka.m5.* and kafka.m7g.*, and Express
 * brokers express.m7g.* (Amazon MSK Developer Guide, "Broker types" and "Express brokers"; read
 * 2026-12-07). m7g stops at 16xlarge, t3 has only small.
 */
export const MSK_BROKER_TYPES: ReadonlySet<string> = new Set([
  "kafka.t3.small",
  ...SIZES.map((s) => `kafka.m5.${s}`),
  ...SIZES.filter((s) => s !== "24xlarge").flatMap((s) => [`kafka.m7g.${s}`, `express.m7g.${s}`]),
]);

/**
 * EC2 families RDS for PostgreSQL offers as db.<family>.<size> (RDS User Guide, "Supported DB
 * engines for DB instance classes"; read 2026-12-07). The sizes are the EC2 sizes of the family,
 * metal excepted.
 */
export const RDS_POSTGRES_FAMILIES: readonly string[] = [
  "m5",
  "m5d",
  "m6g",
  "m6gd",
  "m6i",
  "m6id",
  "m7g",
  "m7i",
  "r5",
  "r5b",
  "r5d",
  "r6g",
  "r6gd",
  "r6i",
  "r6id",
  "r7g",
  "r7i",
  "r8g",
  "t3",
  "t4g",
  "x2g",
];

export const RDS_POSTGRES_CLASSES: ReadonlySet<string> = new Set(
  [...EC2_INSTANCE_TYPES]
    .filter((t) => RDS_POSTGRES_FAMILIES.includes(firstPart(t, ".")) && !t.endsWith(".metal") && !t.includes(".metal-"))
    .map((t) => `db.${t}`),
);

/** The catalog entry nearest to a value, for "did you mean". */
export function nearest(value: string, catalog: ReadonlySet<string>): string {
  return closest(value, [...catalog]);
}
