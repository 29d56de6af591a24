/**
 * A UTC time written the one way both the environment files and the AWS provider's `restore_time`
 * take it: RFC 3339 with `Z` and whole seconds, `2026-12-07T04:55:00Z`, and a real date (no 30 February).
 */
export function isUtcTimestamp(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value) && new Date(value).toISOString() === value.replace("Z", ".000Z");
}
