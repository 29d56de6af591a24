import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ACCOUNTS_FILE, environmentsDir } from "../config/load";
import { AWS_REGIONS } from "../config/regions";
import { required } from "../defined";

/** The accounts the shipped production environments use, template's first: the copies go there. */
function productionAccounts(source: string, template: string): string[] {
  const accountOf = (text: string) => /^account:\s*(\S+)/m.exec(text)?.[1];
  const shipped = fs
    .readdirSync(source)
    .filter((f) => f.endsWith(".yaml") && f !== ACCOUNTS_FILE)
    .map((f) => fs.readFileSync(path.join(source, f), "utf8"))
    .filter((text) => /^tier:\s*production\s*$/m.test(text))
    .map(accountOf);
  return [...new Set([accountOf(template), ...shipped.sort()])].filter((a): a is string => a !== undefined);
}

/**
 * Writes `count` production environments into a new temporary folder: copies of
 * environments/eu.yaml named bench-001…, each with its own region (cycling through regions with at
 * least three zones), a backup-copy region different from it, and its own /16 (10.<i>.0.0/16), plus
 * the shipped accounts.yaml. Once every region is used the copies move to the next production
 * account, because an account holds one environment per region (Session Manager preferences,
 * lib/config/rules.ts). The copies declare no residency (they span geographies). Returns the folder.
 */
export function generateEnvironments(count: number): string {
  if (!Number.isInteger(count) || count < 1 || count > 256)
    throw new Error(`--environments: a whole number from 1 to 256 (one 10.<i>.0.0/16 each), got ${count}`);
  const source = environmentsDir();
  const template = fs.readFileSync(path.join(source, "eu.yaml"), "utf8");
  const regions = Object.entries(AWS_REGIONS)
    .filter(([, zones]) => zones.length >= 3)
    .map(([r]) => r);
  const accounts = productionAccounts(source, template);
  if (count > accounts.length * regions.length)
    throw new Error(
      `--environments: at most ${accounts.length * regions.length} (one per account and region: ${accounts.length} production accounts × ${regions.length} three-zone regions), got ${count}`,
    );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-environments-"));
  fs.copyFileSync(path.join(source, ACCOUNTS_FILE), path.join(dir, ACCOUNTS_FILE));
  for (let i = 0; i < count; i++) {
    const region = required(regions[i % regions.length], "a region with three zones");
    const backupRegion = required(regions[(i + 1) % regions.length], "a backup region with three zones");
    const text = template
      .replace(/^account: .*$/m, `account: ${required(accounts[Math.floor(i / regions.length)], "a production account for this copy")}`)
      .replace(/^region: .*$/m, `region: ${region}`)
      .replace(/^vpcCidr: .*$/m, `vpcCidr: 10.${i}.0.0/16`)
      .replace(/^(\s+backupReplicationRegion:) .*$/m, `$1 ${backupRegion}`)
      // Copies spread over every geography: the template's residency zone would refuse them.
      .replace(/^residency: .*\n/m, "");
    fs.writeFileSync(path.join(dir, `bench-${String(i + 1).padStart(3, "0")}.yaml`), text);
  }
  return dir;
}
