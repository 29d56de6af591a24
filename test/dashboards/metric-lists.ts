import * as fs from "node:fs";
import * as path from "node:path";

const dir = path.join(__dirname, "fixtures", "metrics");

/**
 * The metric names of one fixture list (test/dashboards/fixtures/metrics/<file>), comments dropped.
 * `<disk>` placeholders become each disk name given (ClickHouse names disk metrics after the disk).
 */
export function metricList(file: string, disks: readonly string[] = ["default"]): string[] {
  return fs
    .readFileSync(path.join(dir, file), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .flatMap((l) => (l.includes("<disk>") ? disks.map((d) => l.replace("<disk>", d)) : [l]));
}

/** Every Prometheus metric the shipped exporters (and Prometheus itself) export, per the fixtures. */
export function prometheusMetrics(): Set<string> {
  return new Set(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".txt") && f !== "cloudwatch.txt")
      .flatMap((f) => metricList(f)),
  );
}

/** CloudWatch metrics as `<namespace>/<metric>` (AWS/Kafka/BytesInPerSec). */
export function cloudwatchMetrics(): Set<string> {
  return new Set(metricList("cloudwatch.txt"));
}
