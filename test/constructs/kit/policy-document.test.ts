import { Testing, TerraformStack } from "cdktf";
import {
  checkPolicyDocument,
  policyDocument,
  policyJson,
  serviceTrustPolicy,
  type PolicyStatement,
} from "../../../constructs/kit/policy-document";
import { PropsProblems } from "../../../constructs/kit/validation";
import { Partition } from "../../../constructs/core/partition";

const read: PolicyStatement = { Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" };
const problemsOf = (statements: readonly PolicyStatement[]) => {
  const problems = checkPolicyDocument(
    new PropsProblems(new TerraformStack(Testing.app(), "test")),
    "policy",
    policyDocument(...statements),
  );
  try {
    problems.throwIfAny();
    return [];
  } catch (error) {
    return (error as Error).message.split("\n");
  }
};

describe("policy documents", () => {
  test("a document is the current language version and the statements in order, rendered as IAM reads it", () => {
    const deny: PolicyStatement = { Effect: "Deny", NotAction: ["iam:Get*"], Resource: "*" };
    expect(policyDocument(read, deny)).toEqual({ Version: "2012-10-17", Statement: [read, deny] });
    expect(policyJson(read)).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}',
    );
  });

  test("a service trust policy lets that one service assume the role", () => {
    expect(JSON.parse(serviceTrustPolicy("s3.amazonaws.com"))).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
  });

  test("checkPolicyDocument passes a document IAM accepts", () => {
    expect(
      problemsOf([read, { ...read, Sid: "Other" }, { Effect: "Allow", Action: "s3:ListBucket", Resource: ["arn:aws:s3:::b"] }]),
    ).toEqual([]);
  });

  test("checkPolicyDocument refuses a Sid used twice, naming each repeated id once", () => {
    expect(problemsOf([read, read, read])).toEqual([
      'test: policy.Statement[].Sid: statement ids that differ within one policy (got ["Read"])',
    ]);
  });

  test.each(["Action", "NotAction", "Resource", "NotResource"] as const)("checkPolicyDocument refuses an empty %s list", (element) => {
    expect(problemsOf([read, { Effect: "Deny", Action: "s3:*", Resource: "*", [element]: [] }])).toEqual([
      `test: policy.Statement[1].${element}: at least one entry (got [])`,
    ]);
  });
});

describe("Partition.of", () => {
  test("refuses a partition the catalog does not know, naming the context key and the choices", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    stack.node.setContext("analytics-platform:partition", "aws-mars");
    expect(() => Partition.of(stack)).toThrow(
      /^test: context "analytics-platform:partition": an AWS partition: one of aws, .* \(got "aws-mars"\)$/,
    );
  });
});
