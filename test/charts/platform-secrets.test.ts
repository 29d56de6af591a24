import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { repoRoot } from "../../lib/paths";

// No helm binary in CI: these read the templates as text. Defect 9: the application's namespace
// never receives the RDS master secret, and its PostgreSQL role is set up by an idempotent Job.
const dir = path.join(repoRoot(), "charts", "platform-secrets", "templates");
const template = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");
/** The documents of a template, split on `---`. */
const documents = (file: string) => template(file).split(/^---$/m);
const defaults = parse(fs.readFileSync(path.join(dir, "..", "values.yaml"), "utf8")) as {
  app: Record<string, unknown>;
  postgresAdmin: Record<string, unknown>;
};

describe("platform-secrets: application credentials", () => {
  test("the application's secret holds its own Kafka user and ClickHouse password, no PostgreSQL credentials", () => {
    const text = template("app-credentials.yaml")
      .split("\n")
      .filter((l) => !l.trimStart().startsWith("#"))
      .join("\n");
    expect(text).toContain("$app.kafkaScramSecretArn");
    expect(text).toMatch(/KAFKA_SASL_PASSWORD/);
    expect(text).not.toMatch(/POSTGRES|postgresAdmin|masterSecret/i);
    expect(Object.keys(defaults.app)).not.toEqual(expect.arrayContaining([expect.stringMatching(/postgres/i)]));
  });

  test("only the templates of the role-setup Job read the master secret, through a namespaced store", () => {
    const readers = fs.readdirSync(dir).filter((f) => template(f).includes("masterSecretArn"));
    expect(readers).toEqual(["postgres-app-role.yaml"]);
    const external = documents("postgres-app-role.yaml").find((d) => /kind: ExternalSecret\b/.test(d))!;
    expect(external).toMatch(/kind: SecretStore\b/);
    expect(external).not.toMatch(/ClusterSecretStore/);
    expect(external).toContain("namespace: {{ .Release.Namespace | quote }}");
    const store = documents("postgres-app-role.yaml").find((d) => /^kind: SecretStore$/m.test(d))!;
    expect(store).toMatch(/role: \{\{ (required "[^"]*" )?\$pg\.readerRoleArn \| quote \}\}/);
  });

  test("the role-setup Job runs after every install and upgrade and is idempotent", () => {
    const job = documents("postgres-app-role.yaml").find((d) => /^kind: Job$/m.test(d))!;
    expect(job).toMatch(/helm\.sh\/hook: post-install,post-upgrade/);
    expect(job).toMatch(/before-hook-creation/);
    const sql = documents("postgres-app-role.yaml").find((d) => /^kind: ConfigMap$/m.test(d))!;
    // CREATE ROLE only when missing; the rest are grants, which repeat harmlessly.
    expect(sql).toMatch(/CREATE ROLE %I LOGIN[\s\S]*WHERE NOT EXISTS \(SELECT 1 FROM pg_roles/);
    expect(sql).toMatch(/GRANT rds_iam TO :"app_user"/);
    expect(sql).not.toMatch(/SUPERUSER|rds_superuser|PASSWORD|CREATEROLE|CREATEDB/i);
    for (const line of sql.split("\n").filter((l) => /^\s+(CREATE|DROP|ALTER ROLE)/.test(l)))
      expect(line).toMatch(/^\s+(CREATE ROLE %I|ALTER DEFAULT PRIVILEGES)/);
  });
});
