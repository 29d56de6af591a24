/**
 * The ClickHouse restore drill's role, decided as AWS would (issue 17 part 6, least privilege): where
 * `disasterRecovery.restoreDrill` is on, the drill's IRSA role can list the backups bucket, read its
 * objects and decrypt them with the data key through S3, and can write, delete or re-encrypt
 * nothing; where it is off there is no such role. Environments, roles, buckets and keys come from
 * the shipped configuration and stacks. The same check run on the backup sidecars' role (which
 * writes and deletes backups) must fail: that is what it is for.
 */
import { clusterNameFor } from "../../constructs/eks/names";
import { SERVICE_ACCOUNTS, serviceAccountSubject } from "../../constructs/eks/service-accounts";
import type { EnvironmentConfig } from "../../lib/config/model";
import { roleNamed, shippedIamModel, simulate, type IamModel, type ModelRole } from "../helpers/iam-model";
import { buildStacks, resourcesOf, synthJson } from "../helpers/synth";

const model: IamModel = shippedIamModel();
const withDrill = model.config.environments.filter((e) => e.disasterRecovery.restoreDrill);
const withoutDrill = model.config.environments.filter((e) => !e.disasterRecovery.restoreDrill);
const roleName = (env: EnvironmentConfig, sa: keyof typeof SERVICE_ACCOUNTS) => `${clusterNameFor(env.name)}-${SERVICE_ACCOUNTS[sa].name}`;

/** The environment's backups bucket: in its account, named by its data stack with "clickhouse-backups" (not the recovery replica). */
const backupsBucketOf = (env: EnvironmentConfig) =>
  [...model.bucketOwners].find(
    ([name, owner]) => owner === env.account.id && name.startsWith(`${env.name}-clickhouse-backups-`) && !name.includes("replica"),
  )?.[0];

/** Requests a read-only drill role must be allowed (true) or refused (false). Each wrong decision is one line. */
async function readOnlyProblems(env: EnvironmentConfig, role: ModelRole): Promise<string[]> {
  const bucket = backupsBucketOf(env);
  if (!bucket) return [`no backups bucket for ${env.name}`];
  const key = model.keys.find((k) => k.stack === `${env.name}-data` && k.accountId === env.account.id)!;
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const object = `${bucketArn}/clickhouse/events/shard-0/full-20261207T020000/metadata.json`;
  const viaS3 = { "kms:ViaService": `s3.${env.region}.amazonaws.com` };
  const wrong: string[] = [];
  const want = async (action: string, resource: string, allowed: boolean, context: Record<string, string> = {}) => {
    const d = await simulate(model, {
      principal: role,
      action,
      resource,
      region: env.region,
      context: { "aws:SecureTransport": "true", ...context },
    });
    if ((d === "Allowed") !== allowed) wrong.push(`${action} ${resource}: ${d}, expected ${allowed ? "Allowed" : "denied"}`);
  };
  await want("s3:ListBucket", bucketArn, true);
  await want("s3:GetObject", object, true);
  await want("kms:Decrypt", key.arn, true, viaS3);
  for (const action of ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:AbortMultipartUpload", "s3:PutObjectRetention"])
    await want(action, object, false);
  for (const action of ["s3:PutBucketPolicy", "s3:PutLifecycleConfiguration", "s3:DeleteBucket"]) await want(action, bucketArn, false);
  // Writing a backup needs a data key; decrypting outside S3 would read the key's other data.
  for (const action of ["kms:GenerateDataKey", "kms:Encrypt", "kms:ReEncryptFrom"]) await want(action, key.arn, false, viaS3);
  await want("kms:Decrypt", key.arn, false);
  return wrong;
}

describe("the ClickHouse restore drill's role", () => {
  test("some shipped environment runs the drill and one does not (otherwise this file tests nothing)", () => {
    expect(withDrill.length).toBeGreaterThan(0);
    expect(withoutDrill.length).toBeGreaterThan(0);
  });

  test.each(withDrill.map((e) => [e.name, e] as const))("%s: reads the backups and cannot write or delete them", async (_name, env) => {
    const role = roleNamed(model, env.account.id, roleName(env, "clickhouseRestoreDrill"));
    expect(await readOnlyProblems(env, role)).toEqual([]);
    // Trusted by the drill's service account only (constructs/eks/workload-role.ts builds the condition).
    const trust = JSON.stringify(role.trust);
    expect(trust).toContain(`"${serviceAccountSubject(SERVICE_ACCOUNTS.clickhouseRestoreDrill)}"`);
    expect(trust).not.toContain(serviceAccountSubject(SERVICE_ACCOUNTS.clickhouseBackup));
  });

  test.each(withoutDrill.map((e) => [e.name, e] as const))("%s (drill off): no drill role", (_name, env) => {
    expect(model.roles.filter((r) => r.accountId === env.account.id && r.name === roleName(env, "clickhouseRestoreDrill"))).toEqual([]);
  });

  test("the check catches a role that can write: the backup sidecars' role fails it", async () => {
    const env = withDrill[0]!;
    const sidecars = roleNamed(model, env.account.id, roleName(env, "clickhouseBackup"));
    const problems = await readOnlyProblems(env, sidecars);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^s3:PutObject .*: Allowed, expected denied$/),
        expect.stringMatching(/^s3:DeleteObject .*: Allowed/),
      ]),
    );
  });
});

describe("the drill's service account in the platform stack", () => {
  const stacks = buildStacks();
  const accounts = (env: EnvironmentConfig) =>
    Object.values(resourcesOf(synthJson(stacks.get(`${env.name}-platform`)!), "kubernetes_service_account_v1")) as {
      metadata: { name: string; annotations?: Record<string, string> };
    }[];
  const roleAnnotation = (env: EnvironmentConfig, name: string) =>
    accounts(env).find((a) => a.metadata.name === name)?.metadata.annotations?.["eks.amazonaws.com/role-arn"];

  test.each(withDrill.map((e) => [e.name, e] as const))("%s: its own account, bound to a role other than the sidecars'", (_name, env) => {
    const drill = roleAnnotation(env, SERVICE_ACCOUNTS.clickhouseRestoreDrill.name);
    expect(drill).toEqual(expect.any(String));
    expect(drill).not.toBe(roleAnnotation(env, SERVICE_ACCOUNTS.clickhouseBackup.name));
  });

  test.each(withoutDrill.map((e) => [e.name, e] as const))("%s (drill off): no drill service account", (_name, env) => {
    expect(accounts(env).map((a) => a.metadata.name)).not.toContain(SERVICE_ACCOUNTS.clickhouseRestoreDrill.name);
  });
});
