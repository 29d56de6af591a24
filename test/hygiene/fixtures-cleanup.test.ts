import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as Fixtures from "../helpers/fixtures";

/**
 * environmentsFixture deletes its folders at the end of the test file that made them, also when the
 * file runs alone (npx jest <file>), where no suite cleans up for it. Loaded here in a registry of
 * its own with afterAll captured, so the test can run the hook it registers and look.
 */
const hooks: Array<() => void> = [];
const realAfterAll = global.afterAll;
global.afterAll = ((fn: () => void) => void hooks.push(fn)) as typeof afterAll;
let fixtures!: typeof Fixtures;
jest.isolateModules(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  fixtures = require("../helpers/fixtures") as typeof Fixtures;
});
global.afterAll = realAfterAll;

const unrelated = fs.mkdtempSync(path.join(os.tmpdir(), "not-a-fixture-"));
afterAll(() => fs.rmSync(unrelated, { recursive: true, force: true }));

describe("environment fixture folders", () => {
  test("loading the helper registers one afterAll hook, which deletes every folder it made and nothing else", () => {
    expect(hooks).toHaveLength(1);
    const dirs = [fixtures.environmentsFixture(), fixtures.environmentsFixture({ "extra.yaml": "tier: staging\n" })];
    expect(dirs.every((d) => fs.existsSync(path.join(d, "accounts.yaml")))).toBe(true);
    hooks[0]!();
    expect(dirs.filter((d) => fs.existsSync(d))).toEqual([]);
    expect(fs.existsSync(unrelated)).toBe(true);
  });

  test("a folder made after a cleanup is deleted by the next one", () => {
    const dir = fixtures.environmentsFixture();
    fixtures.removeEnvironmentFixtures();
    expect(fs.existsSync(dir)).toBe(false);
  });
});
