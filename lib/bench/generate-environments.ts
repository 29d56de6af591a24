import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ACCOUNTS_FILE, environmentsDir } from "../config/load";
import { AWS_REGIONS } from "../config/regions";
import { required } from "../defined";

/**
 * Writes `count` production environments into a new temporary folder: copies of
 * environments/eu.yaml named bench-001…, each with its own region (cycling through regions with at
 * least three zones), a backup-copy region different from it, and its own /16 (10.<i>.0.0/16), plus
 * the shipped accounts.yaml. The copies declare no residency (they span geographies). Returns the folder.
 */
export function generateEnvironments(count: number): string {
  if (!Number.isInteger(count) || count < 1 || count > 256)
    throw new Error(`--environments: a whole number from 1 to 256 (one 10.<i>.0.0/16 each), got ${count}`);
  const source = environmentsDir();
  const template = fs.readFileSync(path.join(source, "eu.yaml"), "utf8");
  const regions = Object.entries(AWS_REGIONS)
    .filter(([, zones]) => zones.length >= 3)
    .map(([r]) => r);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-environments-"));
  fs.copyFileSync(path.join(source, ACCOUNTS_FILE), path.join(dir, ACCOUNTS_FILE));
  for (let i = 0; i < count; i++) {
    const region = required(regions[i % regions.length], "a region with three zones");
    const backupRegion = required(regions[(i + 1) % regions.length], "a backup region with three zones");
    const text = template
      .replace(/^region: .*$/m, `region: ${region}`)
      .replace(/^vpcCidr: .*$/m, `vpcCidr: 10.${i}.0.0/16`)
      .replace(/^(\s+backupReplicationRegion:) .*$/m, `$1 ${backupRegion}`)
      // Copies spread over every geography: the template's residency zone would refuse them.
      .replace(/^residency: .*\n/m, "");
    fs.writeFileSync(path.join(dir, `bench-${String(i + 1).padStart(3, "0")}.yaml`), text);
  }
  return dir;
}
