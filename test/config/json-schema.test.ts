import * as fs from "node:fs";
import * as path from "node:path";
import { renderSchemas } from "../../lib/config/json-schema";
import { repoRoot } from "../../lib/paths";

describe("environment JSON Schemas", () => {
  test.each(Object.entries(renderSchemas()))("%s is up to date (run `npm run schema`)", (file, text) => {
    expect(fs.readFileSync(path.join(repoRoot(), file), "utf8")).toBe(text);
  });

  test("every environment file points editors at its schema", () => {
    const dir = path.join(repoRoot(), "environments");
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".yaml"))) {
      const schema = f === "accounts.yaml" ? "accounts" : "environment";
      expect(fs.readFileSync(path.join(dir, f), "utf8").split("\n")[0]).toBe(
        `# yaml-language-server: $schema=./schema/${schema}.schema.json`,
      );
    }
  });
});
