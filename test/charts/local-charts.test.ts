import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { chartValuesProblems, mergeValues } from "../../constructs/platform/chart-values";
import { chartDir, repoRoot } from "../../lib/paths";

const chartsRoot = path.join(repoRoot(), "charts");
const dirs = fs.readdirSync(chartsRoot).filter((d) => fs.statSync(path.join(chartsRoot, d)).isDirectory());
/** A local chart has templates; the other folders hold values for pinned remote charts. */
const localCharts = dirs.filter((d) => fs.existsSync(path.join(chartsRoot, d, "templates")));
const addonValueDirs = dirs.filter((d) => !localCharts.includes(d));

describe("local charts", () => {
  test("the platform's own charts are found", () => {
    expect(localCharts).toEqual(expect.arrayContaining(["clickhouse-cluster", "platform-secrets", "load-test"]));
  });

  test.each(localCharts)("%s has Chart.yaml, values.yaml and a draft-07 values.schema.json", (chart) => {
    const dir = path.join(chartsRoot, chart);
    const meta = parse(fs.readFileSync(path.join(dir, "Chart.yaml"), "utf8")) as { apiVersion: string; name: string; version: string };
    expect(meta).toMatchObject({ apiVersion: "v2", name: chart });
    expect(meta.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(parse(fs.readFileSync(path.join(dir, "values.yaml"), "utf8"))).toEqual(expect.any(Object));
    const schema = JSON.parse(fs.readFileSync(path.join(dir, "values.schema.json"), "utf8")) as Record<string, unknown>;
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    // Unknown keys are typos Helm would otherwise ignore silently.
    expect(schema.additionalProperties).toBe(false);
  });
});

describe("add-on values", () => {
  test.each(addonValueDirs)("%s has values.yaml and one override file per tier", (dir) => {
    for (const file of ["values.yaml", "values-production.yaml", "values-staging.yaml"]) {
      const parsed: unknown = parse(fs.readFileSync(path.join(chartsRoot, dir, file), "utf8"));
      expect(parsed).toEqual(expect.any(Object));
    }
  });
});

describe("mergeValues (Helm's merge)", () => {
  test("merges maps recursively and replaces lists", () => {
    expect(mergeValues({ a: { b: 1, c: [1, 2] } }, { a: { c: [3] }, d: 2 })).toEqual({ a: { b: 1, c: [3] }, d: 2 });
  });
});

describe("schemas reject wrong values offline", () => {
  const valid = {
    zones: ["us-east-1a", "us-east-1b", "us-east-1c"],
    placement: [
      ["us-east-1a", "us-east-1b"],
      ["us-east-1b", "us-east-1c"],
    ],
    backup: { bucket: "b", region: "us-east-1", kmsKeyArn: "arn:aws:kms:us-east-1:1:key/x" },
  };
  // Zero shards or no zones: the schema allows the chart's empty defaults, the templates stop
  // (test/charts/default-values.test.ts).
  const withOverride = (patch: Record<string, unknown>) => mergeValues(valid, patch);

  test("clickhouse-cluster accepts the minimal valid values", () => {
    expect(chartValuesProblems(chartDir("clickhouse-cluster"), valid)).toEqual([]);
  });
  test.each([
    ["more than 3 replicas", { placement: [["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"]] }, "/placement/0"],
    ["two replicas of a shard in one zone", { placement: [["us-east-1a", "us-east-1a"]] }, "/placement/0"],
    ["a replica without a zone", { placement: [["not-a-zone"]] }, "/placement/0/0"],
    ["a :latest image", { image: "altinity/clickhouse-server:latest" }, "/image"],
    ["logins from anywhere", { users: { allowedNetworks: ["0.0.0.0/0"] } }, "/users/allowedNetworks/0"],
    ["an even Keeper ensemble", { keeper: { replicas: 2 } }, "/keeper/replicas"],
    ["a size without unit", { storage: { size: "500" } }, "/storage/size"],
    ["an unknown key", { shard: 2 }, "/"],
  ])("clickhouse-cluster rejects %s", (_what, patch, where) => {
    const problems = chartValuesProblems(chartDir("clickhouse-cluster"), withOverride(patch));
    expect(problems.some((p) => p.startsWith(`${where} `))).toBe(true);
  });

  const secrets = {
    region: "us-east-1",
    clickhouse: {
      kafkaScramSecretArn: "arn:aws:secretsmanager:us-east-1:1:secret:AmazonMSK_x",
      kafkaBootstrapBrokers: "b-1:9096",
      appPasswordSecretName: "staging/clickhouse/posthog",
    },
    app: { kafkaScramSecretArn: "arn:aws:secretsmanager:us-east-1:1:secret:AmazonMSK_x_posthog" },
    postgresAdmin: {
      masterSecretArn: "arn:aws:secretsmanager:us-east-1:1:secret:rds",
      readerRoleArn: "arn:aws:iam::1:role/db-admin",
      host: "pg.local",
    },
  };
  test("platform-secrets accepts secret references", () => {
    expect(chartValuesProblems(chartDir("platform-secrets"), secrets)).toEqual([]);
  });
  test("platform-secrets rejects a secret value where a reference belongs", () => {
    const leaked = mergeValues(secrets, { postgresAdmin: { masterSecretArn: '{"username":"u","password":"p"}' } });
    expect(chartValuesProblems(chartDir("platform-secrets"), leaked).some((p) => p.startsWith("/postgresAdmin/masterSecretArn"))).toBe(
      true,
    );
  });
  // Defect 9: the application gets no database password, in particular not the master user's.
  test("platform-secrets has no place for a PostgreSQL secret of the application", () => {
    const withAppPostgres = mergeValues(secrets, { app: { postgresSecretArn: "arn:aws:secretsmanager:us-east-1:1:secret:rds" } });
    expect(
      chartValuesProblems(chartDir("platform-secrets"), withAppPostgres).some(
        (p) => p.startsWith("/app ") && p.includes('"additionalProperty":"postgresSecretArn"'),
      ),
    ).toBe(true);
  });
  test("platform-secrets rejects short generated passwords", () => {
    expect(
      chartValuesProblems(chartDir("platform-secrets"), mergeValues(secrets, { clickhouse: { passwordLength: 8 } })).length,
    ).toBeGreaterThan(0);
  });
  test("load-test rejects a zero rate", () => {
    expect(chartValuesProblems(chartDir("load-test"), { eventsPerSecond: 0 }).some((p) => p.startsWith("/eventsPerSecond"))).toBe(true);
  });
});
