import { at, bool, isCmk, parsePolicy, references } from "../../lib/policy/tf";
import { ref } from "./fixtures/world";

describe("reading Terraform JSON like the scanners (docs/reference/scanner-behaviour.md §1)", () => {
  test("a single nested block reads the same as a one-element list", () => {
    expect(at({ vpc_config: { endpoint_public_access: false } }, "vpc_config.endpoint_public_access")).toEqual([false]);
    expect(at({ vpc_config: [{ endpoint_public_access: false }] }, "vpc_config.endpoint_public_access")).toEqual([false]);
  });

  test("repeated blocks are read element by element", () => {
    expect(at({ container: [{ image: "a:1" }, { image: "b:2" }] }, "container.image")).toEqual(["a:1", "b:2"]);
  });

  test("string booleans are booleans; tokens are unknown", () => {
    expect([bool("true"), bool(true), bool("false"), bool(false), bool(ref("x.y.z")), bool(undefined)]).toEqual([
      true,
      true,
      false,
      false,
      undefined,
      undefined,
    ]);
  });

  test("references are found inside strings, including data sources and interpolations", () => {
    expect(references({ a: `${ref("aws_s3_bucket.b.arn")}/*`, b: [ref("data.aws_iam_policy_document.d.json")] })).toEqual([
      { address: "aws_s3_bucket.b", attribute: "arn" },
      { address: "data.aws_iam_policy_document.d", attribute: "json" },
    ]);
  });

  test("customer-managed keys: references and key ARNs, never AWS-managed aliases", () => {
    expect(isCmk(ref("aws_kms_key.k.arn"))).toBe(true);
    expect(isCmk("arn:aws:kms:us-east-1:111111111111:key/1234")).toBe(true);
    expect(isCmk("arn:aws:kms:us-east-1:111111111111:alias/aws/s3")).toBe(false);
    expect(isCmk("alias/aws/sns")).toBe(false);
    expect(isCmk("")).toBe(false);
  });

  test("policies fail closed on expressions and invalid JSON (checkov passes both, gotcha 1)", () => {
    expect(parsePolicy("$" + "{jsonencode({Statement = []})}")).toMatchObject({
      ok: false,
      why: expect.stringMatching(/Terraform expression/),
    });
    expect(parsePolicy(ref("data.aws_iam_policy_document.d.json"))).toMatchObject({ ok: false });
    expect(parsePolicy("{not json")).toMatchObject({ ok: false, why: expect.stringMatching(/not valid JSON/) });
    expect(parsePolicy(JSON.stringify({ Version: "2012-10-17" }))).toMatchObject({ ok: false, why: "has no Statement list" });
  });

  test("a literal policy with embedded references parses; a single statement object is a list", () => {
    const parsed = parsePolicy(
      JSON.stringify({ Statement: { Effect: "Allow", Action: "s3:GetObject", Resource: `${ref("aws_s3_bucket.b.arn")}/*` } }),
    );
    expect(parsed).toMatchObject({
      ok: true,
      statements: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${ref("aws_s3_bucket.b.arn")}/*`] }],
    });
  });
});
