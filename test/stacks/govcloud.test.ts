import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadPlatformConfig } from "../../lib/config/load";
import { buildStacks, synthJson } from "../helpers/synth";
import { partitionLeaks } from "../helpers/partition-scan";
import { buildApp } from "../../lib/app";
import { formatFinding, preflightOutput } from "../../lib/preflight";

/** A GovCloud (US) organization with one production environment (test/fixtures/partition-govcloud). */
const FIXTURE = path.join(__dirname, "..", "fixtures", "partition-govcloud");

describe("an organization in AWS GovCloud (US)", () => {
  const config = loadPlatformConfig(FIXTURE);
  const stacks = buildStacks(config);
  const texts = new Map([...stacks].map(([name, stack]) => [name, JSON.stringify(synthJson(stack))]));

  test("builds the organization, a bootstrap stack per account and the environment's five layers", () => {
    expect([...texts.keys()].sort()).toEqual(
      [
        "organization",
        ...config.accounts.map((a) => `bootstrap-${a.name}`),
        ...["network", "data", "cluster", "platform", "monitoring"].map((l) => `gov-${l}`),
      ].sort(),
    );
  });

  test.each([...texts.keys()])("%s: every ARN is arn:aws-us-gov, every regional endpoint uses the partition's suffix", (name) => {
    const text = texts.get(name)!;
    expect(partitionLeaks(text, "aws-us-gov")).toEqual([]);
    expect(text).toMatch(/arn:aws-us-gov:/);
  });

  test("the providers, backends and state keys name GovCloud roles and regions", () => {
    const net = synthJson(stacks.get("gov-network")!);
    expect(JSON.stringify(net.terraform)).toContain("arn:aws-us-gov:iam::400000000004:role/terraform-state");
    expect(net.provider!["aws"]![0]!["region"]).toBe("us-gov-east-1");
  });

  test("the first-deploy preflight finds nothing: principals named by arn:aws-us-gov ARNs are found", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "gov-out-"));
    try {
      buildApp(config, { outdir: out }).app.synth();
      expect(preflightOutput(out, config).findings.map(formatFinding)).toEqual([]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test("no AWS Budgets resource: GovCloud has no Budgets endpoint (budgeted through the paired commercial account)", () => {
    expect(Object.keys(synthJson(stacks.get("organization")!).resource ?? {})).not.toContain("aws_budgets_budget");
  });
});

describe("partitionLeaks", () => {
  test("catches a commercial ARN and a commercial endpoint suffix in a partition that has another", () => {
    const text = JSON.stringify({
      a: "arn:aws:iam::123456789012:root",
      b: "arn:aws-us-gov:s3:::bucket",
      c: { "kms:ViaService": "secretsmanager.cn-north-1.amazonaws.com" },
      d: "logs.cn-north-1.amazonaws.com.cn",
      e: "cloudtrail.amazonaws.com",
    });
    expect(partitionLeaks(text, "aws-cn")).toEqual([
      "arn:aws-us-gov:s3:::bucket",
      "arn:aws:iam::123456789012:root",
      "secretsmanager.cn-north-1.amazonaws.com",
    ]);
    expect(partitionLeaks(text, "aws")).toContain("logs.cn-north-1.amazonaws.com.cn");
  });
});
