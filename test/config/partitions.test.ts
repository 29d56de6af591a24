import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { arn, PARTITIONS, partitionOfRegion, serviceGap } from "../../lib/catalog/partitions";
import { loadPlatformConfig } from "../../lib/config/load";
import { ConfigError, formatProblem } from "../../lib/config/problems";
import { REGION_ZONES } from "../../lib/config/regions";
import { configProblems, shippedFile } from "../helpers/fixtures";

const GOV = path.join(__dirname, "..", "fixtures", "partition-govcloud");

/** Problems of the GovCloud fixture with edits (file name → new text), loaded from a scratch copy. */
function govProblems(edits: Record<string, string>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gov-"));
  for (const f of fs.readdirSync(GOV)) fs.copyFileSync(path.join(GOV, f), path.join(dir, f));
  for (const [f, text] of Object.entries(edits)) fs.writeFileSync(path.join(dir, f), text);
  try {
    loadPlatformConfig(dir);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map(formatProblem).map((p) => p.replace(`${dir}${path.sep}`, ""));
    throw err;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
const govEnv = fs.readFileSync(path.join(GOV, "gov.yaml"), "utf8");

describe("partitions in the environment files", () => {
  test("the shipped organization is commercial, and its accounts' role ARNs say so", () => {
    const config = loadPlatformConfig();
    expect(config.organization.partition).toBe("aws");
    for (const a of config.accounts) expect(a.deployRoleArn.startsWith(`arn:aws:iam::${a.id}:`)).toBe(true);
  });

  test("a GovCloud organization's accounts get arn:aws-us-gov role and state-key ARNs", () => {
    const config = loadPlatformConfig(GOV);
    expect(config.organization.partition).toBe("aws-us-gov");
    const prod = config.accounts.find((a) => a.name === "prod-gov")!;
    expect(prod.deployRoleArn).toBe("arn:aws-us-gov:iam::400000000004:role/terraform-deploy");
    expect(prod.stateKmsKeyArn).toBe("arn:aws-us-gov:kms:us-gov-west-1:400000000004:alias/analytics-gov-tfstate");
  });

  test("an environment outside the organization's partition is refused, naming the allowed regions", () => {
    expect(govProblems({ "gov.yaml": govEnv.replace("region: us-gov-east-1", "region: us-east-1") })).toContain(
      'gov.yaml: region: a region of partition aws-us-gov (accounts.yaml organization.partition; its accounts cannot reach another partition): one of us-gov-west-1, us-gov-east-1 (got "us-east-1")',
    );
    expect(
      govProblems({ "gov.yaml": govEnv.replace("backupReplicationRegion: us-gov-west-1", "backupReplicationRegion: us-west-2") }).join(
        "\n",
      ),
    ).toMatch(/gov\.yaml: postgres\.backupReplicationRegion: a region of partition aws-us-gov .*\(got "us-west-2"\)/);
  });

  test("a commercial organization refuses a GovCloud region, and the reverse for the home region", () => {
    const problems = configProblems({ "zz-gov.yaml": govEnv.replace("account: prod-gov", "account: prod-us") });
    expect(problems.join("\n")).toMatch(/zz-gov\.yaml: region: a region of partition aws .*\(got "us-gov-east-1"\)/);
    const accounts = fs.readFileSync(path.join(GOV, "accounts.yaml"), "utf8");
    expect(govProblems({ "accounts.yaml": accounts.replace("homeRegion: us-gov-west-1", "homeRegion: us-east-1") }).join("\n")).toMatch(
      /accounts\.yaml: organization\.homeRegion: a region of partition aws-us-gov .*\(got "us-east-1"\)/,
    );
  });

  test("an Identity Center instance of another partition is refused", () => {
    const accounts = shippedFile("accounts.yaml").replace("partition: aws\n", "partition: aws-us-gov\n");
    expect(configProblems({ "accounts.yaml": accounts }).join("\n")).toMatch(
      /organization\.identityCenter\.instanceArn: an Identity Center instance of partition aws-us-gov/,
    );
  });

  test("a service the partition lacks in the region fails at load: CodeConnections in us-gov-west-1", () => {
    expect(
      govProblems({
        "gov.yaml": govEnv
          .replace("region: us-gov-east-1", "region: us-gov-west-1")
          .replace("backupReplicationRegion: us-gov-west-1", "backupReplicationRegion: us-gov-east-1"),
      }),
    ).toEqual([
      'gov.yaml: region: a region where aws-us-gov offers codeconnections, which the environment needs for the CI runner\'s GitHub connection (network stack, CodeConnections / CodeStar Connections): aws-us-gov has it only in us-gov-east-1 (lib/catalog/partitions.ts) (got "us-gov-west-1")',
    ]);
  });

  test("China: the organization loads in aws-cn, and an environment there is refused for CodeConnections, which aws-cn lacks", () => {
    const accounts = fs
      .readFileSync(path.join(GOV, "accounts.yaml"), "utf8")
      .replace("partition: aws-us-gov", "partition: aws-cn")
      .replace("homeRegion: us-gov-west-1", "homeRegion: cn-northwest-1")
      .replace("arn:aws-us-gov:sso", "arn:aws-cn:sso");
    const env = govEnv
      .replace("region: us-gov-east-1", "region: cn-north-1")
      .replace("residency: us", "residency: cn")
      .replace("backupReplicationRegion: us-gov-west-1", "backupReplicationRegion: cn-northwest-1");
    expect(govProblems({ "accounts.yaml": accounts, "gov.yaml": env })).toEqual([
      'gov.yaml: region: a region where aws-cn offers codeconnections, which the environment needs for the CI runner\'s GitHub connection (network stack, CodeConnections / CodeStar Connections): aws-cn has it in none of its regions (lib/catalog/partitions.ts) (got "cn-north-1")',
    ]);
  });

  test("an unknown partition is refused with the allowed ones", () => {
    const accounts = shippedFile("accounts.yaml").replace("partition: aws\n", "partition: aws-mars\n");
    expect(configProblems({ "accounts.yaml": accounts }).join("\n")).toMatch(
      /organization\.partition: one of "aws", "aws-us-gov", "aws-cn"/,
    );
  });
});

describe("the partition table", () => {
  test("every region belongs to exactly one partition, and the zone table is the union of theirs", () => {
    const all = Object.values(PARTITIONS).flatMap((p) => Object.keys(p.regions));
    expect(new Set(all).size).toBe(all.length);
    expect(Object.keys(REGION_ZONES).sort()).toEqual([...all].sort());
    for (const r of all) expect(PARTITIONS[partitionOfRegion(r)!.id as keyof typeof PARTITIONS].regions).toHaveProperty(r);
  });

  test("a gap is regional where the partition has the service somewhere", () => {
    expect(serviceGap("aws-us-gov", "codeconnections", "us-gov-east-1")).toBeUndefined();
    expect(serviceGap("aws-us-gov", "codeconnections", "us-gov-west-1")).toBeDefined();
    expect(serviceGap("aws-us-gov", "budgets", "us-gov-east-1")).toBeDefined();
    expect(serviceGap("aws", "budgets", "us-east-1")).toBeUndefined();
  });

  test("arn() writes the six fields, empty ones included", () => {
    expect(arn({ partition: "aws-cn", service: "s3", resource: "bucket/*" })).toBe("arn:aws-cn:s3:::bucket/*");
    expect(arn({ partition: "aws-us-gov", service: "logs", region: "us-gov-east-1", account: "1", resource: "log-group:x" })).toBe(
      "arn:aws-us-gov:logs:us-gov-east-1:1:log-group:x",
    );
  });
});
