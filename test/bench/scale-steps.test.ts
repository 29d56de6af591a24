import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { costStep } from "../../lib/bench/scale-steps";
import { environmentsDir, loadPlatformConfig } from "../../lib/config/load";
import { AWS_REGIONS } from "../../lib/config/regions";
import { PriceBook } from "../../lib/cost";
import { readManifest } from "../../lib/synth-output";
import { shippedSynthOut } from "../helpers/synth";

// The cost step of `npm run bench -- --environments N`, on the suite's shared synth of the shipped files.
const config = loadPlatformConfig();
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("bench cost step", () => {
  test("reports one line per environment file (not the organization-wide stacks)", () => {
    expect(costStep(environmentsDir(), shippedSynthOut()).environments).toBe(config.environments.length);
  });

  test("an environment moved to a region without a price table is no longer fully priced, and the region is named", () => {
    const before = costStep(environmentsDir(), shippedSynthOut());
    const region = Object.keys(AWS_REGIONS).find((r) => !PriceBook.load().regions().includes(r))!;
    const env = config.environments.find((e) => before.fullyPriced.includes(e.name)) ?? config.environments[0]!;
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-cost-")), "cdktf.out");
    dirs.push(path.dirname(out));
    fs.cpSync(shippedSynthOut(), out, { recursive: true });
    for (const s of readManifest(out).filter((m) => m.name.startsWith(`${env.name}-`))) {
      fs.writeFileSync(s.file, fs.readFileSync(s.file, "utf8").replaceAll(`"region": "${env.region}"`, `"region": "${region}"`));
    }
    const after = costStep(environmentsDir(), out);
    expect(after.regionsWithoutTable).toContain(region);
    expect(after.fullyPriced).not.toContain(env.name);
    expect(after.fullyPriced).toEqual(before.fullyPriced.filter((n) => n !== env.name));
  });
});
