import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { chartDir } from "../paths";
import { platformDashboards, type DashboardInputs } from "./definitions";

/** Where the generated dashboards live, relative to the repository root. */
export const DASHBOARDS_DIR = path.join("charts", "platform-dashboards", "dashboards");

/**
 * The dashboards' inputs, read from charts/platform-alerts/values.yaml so that a dashboard selects
 * the same pods and links the same runbook URLs as the alerts do.
 */
export function dashboardInputs(alertsValuesFile = path.join(chartDir("platform-alerts"), "values.yaml")): DashboardInputs {
  const v = parse(fs.readFileSync(alertsValuesFile, "utf8")) as {
    runbookBaseUrl: string;
    clickhouse: { selector: string };
    keeper: { selector: string };
    backup: { namespace: string; cronJob: string };
  };
  return {
    runbookBaseUrl: v.runbookBaseUrl,
    clickhouseSelector: v.clickhouse.selector,
    keeperSelector: v.keeper.selector,
    backup: { namespace: v.backup.namespace, cronJob: v.backup.cronJob },
  };
}

/** File (relative to the repository root) to its content: one pretty-printed JSON per dashboard. */
export function renderDashboards(inputs: DashboardInputs = dashboardInputs()): Record<string, string> {
  return Object.fromEntries(
    platformDashboards(inputs).map((d) => [path.join(DASHBOARDS_DIR, `${d.name}.json`), `${JSON.stringify(d.model, null, 2)}\n`]),
  );
}
