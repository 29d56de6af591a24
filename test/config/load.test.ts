import * as fs from "node:fs";
import { environmentsDir, loadPlatformConfig } from "../../lib/config/load";
import { environmentsFixture, FIXTURE_ENV, freeVpcCidr, shippedFile, configProblems } from "../helpers/fixtures";

const CIDR = freeVpcCidr();
const BAD_CIDR = CIDR.replace(".0.0/", ".0.1/");
const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** Loads a fixture and returns the formatted problems (empty when it loads). */
const problemsOf = (edits: Record<string, string | null>): string[] => configProblems(edits);

const minimal = (extra = "") => `tier: production\naccount: prod-us\nregion: us-east-2\nvpcCidr: ${CIDR}\neventsPerMonth: 1e9\n${extra}`;
const FILE = `${FIXTURE_ENV}.yaml`;
/** A pattern naming the fixture file, followed by the rest of a message pattern. */
const inFixture = (rest: RegExp) => new RegExp(`${FIXTURE_ENV}\\.yaml: ${rest.source}`);

describe("loadPlatformConfig", () => {
  test("loads the shipped environments, sorted by name", () => {
    const config = loadPlatformConfig();
    // Environment files are every YAML file of the folder but accounts.yaml; names default to the file name.
    const files = fs.readdirSync(environmentsDir()).filter((f) => f.endsWith(".yaml") && f !== "accounts.yaml");
    expect(config.environments).toHaveLength(files.length);
    const names = config.environments.map((e) => e.name);
    expect(names).toEqual([...names].sort());
    expect(config.organization.managementAccount.name).toBe("management");
  });

  test("a short production file gets production defaults", () => {
    const env = loadPlatformConfig(environmentsFixture({ [FILE]: minimal() })).environments.find((e) => e.name === FIXTURE_ENV)!;
    expect(env.availabilityZones).toEqual(["us-east-2a", "us-east-2b", "us-east-2c"]);
    expect(env.postgres.multiAz).toBe(true);
    expect(env.network.natGateways).toBe("one-per-az");
    expect(env.postgres.backupRetentionDays).toBeGreaterThanOrEqual(14);
    expect(env.tags).toMatchObject({ environment: FIXTURE_ENV, tier: "production", "managed-by": "cdktf" });
  });

  test("values in the file override tier defaults, leaving siblings alone", () => {
    const env = loadPlatformConfig(environmentsFixture({ [FILE]: minimal("kafka:\n  retentionHours: 24\n") })).environments.find(
      (e) => e.name === FIXTURE_ENV,
    )!;
    expect(env.kafka.retentionHours).toBe(24);
    expect(env.kafka.authentication).toEqual(["scram"]);
  });

  test.each([
    ["unknown keys", minimal("colour: blue\n"), inFixture(/unknown field\(s\) 'colour'/)],
    ["wrong types", minimal("kafka:\n  brokerCount: three\n"), inFixture(/kafka\.brokerCount: .*number.*\(got "three"\)/)],
    [
      "out-of-range numbers",
      minimal("postgres:\n  backupRetentionDays: 90\n"),
      inFixture(/postgres\.backupRetentionDays: .*35.*\(got 90\)/),
    ],
    ["invalid YAML", "tier: production\n  account: [\n", inFixture(/line \d+, column \d+: invalid YAML/)],
    ["unknown region", minimal().replace("us-east-2", "us-middle-1"), inFixture(/region: one of "us-east-1".*\(got "us-middle-1"\)/)],
    [
      "invalid CIDR",
      minimal().replace(CIDR, BAD_CIDR),
      new RegExp(`${esc(FILE)}: vpcCidr: an IPv4 CIDR block.*\\(got "${esc(BAD_CIDR)}"\\)`),
    ],
    ["public CIDR", minimal().replace(CIDR, "8.8.0.0/16"), inFixture(/vpcCidr: a private \(RFC 1918\) range/)],
    [
      "overlapping CIDRs",
      minimal().replace(CIDR, "10.10.128.0/17"),
      inFixture(/vpcCidr: a block that does not overlap .*us\.yaml \(10\.10\.0\.0\/16\).*\(got "10\.10\.128\.0\/17"\)/),
    ],
    [
      "undeclared account",
      minimal().replace("prod-us", "undeclared-account"),
      inFixture(/account: an account declared in .*accounts\.yaml: one of .*\(got "undeclared-account"\)/),
    ],
    [
      "fewer than 3 AZs in production",
      minimal("availabilityZones: [us-east-2a, us-east-2b]\n"),
      inFixture(/availabilityZones: production needs at least 3 availability zones/),
    ],
    [
      "a zone outside the region",
      minimal("availabilityZones: [us-east-2a, us-east-2b, us-east-1c]\n"),
      inFixture(/availabilityZones\.2: a zone of us-east-2.*\(got "us-east-1c"\)/),
    ],
    [
      "a single NAT in production",
      minimal("network:\n  natGateways: single\n"),
      inFixture(/network\.natGateways: production needs one-per-az/),
    ],
    [
      "an alert endpoint that does not fit its protocol",
      minimal("alerts:\n  critical:\n    - protocol: https\n      endpoint: oncall@example.com\n"),
      inFixture(/alerts\.critical\.0\.endpoint: an https:\/\/ URL for protocol https \(got "oncall@example\.com"\)/),
    ],
    [
      "a hosted zone name where an id belongs",
      minimal("dns:\n  hostedZoneIds: [example.com]\n"),
      inFixture(/dns\.hostedZoneIds\.0: a Route 53 hosted zone id .*\(got "example\.com"\)/),
    ],
    [
      "a hosted zone listed twice",
      minimal("dns:\n  hostedZoneIds: [Z0123456789ABC, Z0123456789ABC]\n"),
      inFixture(/dns\.hostedZoneIds: each hosted zone once/),
    ],
    [
      "brokers not a multiple of the AZs",
      minimal("kafka:\n  brokerCount: 4\n"),
      inFixture(/kafka\.brokerCount: a multiple of the availability zone count \(3\) \(got 4\)/),
    ],
  ])("refuses %s, naming file, field, value and what is allowed", (_name, text, expected) => {
    expect(problemsOf({ [FILE]: text }).join("\n")).toMatch(expected);
  });

  test("refuses duplicate environment names", () => {
    const problems = problemsOf({ [FILE]: minimal("name: us\n") });
    expect(problems.join("\n")).toMatch(
      inFixture(/name: a name no other environment uses .*\(got "us"\)|us\.yaml: name: a name no other environment uses/),
    );
  });

  test("reports every problem of every file at once", () => {
    const problems = problemsOf({
      [FILE]: minimal("colour: blue\nkafka:\n  brokerCount: x\n"),
      "zz-second.yaml": minimal().replace(CIDR, "10.50.0.0/33").replace("prod-us", "nope"),
    });
    expect(problems.length).toBeGreaterThanOrEqual(3);
    expect(problems.filter((p) => p.includes(FILE))).toHaveLength(2);
    expect(problems.some((p) => p.includes("zz-second.yaml"))).toBe(true);
  });

  test("each account gets the read-only state role's ARN; its name comes from roles.stateRead", () => {
    const renamed = loadPlatformConfig(
      environmentsFixture({ "accounts.yaml": `${shippedFile("accounts.yaml")}\nroles:\n  stateRead: tf-state-reader\n` }),
    );
    for (const a of renamed.accounts) expect(a.stateReadRoleArn).toBe(`arn:aws:iam::${a.id}:role/tf-state-reader`);
    expect(renamed.organization.roleNames.stateRead).toBe("tf-state-reader");
    for (const a of loadPlatformConfig().accounts) expect(a.stateReadRoleArn).toBe(`arn:aws:iam::${a.id}:role/terraform-state-read`);
  });

  test("clickhouse: refuses instance-store storage (not supported in-cluster yet), a type pods cannot be sized for and one too small, naming file and field", () => {
    const problems = problemsOf({ [FILE]: minimal("clickhouse:\n  storage: instance-store\n  instanceType: z1d.metal\n") }).join("\n");
    expect(problems).toMatch(
      inFixture(/clickhouse\.storage: ebs: "instance-store" is not supported by the in-cluster layer yet \(got "instance-store"\)/),
    );
    expect(problems).toMatch(
      inFixture(/clickhouse\.instanceType: a type the pods can be sized for: .*c\/m\/r\/i\/x family type \(got "z1d\.metal"\)/),
    );
    expect(problemsOf({ [FILE]: minimal("clickhouse:\n  instanceType: m6i.large\n") }).join("\n")).toMatch(
      inFixture(
        /clickhouse\.instanceType: a larger type \(at least 4 vCPU, 16 GiB\): this one leaves 0 vCPU \/ 2 GiB for ClickHouse \(got "m6i\.large"\)/,
      ),
    );
    expect(problemsOf({ [FILE]: minimal("clickhouse:\n  storage: ebs\n  instanceType: m6i.4xlarge\n") })).toEqual([]);
  });

  test("refuses a member account at the root: only the management account stays there", () => {
    const accounts = shippedFile("accounts.yaml").replace(/organizationalUnit: (?!root\b)[\w-]+/, "organizationalUnit: root");
    expect(problemsOf({ "accounts.yaml": accounts }).join("\n")).toMatch(
      /accounts\.yaml: accounts\.[\w-]+\.organizationalUnit: an organizational unit \(.*\): only the management account stays at the root \(got "root"\)/,
    );
  });

  test("derived names and tags are resolved once: the state key's alias, and one tag set for every stack", () => {
    const config = loadPlatformConfig();
    const org = config.organization;
    for (const a of config.accounts) {
      expect(a.stateKmsAliasName).toBe(`alias/${org.name}-tfstate`);
      expect(a.stateKmsKeyArn).toBe(`arn:aws:kms:${a.homeRegion}:${a.id}:${a.stateKmsAliasName}`);
    }
    const keys = ["environment", "tier", "team", "cost-center", "managed-by", "repository"];
    for (const env of config.environments) expect(Object.keys(env.tags)).toEqual(keys);
    expect(org.stackTags.organization).toEqual({
      environment: "organization",
      tier: "production",
      team: org.team,
      "cost-center": org.costCenter,
      "managed-by": "cdktf",
      repository: org.repository,
    });
    expect(org.stackTags.bootstrap).toEqual({ ...org.stackTags.organization, environment: "bootstrap" });
    expect(Object.keys(org.stackTags.bootstrap)).toEqual(keys);
  });

  test("refuses two Terraform roles under one name", () => {
    const problems = problemsOf({ "accounts.yaml": `${shippedFile("accounts.yaml")}\nroles:\n  stateRead: terraform-state\n` });
    expect(problems.join("\n")).toMatch(
      /accounts\.yaml: roles: four different role names .*\(got "terraform-deploy, terraform-plan, terraform-state, terraform-state"\)/,
    );
  });

  test("a copy of eu.yaml with a new name, region and CIDR (and no EU residency) is a new, valid environment", () => {
    const copy = shippedFile("eu.yaml")
      .replace("eu-central-1", "eu-west-2")
      .replace("10.20.0.0/16", "10.60.0.0/16")
      .replace("eu-west-1", "eu-west-3")
      .replace(/^residency: .*\n/m, "");
    const config = loadPlatformConfig(environmentsFixture({ "uk.yaml": copy }));
    expect(config.environments.map((e) => e.name)).toContain("uk");
  });
});
