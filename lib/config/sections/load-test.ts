import { z } from "zod";
import type { DeepRequired, TierDefaults } from "../types";
import { cronSchedule } from "./common";

export const loadTestInput = z.strictObject({
  /** Runs the scheduled ingestion load test. Default: false in production, true in staging. */
  enabled: z.boolean().optional(),
  /** Target rate = average events/second from eventsPerMonth × this factor. Default: 3. */
  headroomFactor: z.number().min(1).max(20).optional(),
  /** When the load test runs (cron, UTC). Default: weekly, Tuesday 10:00. */
  schedule: cronSchedule.optional(),
  /** Minutes each run lasts. Default: 30. */
  durationMinutes: z.number().int().min(1).max(240).optional(),
});
export type LoadTestConfig = DeepRequired<z.input<typeof loadTestInput>>;

export const loadTestDefaults: TierDefaults<LoadTestConfig> = {
  production: { enabled: false, headroomFactor: 3, schedule: "0 10 * * 2", durationMinutes: 30 },
  staging: { enabled: true, headroomFactor: 3, schedule: "0 10 * * 2", durationMinutes: 30 },
};
