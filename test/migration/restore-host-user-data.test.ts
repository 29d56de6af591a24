import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { CUTOVER_SCRIPT_PATH, HerokuMigration } from "../../constructs/data/heroku-migration";
import { CUTOVER_SCRIPT } from "../../lib/migration/cutover-script";
import { HEROKU_MIGRATION_PROPS, only, synthConstruct } from "../constructs/data/harness";

/**
 * EC2 limits user data to 16 KB in raw form, before base64 ("Work with instance user data",
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html, read 2026-12-07).
 */
const USER_DATA_LIMIT_BYTES = 16 * 1024;

describe("restore host user data ships the cutover script", () => {
  const json = synthConstruct((stack) => new HerokuMigration(stack, "Migration", { ...HEROKU_MIGRATION_PROPS }));
  const userData = only(json, "aws_instance").user_data as string;

  test("under EC2's 16 KB limit", () => {
    expect(Buffer.byteLength(userData, "utf8")).toBeLessThan(USER_DATA_LIMIT_BYTES);
  });

  test("the shell decodes exactly the repository's script into place", () => {
    const match = /^base64 -d <<'CUTOVER' \| gunzip > (\S+)\n([\s\S]*?)\nCUTOVER$/m.exec(userData);
    expect(match?.[1]).toBe(CUTOVER_SCRIPT_PATH);
    // The same tools the host runs, so a truncated or re-wrapped blob fails here.
    const decoded = execFileSync("bash", ["-c", "base64 -d | gunzip"], { input: `${match![2]}\n` });
    expect(decoded.equals(fs.readFileSync(CUTOVER_SCRIPT))).toBe(true);
    expect(userData).toContain(`chmod 0755 ${CUTOVER_SCRIPT_PATH}`);
  });

  test("a changed script replaces the host: EC2 would not rerun new user data on the old one", () => {
    expect(only(json, "aws_instance").user_data_replace_on_change).toBe(true);
  });
});
