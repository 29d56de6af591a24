import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, Fn, TerraformStack } from "cdktf";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { policyException, registerGuardrails } from "../../lib/policy";
import { exceptionsList, policyReport, rulesTable } from "../../lib/policy/report";
import { evaluateStack } from "../../lib/policy/stack-report";
import { describeSynthError } from "../../lib/policy/synth-error";

/** A stack with the guardrails, as BaseStack registers them. */
function guardedStack(build: (stack: TerraformStack) => void): { app: App; stack: TerraformStack } {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "guardrails-")), stackTraces: false });
  const stack = new TerraformStack(app, "demo");
  new AwsProvider(stack, "aws", { region: "us-east-1", defaultTags: [{ tags: { tier: "staging" } }] });
  registerGuardrails(stack);
  build(stack);
  return { app, stack };
}

const synthError = (app: App): string => {
  try {
    app.synth();
  } catch (err) {
    return describeSynthError(err);
  }
  throw new Error("app.synth() did not fail");
};

/** A compliant key, so tests fail only on what they are about. */
const key = (stack: TerraformStack) =>
  new KmsKey(stack, "Key", {
    enableKeyRotation: true,
    policy: JSON.stringify({
      Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*", Resource: "*" }],
    }),
  });

describe("guardrails during synth", () => {
  test("a violation fails app.synth() with one readable line per problem", () => {
    const { app } = guardedStack((s) => {
      key(s);
      new S3Bucket(s, "Bucket", { bucket: "demo-bucket" });
    });
    const message = synthError(app);
    const lines = message.split("\n").slice(1);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^S3-02 demo Bucket: no aws_s3_bucket_public_access_block references it — fix: Add aws_s3_bucket_public_access_block .*\.$/,
        ),
      ]),
    );
    expect(lines.map((l) => l.split(" ")[0]).sort()).toEqual(["S3-02", "S3-03", "S3-04", "S3-05", "S3-06", "S3-09"]);
    expect(message).toMatch(/^6 problems/);
    expect(message).not.toMatch(/CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS/);
  });

  test("escape-hatch overrides are checked: the rule sees the synthesized value", () => {
    const { stack } = guardedStack((s) => {
      const bucket = new S3Bucket(s, "Bucket", { bucket: "demo-bucket" });
      const pab = new S3BucketPublicAccessBlock(s, "Block", {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      pab.addOverride("restrict_public_buckets", false);
    });
    const s301 = evaluateStack(stack).filter((f) => f.ruleId === "S3-01");
    expect(s301).toEqual([
      expect.objectContaining({ status: "fail", path: "Block", problems: ["restrict_public_buckets is false, must be true"] }),
    ]);
  });

  test("a policy written with Fn.jsonencode fails closed (checkov would pass it)", () => {
    const { stack } = guardedStack((s) => {
      new IamPolicy(s, "Policy", { policy: Fn.jsonencode({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) });
    });
    const iam13 = evaluateStack(stack).find((f) => f.ruleId === "IAM-13");
    expect(iam13).toMatchObject({ status: "fail", problems: [expect.stringMatching(/^policy is a Terraform expression/)] });
  });

  test("declared exceptions let synth pass and are listed with their reasons", () => {
    const reason = "Demo bucket: short-lived fixture, holds no data, deleted after the test run.";
    const { app, stack } = guardedStack((s) => {
      key(s);
      const scope = new S3Bucket(s, "Bucket", { bucket: "demo-bucket" });
      for (const id of ["S3-02", "S3-03", "S3-04", "S3-05", "S3-06", "S3-09"]) policyException(scope, id, reason);
    });
    expect(() => app.synth()).not.toThrow();
    const report = policyReport([stack]);
    expect(
      report.findings
        .filter((f) => f.status === "excepted")
        .map((f) => f.ruleId)
        .sort(),
    ).toEqual(["S3-02", "S3-03", "S3-04", "S3-05", "S3-06", "S3-09"]);
    expect(exceptionsList(report)).toContain("Demo bucket: short-lived fixture");
    const table = rulesTable(report, { onlyApplicable: true });
    expect(table).toMatch(/S3-02 .* e1/);
    expect(table).toMatch(/KMS-01 .* 1 /);
    expect(table).not.toMatch(/EKS-01/);
  });

  test("an exception on a parent construct covers the resources under it", () => {
    const { stack } = guardedStack((s) => {
      new KmsKey(s, "Rotating", { enableKeyRotation: false, policy: "{}" });
      policyException(s, "KMS-01", "Whole demo stack: keys are destroyed within the hour, rotation cannot happen.");
    });
    expect(evaluateStack(stack).find((f) => f.ruleId === "KMS-01")).toMatchObject({ status: "excepted" });
  });

  test("throws when an exception names no rule or gives no reason", () => {
    guardedStack((s) => {
      const b = new S3Bucket(s, "Bucket", {});
      expect(() => policyException(b, "S3-99", "a long enough reason for the test")).toThrow(/ruleId "S3-99" is not a guardrail/);
      expect(() => policyException(b, "S3-02", "because")).toThrow(/reason "because" is too short/);
    });
  });
});
