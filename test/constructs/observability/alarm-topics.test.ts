import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AlarmTopics, type AlarmTopicsProps } from "../../../constructs/observability/alarm-topics";
import { resourcesOf, type TfJson } from "../../helpers/synth";

const props: AlarmTopicsProps = {
  namePrefix: "us",
  accountId: "111111111111",
  region: "us-east-1",
  subscriptions: {
    critical: [{ protocol: "https", endpoint: "https://events.pagerduty.com/x" }],
    warning: [{ protocol: "email", endpoint: "oncall@example.com" }],
  },
};

function synth(extra: Partial<AlarmTopicsProps> = {}): TfJson {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new AlarmTopics(stack, "Topics", { ...props, ...extra });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

describe("AlarmTopics", () => {
  const json = synth();

  test("defaults are secure: one topic per severity, encrypted with a rotating CMK", () => {
    const topics = Object.values(resourcesOf(json, "aws_sns_topic"));
    expect(topics.map((t) => t["name"]).sort()).toEqual(["us-alerts-critical", "us-alerts-warning"]);
    for (const t of topics) expect(t["kms_master_key_id"]).toMatch(/^\$\{aws_kms_key\..*\.arn\}$/);
    const [key] = Object.values(resourcesOf(json, "aws_kms_key"));
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 7 });
  });

  test("only this account's CloudWatch alarms may publish and use the key", () => {
    for (const p of Object.values(resourcesOf(json, "aws_sns_topic_policy"))) {
      const [statement] = JSON.parse(String(p["policy"])).Statement;
      expect(statement).toMatchObject({
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
      });
    }
    const keyPolicy = JSON.parse(String(Object.values(resourcesOf(json, "aws_kms_key"))[0]!["policy"]));
    expect(keyPolicy.Statement[1]).toMatchObject({
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
    });
  });

  test("subscribes each severity's endpoints from the environment", () => {
    const subs = Object.values(resourcesOf(json, "aws_sns_topic_subscription"));
    expect(subs.map((s) => [s["protocol"], s["endpoint"]]).sort()).toEqual([
      ["email", "oncall@example.com"],
      ["https", "https://events.pagerduty.com/x"],
    ]);
  });

  test("production keeps the key from destroy and waits 30 days before deleting it", () => {
    const [key] = Object.values(resourcesOf(synth({ production: true }), "aws_kms_key"));
    expect(key).toMatchObject({ deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
  });

  test("throws when an e-mail subscription has no address", () => {
    expect(() => synth({ subscriptions: { critical: [{ protocol: "email", endpoint: "pagerduty" }], warning: [] } })).toThrow(
      'test/Topics: subscriptions.critical[0].endpoint: an e-mail address for protocol email (got "pagerduty")',
    );
  });

  test("throws when an https subscription is not https", () => {
    expect(() => synth({ subscriptions: { critical: [], warning: [{ protocol: "https", endpoint: "http://hook" }] } })).toThrow(
      'test/Topics: subscriptions.warning[0].endpoint: an https:// URL for protocol https (got "http://hook")',
    );
  });

  test("throws on a bad name prefix or account id, listing both", () => {
    expect(() => synth({ namePrefix: "US", accountId: "12" })).toThrow(
      'test/Topics: namePrefix: 1-41 lowercase letters, digits or \'-\' (got "US")\ntest/Topics: accountId: a 12-digit account id (got "12")',
    );
  });
});
