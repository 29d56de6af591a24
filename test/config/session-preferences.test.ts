import * as path from "node:path";
import { loadPlatformConfig } from "../../lib/config/load";
import { SESSION_PREFERENCES_DOCUMENT } from "../../constructs/observability/session-logging";
import { configProblems, FIXTURE_ENV, freeVpcCidr } from "../helpers/fixtures";

/**
 * Session Manager's preferences are one document per account and region, created by every
 * environment's data stack: a second environment in the same account and region is refused at load.
 * The fixture copies the account, region and tier of the first shipped environment (any would do).
 */
const shipped = loadPlatformConfig().environments;
const model = shipped[0]!;
const FILE = `${FIXTURE_ENV}.yaml`;
const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const envFile = (account: string, region: string) =>
  [
    `tier: ${model.tier}`,
    `account: ${account}`,
    `region: ${region}`,
    `vpcCidr: ${freeVpcCidr(shipped.map((e) => e.vpcCidr))}`,
    "eventsPerMonth: 1e9",
    "postgres:",
    `  backupReplicationRegion: ${model.postgres.backupReplicationRegion ?? "null"}`,
    "",
  ].join("\n");
const sessionProblems = (text: string) => configProblems({ [FILE]: text }).filter((p) => p.includes(SESSION_PREFERENCES_DOCUMENT));
const ownerFile = (account: string, region: string) =>
  path.basename(shipped.find((e) => e.account.name === account && e.region === region)!.file);

describe("Session Manager preferences (one per account and region)", () => {
  test("a second environment in an account and region refuses to load, naming both files, the account and the region", () => {
    const problems = sessionProblems(envFile(model.account.name, model.region));
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `${esc(FILE)}: region: .*account ${esc(model.account.name)} \\(${model.account.id}\\).*` +
            `/${esc(ownerFile(model.account.name, model.region))} already writes .* in ${esc(model.region)} .*\\(got "${esc(model.region)}"\\)`,
        ),
      ),
    ]);
  });

  test("the same file in an account with no environment in that region has no such problem", () => {
    const other = loadPlatformConfig().accounts.find((a) => !shipped.some((e) => e.account.id === a.id && e.region === model.region));
    expect(other).toBeDefined();
    expect(sessionProblems(envFile(other!.name, model.region))).toEqual([]);
  });
});
