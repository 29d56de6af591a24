import { Construct } from "constructs";
import { EncryptedLogGroup, logGroupWithKey } from "../../../constructs/kit/encrypted-log-group";
import { all, only, synthConstruct, type TfJson } from "./harness";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/shared";
const keyPolicy = (json: TfJson) =>
  JSON.parse(String(only(json, "aws_kms_key").policy)) as { Statement: { Sid: string; Condition?: unknown }[] };

describe("EncryptedLogGroup", () => {
  const build = (retentionDays = 30) =>
    synthConstruct(
      (stack) =>
        new EncryptedLogGroup(stack, "Logs", {
          logGroupName: "/aws/eks/us/cluster",
          retentionDays,
          accountId: "123456789012",
          region: "us-east-1",
          purpose: "EKS control plane",
        }),
    );

  test("the group is encrypted with its own protected key, usable by CloudWatch Logs for this group only", () => {
    const json = build();
    expect(only(json, "aws_cloudwatch_log_group")).toMatchObject({
      name: "/aws/eks/us/cluster",
      retention_in_days: 30,
      kms_key_id: expect.stringContaining("aws_kms_key.Logs_Key"),
    });
    expect(only(json, "aws_kms_key")).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    expect(keyPolicy(json).Statement.find((s) => s.Sid === "CloudWatchLogsUsesTheKeyForThisGroupOnly")?.Condition).toEqual({
      ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/eks/us/cluster" },
    });
    expect(only(json, "aws_kms_alias").name).toBe("alias/logs/aws/eks/us/cluster");
  });

  test("construct ids are state addresses: Key, Alias, Resource, in this order", () => {
    let logs: EncryptedLogGroup | undefined;
    synthConstruct((stack) => {
      logs = new EncryptedLogGroup(stack, "Logs", {
        logGroupName: "/x",
        retentionDays: 30,
        accountId: "123456789012",
        region: "us-east-1",
        purpose: "x",
      });
    });
    expect(logs!.node.children.map((c) => c.node.id)).toEqual(["Key", "Alias", "Resource"]);
  });

  test("refuses a retention CloudWatch Logs does not accept, naming the construct path", () => {
    expect(() => build(2)).toThrow(/^test\/Logs: retentionDays: a CloudWatch Logs retention value \(1, 3, 5, 7, .*\) \(got 2\)$/);
  });
});

describe("logGroupWithKey", () => {
  let database: Construct | undefined;
  const build = (retentionDays: number) =>
    synthConstruct((stack) => {
      database = new Construct(stack, "Database");
      logGroupWithKey(database, "Logs-postgresql", { logGroupName: "/aws/rds/instance/db/postgresql", retentionDays, kmsKeyArn: KEY });
    });

  test("a group at the caller's own id, encrypted with the caller's key, and no key of its own", () => {
    const json = build(30);
    const group = only(json, "aws_cloudwatch_log_group");
    expect(group).toMatchObject({ name: "/aws/rds/instance/db/postgresql", retention_in_days: 30, kms_key_id: KEY });
    expect(database!.node.children.map((c) => c.node.id)).toEqual(["Logs-postgresql"]);
    expect(all(json, "aws_kms_key")).toEqual([]);
  });

  test("refuses a retention CloudWatch Logs does not accept, against the caller, naming the group's id", () => {
    expect(() => build(0)).toThrow(/^test\/Database: Logs-postgresql\.retentionDays: a CloudWatch Logs retention value .* \(got 0\)$/);
  });
});
