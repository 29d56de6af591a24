import { z } from "zod";
import type { DeepRequired, TierDefaults } from "../types";
import { count, ec2InstanceType } from "./common";

export const migrationInput = z.strictObject({
  heroku: z
    .strictObject({
      /**
       * Creates the Heroku-to-RDS migration tooling (restore host, source URL secret, optional
       * DMS). Turn it off after cutover: only migration resources are removed. Default: false.
       */
      enabled: z.boolean().optional(),
      /** Restore host size: pg_restore -j scales with cores. Default: c6i.4xlarge. */
      restoreHostInstanceType: ec2InstanceType.optional(),
      /** Root volume of the restore host: the dump plus pg_restore's scratch space. Default: 500. */
      restoreHostVolumeGiB: count(20, 16384).optional(),
      /** AWS DMS full-load resources as an alternative to pg_restore. Default: false. */
      dms: z.boolean().optional(),
      /**
       * Size of the Heroku database in GiB (`heroku pg:info`, "Data Size"): what
       * `npm run migration:rehearse` projects the cutover's downtime for. Default: null (unknown).
       */
      databaseSizeGiB: z.number().positive().max(65536).nullable().optional(),
      /** DMS replication instance class (with dms: true). Default: dms.r6i.xlarge. */
      dmsInstanceClass: z
        .string()
        .regex(/^dms\.[a-z0-9]+\.[a-z0-9]+$/, "a DMS instance class such as dms.r6i.xlarge")
        .optional(),
    })
    .optional(),
});
export type MigrationConfig = DeepRequired<z.input<typeof migrationInput>>;

const off: MigrationConfig["heroku"] = {
  enabled: false,
  restoreHostInstanceType: "c6i.4xlarge",
  restoreHostVolumeGiB: 500,
  dms: false,
  dmsInstanceClass: "dms.r6i.xlarge",
  databaseSizeGiB: null,
};
export const migrationDefaults: TierDefaults<MigrationConfig> = {
  production: { heroku: off },
  staging: { heroku: off },
};
