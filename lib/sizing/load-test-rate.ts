import { SECONDS_PER_MONTH } from "./constants";

/**
 * Target events/second of the ingestion load test: the environment's average rate
 * (eventsPerMonth over a 30-day month, as the sizing model) times the headroom factor, rounded up.
 */
export function loadTestEventsPerSecond(eventsPerMonth: number, headroomFactor: number): number {
  const problems: string[] = [];
  if (!(eventsPerMonth > 0)) problems.push(`eventsPerMonth: ${eventsPerMonth} must be > 0`);
  if (!(headroomFactor >= 1)) problems.push(`loadTest.headroomFactor: ${headroomFactor} must be >= 1`);
  if (problems.length > 0) throw new Error(`load test rate: ${problems.join("; ")}`);
  return Math.ceil((eventsPerMonth / SECONDS_PER_MONTH) * headroomFactor);
}
