import { lintProbe, type LintMessage } from "./eslint-probe";

/**
 * One shared construct kit (issue 18): outside constructs/kit, a construct builds no S3 bucket, log
 * group or KMS key of its own, writes no policy document outside the kit's one type, and throws no
 * validation error the kit helper did not word. `npm run
 * lint` applies the rule to the tree; these probes prove it catches each kind of defect. One
 * statement per line, so the flagged lines name the defects.
 */
// The strings are source code for ESLint.
/* eslint-disable no-template-curly-in-string */
const probe = [
  'import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";',
  'import { CloudwatchLogGroup as Group } from "@cdktf/provider-aws/lib/cloudwatch-log-group";',
  'import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";',
  'import type { KmsKey as Key } from "@cdktf/provider-aws/lib/kms-key";',
  'import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";',
  'import { Construct } from "constructs";',
  'import { PropsProblems } from "../kit/validation";',
  "export function build(scope: Construct, key?: Key): unknown[] {",
  '  const made = [new S3Bucket(scope, "B", {}), new Group(scope, "G", {}), new KmsKey(scope, "K", {}), key];',
  '  made.push(new KmsAlias(scope, "A", { name: "alias/x", targetKeyId: "k" }));',
  '  new PropsProblems(scope).require(made.length > 0, "made", made.length, "something").throwIfAny();',
  "  return made;",
  "}",
  "export function check(days: number): void {",
  '  if (days < 0) throw new Error("days must be 0 or more");',
  '  if (days > 9) throw new RangeError("days must be 9 or less");',
  '  if (days === 5) throw Error("not five");',
  "  if (days === 6) throw `not ${days}`;",
  "}",
  'export const trust = JSON.stringify({ Version: "2012-10-17", Statement: [] });',
  "export function rethrow(run: () => void): void {",
  "  try {",
  "    run();",
  "  } catch (error) {",
  "    throw error;",
  "  }",
  "}",
].join("\n");
/* eslint-enable no-template-curly-in-string */

const KIT_MESSAGE = /the kit|kit builds|kit's one document type|PropsProblems/;

/** Lines (1-based) whose kit rule fires in lint messages. */
function kitViolations(messages: readonly LintMessage[]): number[] {
  const lines = messages.filter((m) => m.ruleId === "no-restricted-syntax" && KIT_MESSAGE.test(m.message)).map((m) => m.line);
  return [...new Set(lines)].sort((a, b) => a - b);
}

// Declared at load, linted together with the suite's other probes (eslint-probe.ts).
const asData = lintProbe(probe, "constructs/data/probe.ts");
const asPrivate = lintProbe(probe, "constructs/platform/private/probe.ts");
const asKit = lintProbe(probe, "constructs/kit/probe.ts");
const asStack = lintProbe(probe, "stacks/probe.ts");
const arnLiteral = lintProbe('export const a = "arn:aws:iam::aws:policy/ReadOnlyAccess";', "constructs/data/probe.ts");

describe("only the construct kit builds buckets, log groups and keys, writes policy documents and words validation errors (eslint no-restricted-syntax)", () => {
  test("a construct outside the kit: value imports and `new` of S3Bucket, CloudwatchLogGroup (aliased too), KmsKey, and every hand-made throw fail", () => {
    // 1-3: value imports; 9: the three `new`s; 15-18: Error, RangeError, Error(), a thrown string;
    // 20: a hand-written policy document. Passing: a type-only import (4), other resources (5, 10),
    // the kit helper (11), a rethrow (25).
    expect(kitViolations(asData())).toEqual([1, 2, 3, 9, 15, 16, 17, 18, 20]);
  });

  test("the rule holds at any depth under constructs/", () => {
    expect(kitViolations(asPrivate())).toEqual([1, 2, 3, 9, 15, 16, 17, 18, 20]);
  });

  test("the kit itself, stacks and tools are exempt", () => {
    expect(kitViolations(asKit())).toEqual([]);
    expect(kitViolations(asStack())).toEqual([]);
  });

  test("constructs outside the kit keep the partition rule (the kit block repeats its selectors)", () => {
    const messages = arnLiteral();
    expect(messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.message)).toEqual([
      expect.stringMatching(/No literal arn:aws: ARN/),
    ]);
  });
});
