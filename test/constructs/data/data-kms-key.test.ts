import { DataKmsKey, type DataKmsKeyProps } from "../../../constructs/data/data-kms-key";
import { NET, only, synthConstruct } from "./harness";

const base: DataKmsKeyProps = {
  aliasName: "test-data",
  description: "test",
  accountId: NET.accountId,
  region: "us-east-1",
  production: false,
};
const synth = (props: Partial<DataKmsKeyProps> = {}) => synthConstruct((stack) => new DataKmsKey(stack, "Key", { ...base, ...props }));

describe("DataKmsKey", () => {
  const json = synth();
  const key = only(json, "aws_kms_key");
  const statements = JSON.parse(key.policy as string).Statement as Record<string, unknown>[];

  test("defaults are secure: rotation on, an alias, and a policy with no public principal", () => {
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 7 });
    expect(only(json, "aws_kms_alias").name).toBe("alias/test-data");
    for (const s of statements) {
      expect(s.Principal).not.toBe("*");
      expect(s.Principal).not.toEqual({ AWS: "*" });
    }
    expect(statements[0]).toMatchObject({ Principal: { AWS: "arn:aws:iam::200000000001:root" } });
  });

  test("CloudWatch Logs may use the key only for this account's log groups in its region", () => {
    expect(statements).toContainEqual(
      expect.objectContaining({
        Principal: { Service: "logs.us-east-1.amazonaws.com" },
        Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:200000000001:*" } },
      }),
    );
  });

  test("production: prevent_destroy and the longest deletion window", () => {
    expect(only(synth({ production: true }), "aws_kms_key")).toMatchObject({
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    expect(key).not.toHaveProperty("lifecycle");
  });

  test.each<[string, Partial<DataKmsKeyProps>, RegExp]>([
    ["aliasName uses the reserved aws/ prefix", { aliasName: "aws/rds" }, /aliasName: letters, digits/],
    ["aliasName has spaces", { aliasName: "my key" }, /aliasName: letters, digits/],
    ["accountId is not 12 digits", { accountId: "123" }, /accountId: a 12-digit AWS account id/],
  ])("throws when %s", (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});
