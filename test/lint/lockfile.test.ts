import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../../lib/paths";

/**
 * `npm ci` refuses a lockfile that lacks an entry for any optional dependency, including platform
 * binaries for other systems. The registry these machines reach serves only some of @swc/core's
 * platform packages, so `npm install` here drops the others from the lockfile; their entries are
 * kept by hand (os/cpu set, so npm never fetches them on this platform).
 */
describe("package-lock.json", () => {
  const lock = JSON.parse(fs.readFileSync(path.join(repoRoot(), "package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string; optionalDependencies?: Record<string, string> }>;
  };

  test("has an entry for every optional dependency of every locked package", () => {
    const missing = Object.entries(lock.packages).flatMap(([at, pkg]) =>
      Object.keys(pkg.optionalDependencies ?? {})
        .filter((dep) => !lock.packages[`node_modules/${dep}`] && !lock.packages[`${at}/node_modules/${dep}`])
        .map((dep) => `${at} -> ${dep}`),
    );
    expect(missing).toEqual([]);
  });
});
