/**
 * `npm run schema`: writes the JSON Schemas editors use to complete and check the environment
 * files, generated from the same zod schemas the code validates with. A test fails when the
 * committed files are stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { renderSchemas } from "../lib/config/json-schema";
import { repoRoot } from "../lib/paths";

for (const [file, text] of Object.entries(renderSchemas())) {
  const target = path.join(repoRoot(), file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  process.stdout.write(`wrote ${file}\n`);
}
