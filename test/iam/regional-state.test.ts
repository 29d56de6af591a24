/**
 * The state buckets of an account's other regions (AccountConfig.stateLocations), evaluated as AWS
 * would: the deploy role's applies (through the state role), plans and remote-state reads (through
 * the state-read role) get the same access there as on the home bucket, and plans still write
 * nothing. The first shipped production environment with a backup region, its recovery target on.
 */
import * as path from "node:path";
import { loadPlatformConfig } from "../../lib/config/load";
import type { AccountConfig, StateLocation } from "../../lib/config/model";
import { environmentsFixture, freeVpcCidr, shippedFile } from "../helpers/fixtures";
import { buildIamModel, decisionChecker, roleNamed, type IamModel, type ModelKey } from "../helpers/iam-model";
import { buildStacks, synthJson } from "../helpers/synth";

const shipped = loadPlatformConfig();
const target = shipped.environments.find((e) => e.tier === "production" && e.postgres.backupReplicationRegion !== null)!;
const targetFile = path.basename(target.file);
const config = loadPlatformConfig(
  environmentsFixture({ [targetFile]: `${shippedFile(targetFile)}\ndisasterRecovery:\n  enabled: true\n  vpcCidr: ${freeVpcCidr()}\n` }),
);
const account = config.accounts.find((a) => a.name === target.account.name)!;
const backupRegion = target.postgres.backupReplicationRegion!;

/** The KMS key that encrypts a state bucket, found from the bucket's encryption settings. */
function keyOf(model: IamModel, a: AccountConfig, location: StateLocation): ModelKey {
  const key = model.keys.find(
    (k) =>
      k.accountId === a.id &&
      k.uses.some((u) => u.type === "aws_s3_bucket_server_side_encryption_configuration" && u.body["bucket"] === location.bucket),
  );
  if (!key) throw new Error(`no KMS key encrypts ${location.bucket}`);
  return key;
}

/** What applies, plans and remote-state reads do with one region's state, and what plans must not. */
async function stateVerdicts(model: IamModel, a: AccountConfig, location: StateLocation): Promise<string[]> {
  const names = model.config.organization.roleNames;
  const role = (name: string) => roleNamed(model, a.id, name);
  const [deploy, plan, state, stateRead] = [role(names.deploy), role(names.plan), role(names.state), role(names.stateRead)];
  const key = keyOf(model, a, location);
  const object = `arn:aws:s3:::${location.bucket}/any-stack/terraform.tfstate`;
  const lock = `${object}.tflock`;
  const viaS3 = { "kms:ViaService": `s3.${location.region}.amazonaws.com` };
  const { expect, wrong } = decisionChecker(model, location.region, location.region);
  if (key.region !== location.region) wrong.push(`${location.bucket} is encrypted with a key in ${key.region}`);
  await expect(deploy, "sts:AssumeRole", state.arn, true);
  await expect(plan, "sts:AssumeRole", stateRead.arn, true);
  await expect(deploy, "sts:AssumeRole", stateRead.arn, true);
  for (const action of ["s3:GetObject", "s3:PutObject"]) await expect(state, action, object, true);
  await expect(state, "s3:DeleteObject", lock, true);
  await expect(state, "s3:ListBucket", `arn:aws:s3:::${location.bucket}`, true);
  for (const action of ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]) await expect(state, action, key.arn, true, viaS3);
  await expect(stateRead, "s3:GetObject", object, true);
  await expect(stateRead, "s3:ListBucket", `arn:aws:s3:::${location.bucket}`, true);
  await expect(stateRead, "kms:Decrypt", key.arn, true, viaS3);
  for (const who of [plan, stateRead]) {
    await expect(who, "s3:PutObject", object, false);
    await expect(who, "s3:DeleteObject", object, false);
  }
  await expect(plan, "kms:Decrypt", key.arn, false, viaS3);
  return wrong;
}

describe("regional state buckets, simulated", () => {
  let model: IamModel;
  beforeAll(() => {
    // The organization stack (SCPs) and the bootstrap stacks (roles, buckets, keys) are all it needs.
    const stacks = buildStacks(config, { environments: [], accountStacks: "all" });
    model = buildIamModel(new Map([...stacks].map(([name, stack]) => [name, synthJson(stack)])), config);
  }, 120_000);

  test("the recovery target's account has a state bucket in its backup region", () => {
    expect(Object.keys(account.stateLocations)).toEqual(expect.arrayContaining([account.homeRegion, backupRegion]));
  });

  test("applies, plans and remote-state reads get the same access to every region's state, and plans write none", async () => {
    const wrong = (await Promise.all(Object.values(account.stateLocations).map((l) => stateVerdicts(model, account, l)))).flat();
    expect(wrong).toEqual([]);
  }, 60_000);

  test("state roles granted the home bucket and key only (as before regional buckets) are caught in the backup region", async () => {
    const regional = account.stateLocations[backupRegion]!;
    const regionalKey = keyOf(model, account, regional).arn;
    const names = [config.organization.roleNames.state, config.organization.roleNames.stateRead];
    const homeOnly = (resource: unknown): unknown =>
      Array.isArray(resource) ? resource.filter((r) => !String(r).includes(regional.bucket) && r !== regionalKey) : resource;
    const broken: IamModel = {
      ...model,
      roles: model.roles.map((r) =>
        r.accountId !== account.id || !names.includes(r.name)
          ? r
          : {
              ...r,
              policies: r.policies.map((p) => ({
                ...p,
                policy: {
                  ...p.policy,
                  Statement: [p.policy.Statement].flat().map((st) => ({ ...st, Resource: homeOnly(st["Resource"]) })),
                },
              })),
            },
      ),
    };
    expect(await stateVerdicts(broken, account, account.stateLocations[account.homeRegion]!)).toEqual([]);
    const wrong = await stateVerdicts(broken, account, regional);
    expect(wrong).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`terraform-state s3:PutObject arn:aws:s3:::${regional.bucket}/.*: ImplicitlyDenied`)),
        expect.stringMatching(/terraform-state-read kms:Decrypt .*: ImplicitlyDenied/),
      ]),
    );
  }, 60_000);
});
