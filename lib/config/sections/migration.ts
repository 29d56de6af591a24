import { z } from "zod";
import type { DeepRequired, TierDefaults } from "../types";
import { ec2InstanceType } from "./common";

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
      /** AWS DMS full-load resources as an alternative to pg_restore. Default: false. */
      dms: z.boolean().optional(),
    })
    .optional(),
});
export type MigrationConfig = DeepRequired<z.input<typeof migrationInput>>;

const off = { enabled: false, restoreHostInstanceType: "c6i.4xlarge", dms: false };
export const migrationDefaults: TierDefaults<MigrationConfig> = {
  production: { heroku: off },
  staging: { heroku: off },
};
