import { lintProbe, restrictedImports } from "./eslint-probe";

/** The lint rule that keeps synth fast: provider classes only by deep path. */

describe("deep provider imports (eslint no-restricted-imports)", () => {
  const cases = [
    'import { EksCluster } from "@cdktf/provider-aws";',
    'import { Release } from "@cdktf/provider-helm";',
    'import { NamespaceV1 } from "@cdktf/provider-kubernetes";',
    'import { S3Bucket } from "@cdktf/provider-aws/lib";',
    'import { S3Bucket } from "@cdktf/provider-aws/lib/index";',
    'import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";',
  ];
  // One ESLint run for all cases: each case is its own line, so messages map back by line.
  const source =
    cases.map((c, i) => c.replace(/\{ (\w+) \}/, `{ $1 as X${i} }`)).join("\n") +
    `\nexport const all = [${cases.map((_, i) => `X${i}`).join(", ")}];\n`;
  const probe = lintProbe(source, "constructs/probe.ts");

  test("refuses the package roots and the lib index, allows a deep import", () => {
    const messages = restrictedImports(probe()).map((m) => m.message);
    expect(messages).toHaveLength(5);
    expect(messages.every((m) => /Import the/.test(m))).toBe(true);
    expect(messages.join("\n")).not.toMatch(/eks-cluster/);
  });
});
