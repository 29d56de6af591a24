import { loadPlatformConfig } from "../../lib/config/load";
import { RESIDENCY_ZONES } from "../../lib/config/residency";
import { REGION_ZONES } from "../../lib/config/regions";
import { FIXTURE_ENV, freeVpcCidr, shippedFile, configProblems } from "../helpers/fixtures";

const FILE = `${FIXTURE_ENV}.yaml`;

const problemsOf = (edits: Record<string, string | null>): string[] => configProblems(edits);

const env = (region: string, extra = "") =>
  `tier: staging\naccount: staging\nregion: ${region}\nvpcCidr: ${freeVpcCidr()}\neventsPerMonth: 1e9\n${extra}`;

describe("data residency", () => {
  test("the shipped environments that declare a residency keep every data region inside it", () => {
    for (const e of loadPlatformConfig().environments.filter((x) => x.residency)) {
      expect(RESIDENCY_ZONES[e.residency!]).toContain(e.region);
    }
  });

  test("a copy of an EU file moved to Asia is refused, naming the file, field, region and the zone's regions", () => {
    const eu = loadPlatformConfig().environments.find((e) => e.residency === "eu");
    expect(eu).toBeDefined();
    const copy = shippedFile(`${eu!.name}.yaml`)
      .replace(/^region: .*$/m, "region: ap-southeast-1")
      .replace(/^vpcCidr: .*$/m, `vpcCidr: ${freeVpcCidr()}`);
    const problems = problemsOf({ [FILE]: copy }).join("\n");
    expect(problems).toMatch(
      new RegExp(
        `${FIXTURE_ENV}\\.yaml: region: a region inside residency "eu" \\(eu-central-1, .*\\): every data store of the environment lives there \\(got "ap-southeast-1"\\)`,
      ),
    );
    // The copy also keeps the EU account, whose state is in the EU: that part is fine, so only the region is named.
    expect(problems).not.toMatch(new RegExp(`${FIXTURE_ENV}\\.yaml: account:`));
  });

  test("backup copies outside the zone are refused", () => {
    const problems = problemsOf({ [FILE]: env("eu-west-1", "residency: eu\npostgres:\n  backupReplicationRegion: us-east-1\n") }).join(
      "\n",
    );
    expect(problems).toMatch(
      /postgres\.backupReplicationRegion: a region inside residency "eu" .*Postgres backups are copied there \(got "us-east-1"\)/,
    );
  });

  test("an account whose Terraform state lives outside the zone is refused", () => {
    // The staging account's state is in the organization's home region (us-east-1).
    const problems = problemsOf({ [FILE]: env("eu-west-1", "residency: eu\n") }).join("\n");
    expect(problems).toMatch(
      /zz-fixture\.yaml: account: a region inside residency "eu" .*Terraform state of account staging .*\(got "us-east-1"\)/,
    );
  });

  test("the United Kingdom and Switzerland are not the EU", () => {
    expect(problemsOf({ [FILE]: env("eu-west-2", "residency: eu\n") }).join("\n")).toMatch(
      /region: a region inside residency "eu".*\(got "eu-west-2"\)/,
    );
    expect(problemsOf({ [FILE]: env("eu-central-2", "residency: eu\n") }).join("\n")).toMatch(/\(got "eu-central-2"\)/);
  });

  test("an unknown zone is refused with the allowed ones", () => {
    expect(problemsOf({ [FILE]: env("us-east-1", "residency: mars\n") }).join("\n")).toMatch(/residency: one of "eu", "uk", "ch", "us"/);
  });

  test("every zone names only regions this repository knows, each in one zone", () => {
    const all = Object.values(RESIDENCY_ZONES).flat();
    expect(all.filter((r) => !(r in REGION_ZONES))).toEqual([]);
    expect(new Set(all).size).toBe(all.length);
  });
});
