import * as fs from "node:fs";
import * as path from "node:path";
import { HerokuMigration } from "../../constructs/data/heroku-migration";
import { dmsTaskProblems } from "../../lib/migration/dms-settings";
import { SEED_SCHEMAS } from "../../lib/migration/seed";
import { HEROKU_MIGRATION_PROPS, only, synthConstruct } from "../constructs/data/harness";

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, "fixtures", name), "utf8");

describe("DMS task JSON checked offline", () => {
  // The task as the construct synthesizes it when `migration.heroku.dms` is on.
  const task = only(
    synthConstruct(
      (stack) =>
        new HerokuMigration(stack, "Migration", { ...HEROKU_MIGRATION_PROPS, dms: { replicationInstanceClass: "dms.r6i.xlarge" } }),
    ),
    "aws_dms_replication_task",
  );
  const mappings = task.table_mappings as string;
  const settings = task.replication_task_settings as string;

  test("the shipped task's mappings and settings are valid and select schemas the seed has", () => {
    expect(dmsTaskProblems(mappings, settings, SEED_SCHEMAS)).toEqual([]);
  });

  test("an include rule for a schema the database lacks is reported", () => {
    expect(dmsTaskProblems(mappings, settings, [])).toEqual([
      expect.stringMatching(/rule 1 includes schema "%", which is not in the database/),
    ]);
  });

  test("a wrong table-mapping fixture: every defect named", () => {
    const problems = dmsTaskProblems(fixture("dms-wrong-table-mappings.json"), settings, SEED_SCHEMAS, "dms-wrong-table-mappings.json");
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\/rules\/0\/rule-action must be equal to one of the allowed values \(allowed: include, exclude, explicit\)/),
        expect.stringMatching(/rule-id "1" is used twice/),
        expect.stringMatching(/rule 1 includes schema "posthog", which is not in the database \(schemas: public, billing\)/),
        expect.stringMatching(/\/rules\/2\/object-locator must NOT have additional properties "tabel-name"/),
        expect.stringMatching(/rule 3 is explicit but its schema-name "bill%" has a wildcard/),
      ]),
    );
    expect(problems.every((p) => p.startsWith("dms-wrong-table-mappings.json"))).toBe(true);
  });

  test("a wrong task-settings fixture: every defect named", () => {
    const problems = dmsTaskProblems(mappings, fixture("dms-wrong-task-settings.json"), SEED_SCHEMAS, "dms-wrong-task-settings.json");
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /TargetTablePrepMode must be equal to one of the allowed values \(allowed: DO_NOTHING, DROP_AND_CREATE, TRUNCATE_BEFORE_LOAD\)/,
        ),
        expect.stringMatching(/MaxFullLoadSubTasks must be <= 49/),
        expect.stringMatching(/LobMaxSize must be integer/),
        expect.stringMatching(/must NOT have additional properties "Loging"/),
        expect.stringMatching(/SupportLobs needs FullLobMode or LimitedSizeLobMode/),
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  test("text that is not JSON is reported, not thrown", () => {
    expect(dmsTaskProblems("{", settings, SEED_SCHEMAS)).toEqual([expect.stringMatching(/DMS task: table mappings are not JSON/)]);
  });
});
