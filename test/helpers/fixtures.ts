import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { environmentsDir } from "../../lib/config/load";

/**
 * Copies the shipped environment files into a scratch folder, applies edits (file name → new text,
 * or null to delete), and returns the folder. Tests load configuration from it.
 */
export function environmentsFixture(edits: Record<string, string | null> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "envs-"));
  for (const f of fs.readdirSync(environmentsDir())) {
    if (f.endsWith(".yaml")) fs.copyFileSync(path.join(environmentsDir(), f), path.join(dir, f));
  }
  for (const [file, text] of Object.entries(edits)) {
    if (text === null) fs.rmSync(path.join(dir, file));
    else fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** The text of a shipped environment file. */
export function shippedFile(name: string): string {
  return fs.readFileSync(path.join(environmentsDir(), name), "utf8");
}
