import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SESSION_PREFERENCES_DOCUMENT, SessionLogging, type SessionLoggingProps } from "../../../constructs/observability/session-logging";
import { resourcesOf, type TfJson } from "../../helpers/synth";

const base: SessionLoggingProps = { namePrefix: "us", accountId: "111111111111", region: "us-east-1", retentionDays: 365 };

function synth(props: Partial<SessionLoggingProps> = {}): TfJson {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new SessionLogging(stack, "SessionLogging", { ...base, ...props });
  return JSON.parse(Testing.synth(stack)) as TfJson;
}

type Doc = { name: string; document_type: string; document_format: string; content: string };
type Inputs = Record<string, unknown>;
const documentOf = (json: TfJson) => Object.values(resourcesOf(json, "aws_ssm_document"))[0] as Doc;
const inputsOf = (json: TfJson) => (JSON.parse(documentOf(json).content) as { inputs: Inputs }).inputs;

/**
 * The Session document schema's rules for Standard_Stream preferences
 * (https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-schema.html, read
 * 2026-12-07): schemaVersion 1.0, the three encryption/streaming booleans required, timeouts as strings.
 */
function schemaProblems(content: string): string[] {
  const doc = JSON.parse(content) as { schemaVersion?: unknown; sessionType?: unknown; inputs?: Inputs };
  const problems: string[] = [];
  if (doc.schemaVersion !== "1.0") problems.push(`schemaVersion ${JSON.stringify(doc.schemaVersion)}`);
  if (doc.sessionType !== "Standard_Stream") problems.push(`sessionType ${JSON.stringify(doc.sessionType)}`);
  for (const key of ["s3EncryptionEnabled", "cloudWatchEncryptionEnabled", "cloudWatchStreamingEnabled"])
    if (typeof doc.inputs?.[key] !== "boolean") problems.push(`inputs.${key} must be a boolean`);
  for (const key of ["idleSessionTimeout", "maxSessionDuration"])
    if (!/^\d+$/.test(String(doc.inputs?.[key]))) problems.push(`inputs.${key}`);
  return problems;
}

describe("SessionLogging", () => {
  test("the account's session preferences document streams every session to an encrypted log group", () => {
    const json = synth();
    const doc = documentOf(json);
    expect(doc).toMatchObject({ name: SESSION_PREFERENCES_DOCUMENT, document_type: "Session", document_format: "JSON" });
    expect(schemaProblems(doc.content)).toEqual([]);
    const [group] = Object.values(resourcesOf(json, "aws_cloudwatch_log_group")) as {
      name: string;
      kms_key_id: string;
      retention_in_days: number;
    }[];
    expect(inputsOf(json)).toMatchObject({
      cloudWatchLogGroupName: group!.name,
      cloudWatchEncryptionEnabled: true,
      cloudWatchStreamingEnabled: true,
      runAsEnabled: false,
    });
    expect(group).toMatchObject({ name: "/aws/ssm/session-manager/us", retention_in_days: 365 });
    expect(group!.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
  });

  test("the schema check catches a string where a boolean belongs and a wrong session type", () => {
    const broken = JSON.stringify({ schemaVersion: "1.0", sessionType: "Port", inputs: { cloudWatchEncryptionEnabled: "true" } });
    expect(schemaProblems(broken)).toEqual(
      expect.arrayContaining([
        'sessionType "Port"',
        "inputs.cloudWatchEncryptionEnabled must be a boolean",
        "inputs.s3EncryptionEnabled must be a boolean",
      ]),
    );
  });

  test("the writer policy writes to that one group only, and its ARN is the one other layers compute", () => {
    const json = synth();
    const [policy] = Object.values(resourcesOf(json, "aws_iam_policy")) as { name: string; policy: string }[];
    expect(SessionLogging.writerPolicyArn(new TerraformStack(Testing.app(), "arn"), "111111111111", "us")).toBe(
      `arn:aws:iam::111111111111:policy/${policy!.name}`,
    );
    const statements = (JSON.parse(policy!.policy) as { Statement: { Action: string[]; Resource: string | string[] }[] }).Statement;
    expect(statements.flatMap((s) => s.Action).every((a) => a.startsWith("logs:"))).toBe(true);
    const write = statements.find((s) => s.Action.includes("logs:PutLogEvents"))!;
    expect(write.Resource).toEqual([
      "arn:aws:logs:us-east-1:111111111111:log-group:/aws/ssm/session-manager/us",
      "arn:aws:logs:us-east-1:111111111111:log-group:/aws/ssm/session-manager/us:*",
    ]);
  });

  test("defaults: 20 idle minutes, 60-minute sessions", () => {
    expect(inputsOf(synth())).toMatchObject({ idleSessionTimeout: "20", maxSessionDuration: "60" });
  });

  test("throws naming every out-of-range timeout", () => {
    expect(() => synth({ idleSessionTimeoutMinutes: 0, maxSessionDurationMinutes: 2000 })).toThrow(
      /idleSessionTimeoutMinutes: a whole number from 1 to 60 \(got 0\)\n.*maxSessionDurationMinutes: a whole number from 1 to 1440 \(got 2000\)$/,
    );
  });
});
