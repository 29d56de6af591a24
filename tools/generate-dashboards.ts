/**
 * `npm run generate:dashboards`: writes the platform's Grafana dashboards (lib/dashboards) to
 * charts/platform-dashboards/dashboards/, and removes dashboards no longer defined. `--check`
 * writes nothing and exits 1 naming every stale file (test/dashboards runs the same comparison).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import { DASHBOARDS_DIR, renderDashboards } from "../lib/dashboards/render";
import { repoRoot } from "../lib/paths";

/** Files that differ from what the definitions generate: missing, changed, or no longer defined. */
export function staleDashboardFiles(root = repoRoot()): string[] {
  const wanted = renderDashboards();
  const dir = path.join(root, DASHBOARDS_DIR);
  const present = fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(DASHBOARDS_DIR, f)) : [];
  const changed = Object.entries(wanted)
    .filter(([file, text]) => !fs.existsSync(path.join(root, file)) || fs.readFileSync(path.join(root, file), "utf8") !== text)
    .map(([file]) => file);
  return [...changed, ...present.filter((f) => !(f in wanted))].sort();
}

function main(): void {
  const options = new Command("generate-dashboards")
    .description("Write charts/platform-dashboards/dashboards/ from lib/dashboards")
    .option("--check", "write nothing; exit 1 if a committed dashboard is stale")
    .parse()
    .opts<{ check?: boolean }>();
  const root = repoRoot();
  const stale = staleDashboardFiles(root);
  if (options.check) {
    for (const file of stale) process.stderr.write(`${file}: stale; run npm run generate:dashboards\n`);
    process.exitCode = stale.length > 0 ? 1 : 0;
    return;
  }
  const wanted = renderDashboards();
  fs.mkdirSync(path.join(root, DASHBOARDS_DIR), { recursive: true });
  for (const file of stale) {
    const target = path.join(root, file);
    const text = wanted[file];
    if (text !== undefined) fs.writeFileSync(target, text);
    else fs.rmSync(target);
    process.stdout.write(`${file in wanted ? "wrote" : "removed"} ${file}\n`);
  }
}

if (require.main === module) main();
