import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CUTOVER_STEPS, runCutover, type CutoverEnvironment } from "../../lib/migration/cutover-script";
import { LocalPostgres } from "../../lib/migration/local-postgres";
import { SEED_SCHEMAS, seedSql } from "../../lib/migration/seed";

/** Polls until `ready` holds (a background session has started), at most 10 s. */
async function waitFor(ready: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ready(); i++) await new Promise((r) => setTimeout(r, 100));
  if (!ready()) throw new Error("timed out waiting for the background session");
}

/**
 * The cutover script against real PostgreSQL: two throwaway clusters (source standing in for
 * Heroku, target for RDS), an app-shaped seed, the script run as the runbook runs it.
 */
describe("heroku-cutover.sh on real PostgreSQL", () => {
  let source: LocalPostgres;
  let target: LocalPostgres;
  let env: (database: string) => CutoverEnvironment;

  beforeAll(async () => {
    source = await LocalPostgres.start("source");
    target = await LocalPostgres.start("target");
    source.psql("postgres", "create database app");
    source.psql("app", seedSql(20_000));
    target.psql("postgres", "create role app nologin; create database app; create database copy2; create database copy3;");
    env = (database) => ({
      sourceUrl: source.url("app"),
      targetUrl: target.url(database),
      appRole: "app",
      dumpDir: path.join(source.dir, "dump"),
      jobs: 2,
      pgBinDir: source.binDir,
    });
  }, 120_000);

  afterAll(() => {
    source?.stop();
    target?.stop();
  });

  test("all: every step runs and prints its duration, verify passes, the app role owns the copy", async () => {
    // A session of the application's role (on Heroku: the same user) that freeze must end.
    const straggler = spawn(path.join(source.binDir, "psql"), [source.url("app"), "-X", "-c", "select pg_sleep(120)"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stragglerError = "";
    straggler.stderr.on("data", (d: Buffer) => (stragglerError += d.toString()));
    const stragglerExit = new Promise<number | null>((resolve) => straggler.on("exit", resolve));
    await waitFor(
      () =>
        source
          .psql("postgres", "select count(*) from pg_stat_activity where query like 'select pg_sleep%' and pid <> pg_backend_pid()")
          .trim() === "1",
    );
    const run = runCutover("all", env("app"));
    expect(await stragglerExit).not.toBe(0);
    expect(stragglerError).toMatch(/terminating connection due to administrator command/);
    expect(run.stdout).toMatch(/terminated sessions: 1\n/);
    expect(run.stderr).not.toMatch(/FAILED/);
    expect(run.status).toBe(0);
    expect(Object.keys(run.seconds)).toEqual([...CUTOVER_STEPS]);
    expect(run.stdout).toContain("verify: row counts, samples, constraints, indexes and sequences match");
    expect(
      target.psql("app", "select count(*) from pg_tables where schemaname in ('public','billing') and tableowner <> 'app'").trim(),
    ).toBe("0");
    expect(target.psql("app", "select count(*) from events").trim()).toBe("20000");
    // The gap of a sequence moved past its column survives the copy.
    expect(target.psql("app", "select last_value from dashboards_id_seq").trim()).toBe("250");
    expect(target.psql("app", "select count(*) from pg_extension where extname in ('pgcrypto','citext')").trim()).toBe("2");
  }, 120_000);

  test("the seed's schemas are the ones the DMS check matches table mappings against", () => {
    const schemas = source
      .psql("app", "select nspname from pg_namespace where nspname !~ '^(pg_|information_schema$)' order by 1")
      .trim()
      .split("\n");
    expect(schemas).toEqual([...SEED_SCHEMAS].sort());
  });

  test("freeze makes the source read-only for new sessions", () => {
    expect(() => source.psql("app", "insert into audit_log values (now(), 1, 'late write')")).toThrow(/read-only transaction/);
  });

  test("preflight stops on a target that already holds application tables, naming the step and the way back", () => {
    const run = runCutover("preflight", env("app"));
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/target already holds 13 application tables/);
    expect(run.stderr).toMatch(/FAILED step preflight/);
    expect(run.stderr).toMatch(/way back: nothing has changed/);
  }, 60_000);

  test("preflight names every problem of a target that is not ready, without changing anything", () => {
    // RDS lists its allowed extensions in rds.extensions; a placeholder setting stands in for it here.
    target.psql("postgres", "create database bare; alter database bare set rds.extensions = 'citext,plpgsql'; create role master login;");
    const asMaster = { ...env("bare"), targetUrl: `${target.url("bare").replace("user=postgres", "user=master")}`, jobs: 100 };
    const run = runCutover("preflight", asMaster);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/problem: extension pgcrypto is not in the target's rds.extensions/);
    expect(run.stderr).toMatch(/problem: target has \d+ free connections; JOBS=100 needs 102/);
    expect(run.stderr).toMatch(/problem: the target user is not a member of app, so it cannot hand ownership to it/);
    expect(run.stderr).toMatch(/FAILED step preflight: 3 problem\(s\)/);
    expect(runCutover("preflight", { ...env("bare"), appRole: "ghost" }).stderr).toMatch(
      /problem: role ghost does not exist on the target/,
    );
    expect(target.psql("bare", "select count(*) from pg_class where relnamespace = 'public'::regnamespace").trim()).toBe("0");
  }, 60_000);

  test("a target corrupted between restore and verify: verify exits non-zero and names each defect", () => {
    for (const step of ["restore", "sequences", "grants", "analyze"] as const) expect(runCutover(step, env("copy2")).status).toBe(0);
    target.psql(
      "copy2",
      [
        "delete from events where id % 10 = 0;", // row count
        "update users set is_staff = true where id = 1;", // same count, different content
        "select setval('billing.invoices_id_seq', 5);", // sequence behind its column
        "alter table team_members drop constraint team_members_role_check;", // constraint count
        "drop index insights_query_kind;", // index count
      ].join("\n"),
    );
    const tmpBefore = new Set(fs.readdirSync(os.tmpdir()));
    const run = runCutover("verify", env("copy2"));
    // Its work files go, also when it fails.
    expect(fs.readdirSync(os.tmpdir()).filter((f) => !tmpBefore.has(f) && f.startsWith("tmp."))).toEqual([]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/FAILED step verify: target differs from the source/);
    expect(run.stderr).toMatch(/way back: run 'heroku-cutover.sh unfreeze'/);
    expect(run.stderr).toMatch(/target: table public\.events rows=18000 /);
    expect(run.stderr).toMatch(/target: table public\.users rows=500 md5=/);
    expect(run.stderr).toMatch(/sequence billing\.invoices_id_seq behind its column billing\.invoices\.id: max 300 >= next value 6/);
    expect(run.stderr).toMatch(/source: constraints public c=\d+/);
    expect(run.stderr).toMatch(/source: indexes public=\d+/);
    expect(run.stderr).not.toMatch(/table public\.teams /);
  }, 120_000);

  test("a restore that fails midway stops at restore with the way back", () => {
    target.psql("copy3", "create table events (id int);");
    const run = runCutover("restore", env("copy3"));
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(
      /FAILED step restore \(exit 1\); way back: run 'heroku-cutover.sh unfreeze' and 'heroku maintenance:off'; empty the target/,
    );
    expect(run.seconds).toEqual({});
  }, 60_000);

  test("unfreeze lifts the freeze: the source takes writes again", () => {
    expect(runCutover("unfreeze", env("app")).status).toBe(0);
    expect(source.psql("app", "insert into audit_log values (now(), 1, 'after unfreeze') returning detail").trim()).toBe("after unfreeze");
  }, 60_000);
});
