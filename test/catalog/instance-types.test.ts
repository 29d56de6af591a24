import * as fs from "node:fs";
import { EC2_CATALOG_SOURCE, EC2_CATALOG_TYPES } from "../../lib/catalog/ec2-instance-types.generated";
import { EC2_INSTANCE_TYPES, MSK_BROKER_TYPES, nearest, RDS_POSTGRES_CLASSES } from "../../lib/catalog/instance-types";
import { parseInstanceTypeEnum, renderCatalog } from "../../lib/catalog/parse-sdk-enum";
import { FIXTURE_ENV, freeVpcCidr, configProblems } from "../helpers/fixtures";

const FILE = `${FIXTURE_ENV}.yaml`;
const env = (extra: string) =>
  `tier: production\naccount: prod-us\nregion: us-east-2\nvpcCidr: ${freeVpcCidr()}\neventsPerMonth: 1e9\n${extra}`;

const problemsOf = (text: string): string[] => configProblems({ [FILE]: text });

describe("instance catalogs at load time", () => {
  test("typos in EC2, MSK and RDS names are refused together, each with the nearest real name", () => {
    const problems = problemsOf(
      env(
        [
          "clickhouse:\n  instanceType: r6i.2xlrage",
          "kubernetes:\n  nodeGroups:\n    app:\n      instanceType: m6i.xlrage",
          "kafka:\n  instanceType: kafka.m5.lrage",
          "postgres:\n  instanceClass: db.r6g.lrage",
        ].join("\n") + "\n",
      ),
    ).map((p) => p.replace(/^.*\//, ""));
    expect(problems).toEqual(
      expect.arrayContaining([
        `${FILE}: clickhouse.instanceType: an existing EC2 instance type; did you mean r6i.2xlarge? (got "r6i.2xlrage")`,
        `${FILE}: kubernetes.nodeGroups.app.instanceType: an existing EC2 instance type; did you mean m6i.xlarge? (got "m6i.xlrage")`,
        `${FILE}: kafka.instanceType: an existing MSK broker type; did you mean kafka.m5.large? (got "kafka.m5.lrage")`,
        `${FILE}: postgres.instanceClass: an existing RDS for PostgreSQL instance class; did you mean db.r6g.large? (got "db.r6g.lrage")`,
      ]),
    );
  });

  test("a name of the wrong shape gets the format message, not a guess", () => {
    expect(problemsOf(env("postgres:\n  instanceClass: r6g.large\n")).join("\n")).toMatch(
      /postgres\.instanceClass: RDS for PostgreSQL instance class such as db\.r6g\.large \(got "r6g\.large"\)/,
    );
  });

  test("an EC2 type RDS does not offer for PostgreSQL is refused as a class", () => {
    expect(problemsOf(env("postgres:\n  instanceClass: db.i4i.large\n")).join("\n")).toMatch(
      /postgres\.instanceClass: an existing RDS for PostgreSQL instance class/,
    );
  });

  test("Express brokers and Graviton broker types are accepted", () => {
    expect(problemsOf(env("kafka:\n  instanceType: express.m7g.large\n"))).toEqual([]);
    expect(problemsOf(env("kafka:\n  instanceType: kafka.m7g.xlarge\n"))).toEqual([]);
  });

  test("a missing required field says required", () => {
    expect(problemsOf("tier: production\naccount: prod-us\nregion: us-east-2\neventsPerMonth: 1e9\n").join("\n")).toMatch(
      new RegExp(`${FILE.replace(".", "\\.")}: vpcCidr: required`),
    );
  });
});

describe("the catalogs", () => {
  test("EC2 names are unique and sorted, as the generator writes them", () => {
    expect(EC2_CATALOG_TYPES).toEqual([...new Set(EC2_CATALOG_TYPES)].sort());
    expect(EC2_CATALOG_SOURCE).toMatch(/^@aws-sdk\/client-ec2@\d+\.\d+\.\d+ /);
  });

  test("RDS classes are db.<EC2 type> of the listed families, without metal", () => {
    for (const c of RDS_POSTGRES_CLASSES) {
      expect(EC2_INSTANCE_TYPES.has(c.slice(3))).toBe(true);
      expect(c).not.toMatch(/\.metal/);
    }
    expect(RDS_POSTGRES_CLASSES.has("db.r6g.large")).toBe(true);
  });

  test("MSK has no m7g 24xlarge and only a small t3", () => {
    expect(MSK_BROKER_TYPES.has("kafka.m7g.24xlarge")).toBe(false);
    expect([...MSK_BROKER_TYPES].filter((t) => t.startsWith("kafka.t3."))).toEqual(["kafka.t3.small"]);
  });

  test("nearest picks the closest name", () => {
    expect(nearest("m7g.lage", EC2_INSTANCE_TYPES)).toBe("m7g.large");
  });
});

describe("parseInstanceTypeEnum (the generator's reader)", () => {
  test("reads the names of the SDK declaration, sorted and unique", () => {
    const d =
      'export declare const _Other: {\n  readonly x: "x.large";\n};\nexport declare const _InstanceType: {\n    readonly m6i_large: "m6i.large";\n    readonly a1_xlarge: "a1.xlarge";\n    readonly u_6tb1_metal: "u-6tb1.metal";\n};\n';
    expect(parseInstanceTypeEnum(d)).toEqual(["a1.xlarge", "m6i.large", "u-6tb1.metal"]);
  });

  test("the checked-in module is what the generator renders from its names", () => {
    const text = fs.readFileSync(require.resolve("../../lib/catalog/ec2-instance-types.generated.ts"), "utf8");
    expect(text).toBe(renderCatalog(EC2_CATALOG_SOURCE, EC2_CATALOG_TYPES));
  });

  test("throws when the SDK's layout has changed", () => {
    expect(() => parseInstanceTypeEnum("export declare const Something: {};")).toThrow(/no `_InstanceType` declaration found/);
  });
});
