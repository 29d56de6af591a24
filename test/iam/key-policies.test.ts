/**
 * Every KMS key lets each AWS service that must use it do so, and nobody else: which key each
 * resource uses comes from the synthesized references (a log group's kms_key_id, a launch
 * template's volumes, a cluster's encryption_config...), and each kind of use has its request as
 * the service makes it:
 * - CloudWatch Logs: the regional service principal, with the log group's ARN as encryption
 *   context (CloudWatch Logs user guide, "Encrypt log data in CloudWatch Logs using AWS KMS");
 * - SNS topics: each service the topic's policy lets publish (cloudwatch.amazonaws.com for alarm
 *   topics, events.amazonaws.com for the security-alerts topic), from the account (SNS developer
 *   guide, "Configuring AWS KMS permissions for AWS services");
 * - EBS volumes of node groups: the Auto Scaling service-linked role, including kms:CreateGrant
 *   for AWS resources (EC2 Auto Scaling user guide, "Required AWS KMS key policy for use with
 *   encrypted volumes");
 * - EKS secrets: the cluster role; RDS, MSK, S3, Secrets Manager, EC2: grants and data keys asked
 *   through the service (kms:ViaService) with the permissions of the deploy role that creates them;
 * - CloudTrail: cloudtrail.amazonaws.com for the trail, with its ARN as source and context;
 * - AWS Config: config.amazonaws.com from each delivering account.
 * All read 2026-12-07. Unrelated callers (another account's administrator, an unrelated service,
 * CloudWatch Logs for another account's group) must be denied.
 */
import { roleNamed, shippedIamModel, simulate, type IamModel, type IamRequest, type KeyUse, type ModelKey } from "../helpers/iam-model";

interface Need {
  readonly why: string;
  readonly request: Omit<IamRequest, "resource">;
}

const ADMIN = [
  { name: "AdministratorAccess", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } },
];

/** The deploy role of the key's account asking through a service, as RDS, MSK, S3... do on its behalf. */
function viaService(model: IamModel, key: ModelKey, use: KeyUse, service: string, actions: readonly string[]): Need[] {
  const deploy = roleNamed(model, use.accountId, model.config.organization.roleNames.deploy);
  return actions.map((action) => ({
    why: `${use.address} (${service} for ${deploy.name})`,
    request: {
      principal: deploy,
      action,
      context: { "kms:ViaService": `${service}.${key.region}.amazonaws.com`, "kms:CallerAccount": use.accountId },
    },
  }));
}

/** What each kind of resource needs from the key it names. A new kind of use fails the test until it has a row. */
const NEEDS: Readonly<Record<string, (model: IamModel, key: ModelKey, use: KeyUse) => Need[]>> = {
  aws_cloudwatch_log_group: (_m, _key, use) => {
    const group = `arn:aws:logs:${use.region}:${use.accountId}:log-group:${String(use.body["name"])}`;
    // Every call CloudWatch Logs makes for a group carries the group's ARN as encryption context;
    // the documented key policy conditions all of them on it.
    return ["kms:GenerateDataKey", "kms:Decrypt", "kms:Encrypt"].map((action) => ({
      why: `${use.address} (CloudWatch Logs)`,
      request: { principal: `logs.${use.region}.amazonaws.com`, action, context: { "kms:EncryptionContext:aws:logs:arn": group } },
    }));
  },
  // The services the topic's own policy lets publish: CloudWatch alarms for the alarm topics,
  // EventBridge rules for the organization's security alerts.
  aws_sns_topic: (model, _key, use) => {
    const publishers = model.topicPublishers.get(`${use.accountId}:${String(use.body["name"])}`) ?? [];
    if (publishers.length === 0)
      return [
        {
          why: `${use.address} (a topic no service may publish to: add its topic policy)`,
          request: { principal: "sns.amazonaws.com", action: "kms:NoSuchAction" },
        },
      ];
    const sourceArn: Record<string, string> = {
      "cloudwatch.amazonaws.com": `arn:aws:cloudwatch:${use.region}:${use.accountId}:alarm:sample`,
      "events.amazonaws.com": `arn:aws:events:${use.region}:${use.accountId}:rule/sample`,
    };
    return publishers.flatMap((service) =>
      ["kms:GenerateDataKey", "kms:Decrypt"].map((action) => ({
        why: `${use.address} (${service} publishing)`,
        request: {
          principal: service,
          action,
          context: { "aws:SourceAccount": use.accountId, ...(sourceArn[service] ? { "aws:SourceArn": sourceArn[service] } : {}) },
        },
      })),
    );
  },
  aws_launch_template: (_m, _key, use) => {
    const autoScaling = `arn:aws:iam::${use.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
    return [
      ...[
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncryptFrom",
        "kms:ReEncryptTo",
        "kms:GenerateDataKeyWithoutPlaintext",
        "kms:DescribeKey",
      ].map((action) => ({ why: `${use.address} (EBS via Auto Scaling)`, request: { principal: autoScaling, action } })),
      {
        why: `${use.address} (EBS via Auto Scaling)`,
        request: { principal: autoScaling, action: "kms:CreateGrant", context: { "kms:GrantIsForAWSResource": "true" } },
      },
    ];
  },
  aws_eks_cluster: (model, _key, use) => {
    const role = model.roles.find((r) => r.arn === use.body["role_arn"]);
    if (!role) throw new Error(`${use.address}: role_arn ${String(use.body["role_arn"])} is no role of the model`);
    return ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"].map((action) => ({
      why: `${use.address} (EKS secrets, cluster role)`,
      request: { principal: role, action },
    }));
  },
  aws_db_instance: (m, k, u) => viaService(m, k, u, "rds", ["kms:CreateGrant", "kms:DescribeKey"]),
  aws_db_instance_automated_backups_replication: (m, k, u) => viaService(m, k, u, "rds", ["kms:CreateGrant", "kms:DescribeKey"]),
  aws_msk_cluster: (m, k, u) => viaService(m, k, u, "kafka", ["kms:CreateGrant", "kms:DescribeKey"]),
  aws_instance: (m, k, u) => viaService(m, k, u, "ec2", ["kms:CreateGrant", "kms:GenerateDataKeyWithoutPlaintext"]),
  aws_secretsmanager_secret: (m, k, u) => viaService(m, k, u, "secretsmanager", ["kms:GenerateDataKey", "kms:Decrypt"]),
  aws_s3_bucket_server_side_encryption_configuration: (m, k, u) => viaService(m, k, u, "s3", ["kms:GenerateDataKey", "kms:Decrypt"]),
  aws_s3_bucket_replication_configuration: (model, key, use) => {
    const role = model.roles.find((r) => r.arn === use.body["role"]);
    if (!role) throw new Error(`${use.address}: role ${String(use.body["role"])} is no role of the model`);
    return ["kms:Encrypt", "kms:GenerateDataKey"].map((action) => ({
      why: `${use.address} (S3 replication role)`,
      request: { principal: role, action, context: { "kms:ViaService": `s3.${key.region}.amazonaws.com` } },
    }));
  },
  aws_cloudtrail: (_m, _key, use): Need[] => {
    const trail = `arn:aws:cloudtrail:${use.region}:${use.accountId}:trail/${String(use.body["name"])}`;
    return [
      {
        why: `${use.address} (CloudTrail)`,
        request: {
          principal: "cloudtrail.amazonaws.com",
          action: "kms:GenerateDataKey",
          context: { "aws:SourceArn": trail, "kms:EncryptionContext:aws:cloudtrail:arn": trail },
        },
      },
      {
        why: `${use.address} (CloudTrail)`,
        request: { principal: "cloudtrail.amazonaws.com", action: "kms:DescribeKey", context: { "aws:SourceArn": trail } },
      },
    ];
  },
  aws_config_delivery_channel: (_m, _key, use) =>
    ["kms:GenerateDataKey", "kms:Decrypt"].map((action) => ({
      why: `${use.address} (AWS Config)`,
      request: { principal: "config.amazonaws.com", action, context: { "aws:SourceAccount": use.accountId } },
    })),
};

/** Requests no key may allow. */
function unrelated(key: ModelKey): Need[] {
  const stranger = "999999999999";
  return [
    {
      why: "another account's administrator",
      request: { principal: `arn:aws:iam::${stranger}:role/admin`, action: "kms:Decrypt", identityPolicies: ADMIN },
    },
    { why: "an unrelated service", request: { principal: "events.amazonaws.com", action: "kms:Decrypt" } },
    {
      why: "CloudWatch Logs for another account's log group",
      request: {
        principal: `logs.${key.region}.amazonaws.com`,
        action: "kms:Decrypt",
        context: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${key.region}:${stranger}:log-group:sample` },
      },
    },
  ];
}

async function keyProblems(model: IamModel): Promise<string[]> {
  const problems: string[] = [];
  for (const key of model.keys) {
    for (const use of key.uses) {
      const needs = NEEDS[use.type];
      if (!needs) {
        problems.push(`${key.stack} ${key.address}: used by ${use.address}.${use.attribute}, a kind of use this test has no request for`);
        continue;
      }
      for (const need of needs(model, key, use)) {
        const decision = await simulate(model, { ...need.request, resource: key.arn, region: key.region, resourceAccount: key.accountId });
        if (decision !== "Allowed") problems.push(`${key.stack} ${key.address}: ${need.why} ${need.request.action}: ${decision}`);
      }
    }
    for (const need of unrelated(key)) {
      const decision = await simulate(model, { ...need.request, resource: key.arn, region: key.region, resourceAccount: key.accountId });
      if (decision === "Allowed") problems.push(`${key.stack} ${key.address}: ${need.why} ${need.request.action}: Allowed`);
    }
  }
  return problems;
}

describe("KMS key policies, simulated", () => {
  let model: IamModel;
  beforeAll(() => {
    model = shippedIamModel();
  }, 120_000);

  test("the model finds what uses each key", () => {
    const kinds = new Set(model.keys.flatMap((k) => k.uses.map((u) => u.type)));
    for (const kind of [
      "aws_cloudwatch_log_group",
      "aws_sns_topic",
      "aws_launch_template",
      "aws_eks_cluster",
      "aws_db_instance",
      "aws_msk_cluster",
      "aws_cloudtrail",
      "aws_config_delivery_channel",
    ])
      expect(kinds).toContain(kind);
  });

  test("every key allows each service that must use it and denies unrelated callers", async () => {
    expect(await keyProblems(model)).toEqual([]);
  }, 60_000);

  test("a key policy without CloudWatch Logs, or open to everyone, is caught", async () => {
    const logsKey = model.keys.find((k) => k.uses.some((u) => u.type === "aws_cloudwatch_log_group"))!;
    const withoutLogs = {
      ...logsKey,
      policy: {
        ...logsKey.policy,
        Statement: (logsKey.policy.Statement as Record<string, unknown>[]).filter((s) => !JSON.stringify(s["Principal"]).includes("logs.")),
      },
    };
    const open = {
      ...logsKey,
      policy: {
        ...logsKey.policy,
        Statement: [
          ...(logsKey.policy.Statement as Record<string, unknown>[]),
          { Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" },
        ],
      },
    };
    const only = (key: ModelKey): IamModel => ({ ...model, keys: [key] });
    expect(await keyProblems(only(withoutLogs))).toEqual(
      expect.arrayContaining([expect.stringMatching(/\(CloudWatch Logs\) kms:GenerateDataKey: ImplicitlyDenied$/)]),
    );
    expect(await keyProblems(only(open))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/another account's administrator kms:Decrypt: Allowed$/),
        expect.stringMatching(/an unrelated service kms:Decrypt: Allowed$/),
      ]),
    );
  }, 60_000);
});
