import { lintProbe, restrictedImports } from "./eslint-probe";

/**
 * Constructs take plain props (issue 18): a file under constructs/ may not import configuration,
 * sizing, repository paths, the app or a stack. One ESLint run per probe file; each import is on
 * its own line, so messages map back to their import by line.
 */
function flaggedImports(filename: string, specifiers: readonly string[]): () => string[] {
  const source =
    specifiers.map((s, i) => `import * as m${i} from "${s}";`).join("\n") +
    `\nexport const all = [${specifiers.map((_, i) => `m${i}`).join(", ")}];\n`;
  // Declared at load, linted with the suite's other probes on first use (eslint-probe.ts).
  const probe = lintProbe(source, filename);
  return () => {
    const flagged = new Set(
      restrictedImports(probe())
        .filter((m) => /never import/.test(m.message))
        .map((m) => m.line),
    );
    return specifiers.filter((_, i) => flagged.has(i + 1));
  };
}

describe("constructs never import configuration (eslint no-restricted-imports)", () => {
  const refused = [
    "../../lib/config",
    "../../lib/config/model",
    "../../lib/config/sections/alerts",
    "../../lib/sizing/constants",
    "../../lib/paths",
    "../../lib/app",
    "../../stacks/platform-stack",
    "../../stacks/contracts",
  ];
  const allowed = ["../../lib/policy", "../../lib/configuration-notes", "./names", "../eks/clickhouse-layout", "constructs"];

  const construct = flaggedImports("constructs/platform/probe.ts", [...refused, ...allowed]);
  const deep = flaggedImports("constructs/data/private/probe.ts", ["../../../lib/config/model", "../../../stacks/data-stack"]);
  const stack = flaggedImports("stacks/probe.ts", ["../lib/config/model", "../lib/sizing/constants"]);
  const tool = flaggedImports("tools/probe.ts", ["../lib/paths"]);

  test("a construct importing lib/config, lib/sizing, lib/paths, lib/app or stacks/ fails lint; other imports pass", () => {
    expect(construct()).toEqual(refused);
  });

  test("the rule holds at any depth under constructs/", () => {
    expect(deep()).toEqual(["../../../lib/config/model", "../../../stacks/data-stack"]);
  });

  test("stacks and tools may import configuration", () => {
    expect(stack()).toEqual([]);
    expect(tool()).toEqual([]);
  });
});
