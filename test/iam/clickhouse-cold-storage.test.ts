/**
 * The ClickHouse pods' role and the cold-storage bucket, evaluated as AWS would: the S3 disk can
 * list the bucket and read, write and delete its objects, with the data key through S3; it cannot
 * change the bucket, and it reaches no other environment's cold bucket. Environments, roles,
 * buckets and keys come from the shipped configuration and stacks.
 */
import { clusterNameFor } from "../../constructs/eks/names";
import { SERVICE_ACCOUNTS } from "../../constructs/eks/service-accounts";
import { roleNamed, shippedIamModel, simulate, type IamModel } from "../helpers/iam-model";

const model: IamModel = shippedIamModel();
const tiered = model.config.environments.filter((e) => e.clickhouse.tiering.enabled);
/** The cold bucket of an environment: the bucket in its account that only its data stack holds with "clickhouse-cold". */
const coldBucketOf = (envName: string, accountId: string) =>
  [...model.bucketOwners].find(
    ([name, owner]) => owner === accountId && name.startsWith(`${envName}-`) && name.includes("clickhouse-cold"),
  )?.[0];

describe("ClickHouse cold storage access", () => {
  test("some shipped environment tiers ClickHouse (otherwise this file tests nothing)", () => {
    expect(tiered.length).toBeGreaterThan(0);
  });

  test.each(tiered.map((e) => [e.name, e] as const))("%s: the pods' role works the S3 disk and nothing more", async (_name, env) => {
    const bucket = coldBucketOf(env.name, env.account.id);
    expect(bucket).toBeDefined();
    const role = roleNamed(model, env.account.id, `${clusterNameFor(env.name)}-${SERVICE_ACCOUNTS.clickhouseBackup.name}`);
    const key = model.keys.find((k) => k.stack === `${env.name}-data` && k.accountId === env.account.id)!;
    const secure = { "aws:SecureTransport": "true" };
    const decide = (action: string, resource: string, context: Record<string, string> = {}) =>
      simulate(model, { principal: role, action, resource, region: env.region, context: { ...secure, ...context } });
    const object = `arn:aws:s3:::${bucket}/clickhouse/events/chi-events-events-0-0/abc`;
    const wrong: string[] = [];
    const want = async (action: string, resource: string, allowed: boolean, context: Record<string, string> = {}) => {
      const d = await decide(action, resource, context);
      if ((d === "Allowed") !== allowed) wrong.push(`${action} ${resource}: ${d}, expected ${allowed ? "Allowed" : "denied"}`);
    };
    for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]) await want(action, object, true);
    await want("s3:ListBucket", `arn:aws:s3:::${bucket}`, true);
    await want("kms:GenerateDataKey", key.arn, true, { "kms:ViaService": `s3.${env.region}.amazonaws.com` });
    await want("kms:Decrypt", key.arn, true, { "kms:ViaService": `s3.${env.region}.amazonaws.com` });
    for (const action of ["s3:PutBucketPolicy", "s3:PutLifecycleConfiguration", "s3:DeleteBucket", "s3:PutBucketVersioning"])
      await want(action, `arn:aws:s3:::${bucket}`, false);
    for (const other of tiered.filter((o) => o.name !== env.name)) {
      const otherBucket = coldBucketOf(other.name, other.account.id);
      if (otherBucket) await want("s3:GetObject", `arn:aws:s3:::${otherBucket}/clickhouse/x`, false);
    }
    // Plain HTTP is refused by the bucket policy whatever the role allows.
    const insecure = await simulate(model, {
      principal: role,
      action: "s3:GetObject",
      resource: object,
      region: env.region,
      context: { "aws:SecureTransport": "false" },
    });
    if (insecure !== "ExplicitlyDenied") wrong.push(`s3:GetObject over HTTP: ${insecure}, expected ExplicitlyDenied`);
    expect(wrong).toEqual([]);
  });
});
