import * as fs from "node:fs";
import * as path from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AlarmTopics } from "../../../constructs/observability/alarm-topics";
import { repoRoot } from "../../../lib/paths";
import type { TfJson } from "../../helpers/synth";

/** A bare stack with a provider and alarm topics, for observability construct tests. */
export function observabilityStack(): { stack: TerraformStack; topics: AlarmTopics } {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  const topics = new AlarmTopics(stack, "Topics", {
    namePrefix: "test",
    accountId: "111111111111",
    region: "us-east-1",
    subscriptions: { critical: [], warning: [] },
  });
  return { stack, topics };
}

export const alarms = (json: TfJson): Record<string, unknown>[] => Object.values(json.resource?.["aws_cloudwatch_metric_alarm"] ?? {});
export const alarmNamed = (json: TfJson, name: string): Record<string, unknown> | undefined =>
  alarms(json).find((a) => a["alarm_name"] === name);

/**
 * Alarms of a synthesized stack whose description names a runbook file that does not exist, as
 * `<alarm name>: <runbook path>` (RunbookAlarm writes "Runbook: runbooks/<name>.md"). An alarm naming
 * no runbook is reported too.
 */
export function missingRunbooks(json: TfJson, root: string = repoRoot()): string[] {
  return alarms(json).flatMap((a) => {
    const file = /Runbook: (runbooks\/[a-z0-9-]+\.md)$/.exec(String(a["alarm_description"]))?.[1];
    return file && fs.existsSync(path.join(root, file)) ? [] : [`${String(a["alarm_name"])}: ${file ?? "no runbook named"}`];
  });
}
