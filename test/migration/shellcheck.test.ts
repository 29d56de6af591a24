import { spawnSync } from "node:child_process";
import { CUTOVER_SCRIPT } from "../../lib/migration/cutover-script";

/** shellcheck's findings as "SCxxxx" codes, or an error saying how to install it. */
function shellcheck(args: string[], input?: string): string[] {
  const run = spawnSync("shellcheck", ["--format=gcc", ...args], { encoding: "utf8", ...(input === undefined ? {} : { input }) });
  if (run.error)
    throw new Error(
      `shellcheck is needed to lint ${CUTOVER_SCRIPT}: run .ci/install-test-tools.sh (Debian package shellcheck): ${run.error.message}`,
    );
  return [...run.stdout.matchAll(/\[(SC\d+)\]/g)].map((m) => m[1]!);
}

describe("the cutover script passes shellcheck", () => {
  test("no findings, warnings and style included", () => {
    expect(shellcheck(["--severity=style", CUTOVER_SCRIPT])).toEqual([]);
  });

  test("the same run reports an unquoted expansion in a destructive command", () => {
    expect(shellcheck(["--severity=style", "-"], "#!/usr/bin/env bash\nrm -rf $DUMP_DIR/*\n")).toEqual(expect.arrayContaining(["SC2086"]));
  });
});
