import Ajv, { type ErrorObject } from "ajv";

/*
 * Offline checks of an AWS DMS task's table mappings and task settings, so a typo fails in
 * `npm test` rather than when the task is started in the maintenance window. Fields, values and
 * limits from the DMS User Guide, read 2026-12-07:
 * - selection rules: https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TableMapping.SelectionTransformation.Selections.html
 * - transformation rules: https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TableMapping.SelectionTransformation.Transformations.html
 * - full-load settings (TargetTablePrepMode values, MaxFullLoadSubTasks default 8, at most 49):
 *   https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TaskSettings.FullLoad.html
 * - target metadata (SupportLobs needs FullLobMode or LimitedSizeLobMode; sizes in KB):
 *   https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TaskSettings.TargetMetadata.html
 * - limited LOB mode at most 102400 KB: https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.LOBSupport.html
 * - task settings sections: https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TaskSettings.html
 */

const ruleId = { type: "string", pattern: "^[0-9]+$" };
const ruleName = { type: "string", minLength: 1 };

const selectionRule = {
  type: "object",
  additionalProperties: false,
  required: ["rule-type", "rule-id", "rule-name", "object-locator", "rule-action"],
  properties: {
    "rule-type": { const: "selection" },
    "rule-id": ruleId,
    "rule-name": ruleName,
    "rule-action": { enum: ["include", "exclude", "explicit"] },
    "object-locator": {
      type: "object",
      additionalProperties: false,
      required: ["schema-name", "table-name"],
      properties: {
        "schema-name": { type: "string", minLength: 1 },
        "table-name": { type: "string", minLength: 1 },
        "table-type": { enum: ["table", "view", "all"] },
      },
    },
    filters: { type: "array" },
    "load-order": { type: "integer", minimum: 0 },
  },
};

const transformationRule = {
  type: "object",
  additionalProperties: false,
  required: ["rule-type", "rule-id", "rule-name", "rule-target", "object-locator", "rule-action"],
  properties: {
    "rule-type": { const: "transformation" },
    "rule-id": ruleId,
    "rule-name": ruleName,
    "rule-target": { enum: ["schema", "table", "column", "table-tablespace", "index-tablespace", "primary-key"] },
    "rule-action": {
      enum: [
        "add-column",
        "include-column",
        "remove-column",
        "rename",
        "convert-lowercase",
        "convert-uppercase",
        "add-prefix",
        "remove-prefix",
        "replace-prefix",
        "add-suffix",
        "remove-suffix",
        "replace-suffix",
        "define-primary-key",
        "change-data-type",
        "add-before-image-columns",
        "data-masking-digits-mask",
        "data-masking-digits-randomize",
        "data-masking-hash-mask",
      ],
    },
    "object-locator": { type: "object", required: ["schema-name"], properties: { "schema-name": { type: "string" } } },
    value: { type: "string" },
    "old-value": { type: "string" },
    "data-type": { type: "object" },
    expression: { type: "string" },
    "primary-key-def": { type: "object" },
    "before-image-def": { type: "object" },
  },
};

export const TABLE_MAPPINGS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["rules"],
  properties: { rules: { type: "array", minItems: 1, items: { oneOf: [selectionRule, transformationRule] } } },
};

const kb = { type: "integer", minimum: 0 };
export const TASK_SETTINGS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    TargetMetadata: {
      type: "object",
      additionalProperties: false,
      properties: {
        TargetSchema: { type: "string" },
        SupportLobs: { type: "boolean" },
        FullLobMode: { type: "boolean" },
        LobChunkSize: kb,
        LimitedSizeLobMode: { type: "boolean" },
        LobMaxSize: { type: "integer", minimum: 0, maximum: 102400 },
        InlineLobMaxSize: kb,
        LoadMaxFileSize: kb,
        ParallelLoadThreads: { type: "integer", minimum: 0 },
        ParallelLoadBufferSize: { type: "integer", minimum: 0 },
        ParallelLoadQueuesPerThread: { type: "integer", minimum: 0 },
        ParallelApplyThreads: { type: "integer", minimum: 0 },
        ParallelApplyBufferSize: { type: "integer", minimum: 0 },
        ParallelApplyQueuesPerThread: { type: "integer", minimum: 0 },
        BatchApplyEnabled: { type: "boolean" },
        TaskRecoveryTableEnabled: { type: "boolean" },
      },
    },
    FullLoadSettings: {
      type: "object",
      additionalProperties: false,
      properties: {
        TargetTablePrepMode: { enum: ["DO_NOTHING", "DROP_AND_CREATE", "TRUNCATE_BEFORE_LOAD"] },
        CreatePkAfterFullLoad: { type: "boolean" },
        StopTaskCachedChangesApplied: { type: "boolean" },
        StopTaskCachedChangesNotApplied: { type: "boolean" },
        MaxFullLoadSubTasks: { type: "integer", minimum: 1, maximum: 49 },
        TransactionConsistencyTimeout: { type: "integer", minimum: 0 },
        CommitRate: { type: "integer", minimum: 1 },
      },
    },
    Logging: {
      type: "object",
      additionalProperties: false,
      properties: {
        EnableLogging: { type: "boolean" },
        EnableLogContext: { type: "boolean" },
        LogComponents: {
          type: "array",
          items: {
            type: "object",
            required: ["Id", "Severity"],
            properties: {
              Id: { type: "string" },
              Severity: {
                enum: [
                  "LOGGER_SEVERITY_ERROR",
                  "LOGGER_SEVERITY_WARNING",
                  "LOGGER_SEVERITY_INFO",
                  "LOGGER_SEVERITY_DEFAULT",
                  "LOGGER_SEVERITY_DEBUG",
                  "LOGGER_SEVERITY_DETAILED_DEBUG",
                ],
              },
            },
          },
        },
      },
    },
    ControlTablesSettings: { type: "object" },
    StreamBufferSettings: { type: "object" },
    ChangeProcessingTuning: { type: "object" },
    ChangeProcessingDdlHandlingPolicy: { type: "object" },
    ErrorBehavior: { type: "object" },
    ValidationSettings: { type: "object" },
    LoopbackPreventionSettings: { type: ["object", "null"] },
    CharacterSetSettings: { type: ["object", "null"] },
    BeforeImageSettings: { type: ["object", "null"] },
    FailTaskWhenCleanTaskResourceFailed: { type: "boolean" },
    PostProcessingRules: { type: ["object", "null"] },
    TTSettings: { type: "object" },
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validateMappings = ajv.compile(TABLE_MAPPINGS_SCHEMA);
const validateSettings = ajv.compile(TASK_SETTINGS_SCHEMA);

type Rule = {
  "rule-type"?: string;
  "rule-id"?: string;
  "rule-name"?: string;
  "rule-action"?: string;
  "object-locator"?: { "schema-name"?: string };
};

const describe = (file: string, errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? [])
    // oneOf reports every branch; the branch-level messages say what is wrong.
    .filter((e) => e.keyword !== "oneOf" && !(e.keyword === "const" && e.instancePath.endsWith("/rule-type")))
    .map(
      (e) =>
        `${file}: ${e.instancePath || "/"} ${e.message}${e.params && "allowedValues" in e.params ? ` (allowed: ${(e.params["allowedValues"] as unknown[]).join(", ")})` : ""}${e.keyword === "additionalProperties" ? ` "${String(e.params["additionalProperty"])}"` : ""}`,
    );

/** DMS `%` wildcard (any run of characters) as a regular expression; `_` matches itself. */
const wildcard = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split("%")
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );

/**
 * Problems with a DMS task's JSON (empty when valid): schema violations, duplicate rule ids or
 * names, explicit rules with wildcards, LOB settings DMS rejects, and include rules whose schema
 * matches none of `schemas` (the schemas of the seeded or source database).
 */
export function dmsTaskProblems(
  tableMappingsJson: string,
  taskSettingsJson: string,
  schemas: readonly string[],
  file = "DMS task",
): string[] {
  const problems: string[] = [];
  let mappings: { rules?: Rule[] } | undefined;
  let settings: { TargetMetadata?: { SupportLobs?: boolean; FullLobMode?: boolean; LimitedSizeLobMode?: boolean } } | undefined;
  try {
    mappings = JSON.parse(tableMappingsJson) as { rules?: Rule[] };
  } catch (e) {
    problems.push(`${file}: table mappings are not JSON: ${(e as Error).message}`);
  }
  try {
    settings = JSON.parse(taskSettingsJson) as typeof settings;
  } catch (e) {
    problems.push(`${file}: task settings are not JSON: ${(e as Error).message}`);
  }
  if (mappings !== undefined && !validateMappings(mappings)) problems.push(...describe(`${file} table mappings`, validateMappings.errors));
  if (settings !== undefined && !validateSettings(settings)) problems.push(...describe(`${file} task settings`, validateSettings.errors));

  const rules = Array.isArray(mappings?.rules) ? mappings.rules : [];
  for (const key of ["rule-id", "rule-name"] as const) {
    const seen = new Set<string>();
    for (const r of rules) {
      const v = r[key];
      if (v !== undefined && seen.has(v)) problems.push(`${file} table mappings: ${key} "${v}" is used twice (must be unique)`);
      if (v !== undefined) seen.add(v);
    }
  }
  const selections = rules.filter((r) => r["rule-type"] === "selection");
  if (rules.length > 0 && !selections.some((r) => r["rule-action"] === "include" || r["rule-action"] === "explicit")) {
    problems.push(`${file} table mappings: no selection rule includes anything`);
  }
  for (const r of selections) {
    const schema = r["object-locator"]?.["schema-name"];
    if (typeof schema !== "string") continue;
    if (r["rule-action"] === "explicit" && schema.includes("%"))
      problems.push(`${file} table mappings: rule ${r["rule-id"]} is explicit but its schema-name "${schema}" has a wildcard`);
    if ((r["rule-action"] === "include" || r["rule-action"] === "explicit") && !schemas.some((s) => wildcard(schema).test(s))) {
      problems.push(
        `${file} table mappings: rule ${r["rule-id"]} includes schema "${schema}", which is not in the database (schemas: ${schemas.join(", ")})`,
      );
    }
  }
  const lobs = settings?.TargetMetadata;
  if (lobs?.SupportLobs && !lobs.FullLobMode && !lobs.LimitedSizeLobMode)
    problems.push(`${file} task settings: SupportLobs needs FullLobMode or LimitedSizeLobMode set to true`);
  if (lobs?.FullLobMode && lobs.LimitedSizeLobMode)
    problems.push(`${file} task settings: FullLobMode and LimitedSizeLobMode are both true; choose one`);
  return problems;
}
