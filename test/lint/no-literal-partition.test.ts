import { lintProbe, type LintMessage } from "./eslint-probe";

/** The lines of the no-restricted-syntax messages of a probe. */
const partitionLines = (messages: readonly LintMessage[]): number[] =>
  messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.line);

describe("no literal partition in ARNs or endpoints (eslint no-restricted-syntax)", () => {
  // One probe per line; the flagged lines are the hard-coded ones. The strings are source code for ESLint.
  /* eslint-disable no-template-curly-in-string */
  const probe = [
    'export const a = "arn:aws:iam::aws:policy/ReadOnlyAccess";',
    "export const b = (id: string) => `arn:aws:iam::${id}:root`;",
    "export const c = (region: string) => `secretsmanager.${region}.amazonaws.com`;",
    'export const d = "cloudtrail.amazonaws.com";',
    'export const e = "arn:aws-us-gov:iam::aws:policy/X".length + "arn:${partition}".length;',
    "export const f = (p: string) => `arn:${p}:s3:::bucket`;",
  ].join("\n");
  /* eslint-enable no-template-curly-in-string */

  // Declared at load, linted with the suite's other probes on first use (eslint-probe.ts).
  const files = ["constructs/data/probe.ts", "stacks/probe.ts", "lib/config/probe.ts"];
  const probes = new Map(files.map((file) => [file, lintProbe(probe, file)]));

  test.each(files)(
    "%s: a literal arn:aws: or <service>.<region>.amazonaws.com fails; service principals and partition-built ARNs pass",
    (file) => {
      expect(partitionLines(probes.get(file)?.() ?? [])).toEqual([1, 2, 3]);
    },
  );
});
