import { z } from "zod";
import { accountsSchema, environmentSchema } from "./schema";

/** The JSON Schema files, by path relative to the repository root, as they should be on disk. */
export function renderSchemas(): Record<string, string> {
  const render = (schema: z.ZodType, title: string) =>
    `${JSON.stringify({ title, ...z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) }, null, 2)}\n`;
  return {
    "environments/schema/environment.schema.json": render(environmentSchema, "Environment file (environments/<name>.yaml)"),
    "environments/schema/accounts.schema.json": render(accountsSchema, "Accounts file (environments/accounts.yaml)"),
  };
}
