/**
 * The plan role, evaluated as AWS would: it reads state through the state-read role (S3 object,
 * KMS decrypt through S3) and can neither write state nor create or change any resource. Accounts,
 * roles, buckets and keys come from environments/accounts.yaml and the synthesized stacks.
 */
import type { AccountConfig } from "../../lib/config/model";
import { decisionChecker, roleNamed, shippedIamModel, stateKeyOf, type IamModel } from "../helpers/iam-model";

/** Write requests across the services the stacks use: none may succeed for the plan role. */
function writeRequests(account: AccountConfig, region: string, stateKey: string): { action: string; resource: string }[] {
  const a = account.id;
  return [
    { action: "s3:PutObject", resource: `arn:aws:s3:::${account.stateBucket}/any/terraform.tfstate` },
    { action: "s3:DeleteObject", resource: `arn:aws:s3:::${account.stateBucket}/any/terraform.tfstate` },
    { action: "s3:PutBucketPolicy", resource: `arn:aws:s3:::${account.stateBucket}` },
    { action: "kms:ScheduleKeyDeletion", resource: stateKey },
    { action: "kms:PutKeyPolicy", resource: stateKey },
    { action: "ec2:CreateVpc", resource: `arn:aws:ec2:${region}:${a}:vpc/*` },
    { action: "ec2:AuthorizeSecurityGroupIngress", resource: `arn:aws:ec2:${region}:${a}:security-group/sg-0123456789abcdef0` },
    { action: "iam:CreateRole", resource: `arn:aws:iam::${a}:role/anything` },
    { action: "iam:PutRolePolicy", resource: `arn:aws:iam::${a}:role/anything` },
    { action: "eks:CreateCluster", resource: "*" },
    { action: "rds:CreateDBInstance", resource: `arn:aws:rds:${region}:${a}:db:anything` },
    { action: "rds:DeleteDBInstance", resource: `arn:aws:rds:${region}:${a}:db:anything` },
    { action: "kafka:CreateClusterV2", resource: "*" },
    { action: "secretsmanager:GetSecretValue", resource: `arn:aws:secretsmanager:${region}:${a}:secret:anything-AbCdEf` },
    { action: "sns:Publish", resource: `arn:aws:sns:${region}:${a}:anything` },
  ];
}

/** What a plan does with state, and what it must not: each as [request, expected decision]. */
async function planVerdicts(model: IamModel, account: AccountConfig): Promise<string[]> {
  const names = model.config.organization.roleNames;
  const plan = roleNamed(model, account.id, names.plan);
  const stateRead = roleNamed(model, account.id, names.stateRead);
  const key = stateKeyOf(model, account);
  const object = `arn:aws:s3:::${account.stateBucket}/${account.name}-network/terraform.tfstate`;
  const viaS3 = { "kms:ViaService": `s3.${key.region}.amazonaws.com`, "aws:SecureTransport": "true" };
  const { expect, wrong } = decisionChecker(model, key.region, account.name);
  await expect(plan, "sts:AssumeRole", stateRead.arn, true);
  await expect(stateRead, "s3:GetObject", object, true);
  await expect(stateRead, "s3:ListBucket", `arn:aws:s3:::${account.stateBucket}`, true);
  await expect(stateRead, "kms:Decrypt", key.arn, true, viaS3);
  for (const who of [plan, stateRead])
    for (const w of writeRequests(account, key.region, key.arn)) await expect(who, w.action, w.resource, false);
  // The plan role itself never decrypts: state is decrypted by the state-read role.
  await expect(plan, "kms:Decrypt", key.arn, false, viaS3);
  return wrong;
}

describe("plan role, simulated", () => {
  let model: IamModel;
  beforeAll(() => {
    model = shippedIamModel();
  }, 120_000);

  test("in every account it reads state through the state-read role and writes nothing", async () => {
    const accounts = model.config.accounts;
    expect(accounts.length).toBeGreaterThan(1);
    const wrong = (await Promise.all(accounts.map((a) => planVerdicts(model, a)))).flat();
    expect(wrong).toEqual([]);
  }, 60_000);

  test("a plan role given s3:PutObject on state, or allowed to decrypt, is caught", async () => {
    const account = model.config.accounts.find((a) => a.id !== model.config.organization.managementAccount.id)!;
    const plan = roleNamed(model, account.id, model.config.organization.roleNames.plan);
    const broken: IamModel = {
      ...model,
      roles: model.roles.map((r) =>
        r !== plan
          ? r
          : {
              ...r,
              policies: [
                ...r.policies.filter((p) => p.name !== "no-state-writes-no-secrets"),
                {
                  name: "writes",
                  policy: {
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: ["s3:PutObject", "ec2:CreateVpc"], Resource: "*" }],
                  },
                },
              ],
            },
      ),
    };
    const wrong = await planVerdicts(broken, account);
    expect(wrong).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/terraform-plan s3:PutObject .*: Allowed, expected denied/),
        expect.stringMatching(/terraform-plan ec2:CreateVpc .*: Allowed, expected denied/),
      ]),
    );
  }, 60_000);
});
