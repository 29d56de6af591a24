/**
 * Session Manager transcripts leave the environment accounts (issue 17 part 6, docs/access.md):
 * each environment's session preferences name the organization's bucket in the log-archive
 * account, and AWS would let a node of that environment add its transcript there, under its own
 * account's prefix only, and nothing else. Policies come from the shipped stacks.
 */
import { SESSION_PREFERENCES_DOCUMENT } from "../../constructs/observability/session-logging";
import { SESSION_TRANSCRIPTS_PREFIX, sessionTranscriptsBucketName } from "../../constructs/organization/session-transcripts-bucket";
import { shippedIamModel, simulate, type PolicyDocument } from "../helpers/iam-model";
import { buildStacks, resourcesOf, synthJson } from "../helpers/synth";

const model = shippedIamModel();
const org = model.config.organization;
const stacks = buildStacks();
const organizationJson = synthJson(stacks.get("organization")!);
const bucketName = sessionTranscriptsBucketName({
  organizationName: org.name,
  partition: org.partition,
  logArchiveAccountId: org.logArchiveAccount.id,
  homeRegion: org.homeRegion,
});
const bucketArn = `arn:aws:s3:::${bucketName}`;
const ORG_ID = "o-exampleorg1";

/**
 * A policy as AWS receives it: Terraform turns `$${` into `${` (an IAM policy variable stays for
 * IAM to fill in) and replaces the organization reference with the organization's id.
 */
const asApplied = (text: string): PolicyDocument =>
  JSON.parse(
    text
      .replace(/\$\{aws_organizations_organization\.[^}]+\.id\}/g, ORG_ID)
      .split("$${")
      .join("${"),
  ) as PolicyDocument;

const bucketPolicyText = Object.values(resourcesOf(organizationJson, "aws_s3_bucket_policy"))
  .map((p) => String(p["policy"]))
  .find((p) => p.includes(bucketName) && p.includes("SessionWriters"));
const keyPolicyText = Object.values(resourcesOf(organizationJson, "aws_kms_key"))
  .map((k) => String(k["policy"]))
  .find((p) => p.includes("SessionWritersEncryptThroughS3"));
const ALL = { name: "all", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } };

/** The writer policy an environment's data layer gives its nodes, as synthesized. */
function writerPolicyOf(envName: string): PolicyDocument {
  const data = synthJson(stacks.get(`${envName}-data`)!);
  const writer = Object.values(resourcesOf(data, "aws_iam_policy")).find((p) => p["name"] === `${envName}-session-logging-writer`)!;
  return JSON.parse(String(writer["policy"])) as PolicyDocument;
}

const put = (
  accountId: string,
  key: string,
  identity: PolicyDocument | "all",
  policy = asApplied(bucketPolicyText!),
  orgId = ORG_ID,
  action = "s3:PutObject",
) =>
  simulate(model, {
    principal: `arn:aws:iam::${accountId}:role/node`,
    identityPolicies: [identity === "all" ? ALL : { name: "writer", policy: identity }],
    action,
    resource: `${bucketArn}/${key}`,
    resourceAccount: org.logArchiveAccount.id,
    resourcePolicy: policy,
    context: { "aws:PrincipalOrgID": orgId },
  });

describe("session transcripts in the log-archive account", () => {
  test("the organization stack creates the bucket and its key policy", () => {
    expect(bucketPolicyText).toBeDefined();
    expect(keyPolicyText).toBeDefined();
  });

  describe.each(model.config.environments.map((e) => [e.name, e] as const))("%s", (name, env) => {
    const prefix = `${SESSION_TRANSCRIPTS_PREFIX}/${env.account.id}/${name}`;

    test("its session preferences write every transcript to the bucket, encrypted", () => {
      const data = synthJson(stacks.get(`${name}-data`)!);
      const doc = Object.values(resourcesOf(data, "aws_ssm_document")).find((d) => d["name"] === SESSION_PREFERENCES_DOCUMENT)!;
      const inputs = (JSON.parse(String(doc["content"])) as { inputs: Record<string, unknown> }).inputs;
      expect(inputs).toMatchObject({
        s3BucketName: bucketName,
        s3KeyPrefix: prefix,
        s3EncryptionEnabled: true,
        cloudWatchStreamingEnabled: true,
      });
    });

    test("its nodes may add a transcript under its prefix and check the bucket's encryption", async () => {
      expect(await put(env.account.id, `${prefix}/session-1.log`, writerPolicyOf(name))).toBe("Allowed");
      const acl = await put(env.account.id, `${prefix}/session-1.log`, writerPolicyOf(name), undefined, undefined, "s3:PutObjectAcl");
      expect(acl).toBe("Allowed");
      const check = await simulate(model, {
        principal: `arn:aws:iam::${env.account.id}:role/node`,
        identityPolicies: [{ name: "writer", policy: writerPolicyOf(name) }],
        action: "s3:GetEncryptionConfiguration",
        resource: bucketArn,
        resourceAccount: org.logArchiveAccount.id,
        resourcePolicy: asApplied(bucketPolicyText!),
        context: { "aws:PrincipalOrgID": ORG_ID },
      });
      expect(check).toBe("Allowed");
    });

    test("even an administrator of its account may not write elsewhere, read, or delete", async () => {
      const other = org.auditAccount.id;
      expect(await put(env.account.id, `${SESSION_TRANSCRIPTS_PREFIX}/${other}/x.log`, "all")).toBe("ImplicitlyDenied");
      expect(await put(env.account.id, `elsewhere/x.log`, "all")).toBe("ImplicitlyDenied");
      expect(await put(env.account.id, `${prefix}/x.log`, "all", asApplied(bucketPolicyText!), "o-otherorg99")).toBe("ImplicitlyDenied");
      for (const action of ["s3:GetObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutBucketPolicy"]) {
        const decision = await simulate(model, {
          principal: `arn:aws:iam::${env.account.id}:role/admin`,
          identityPolicies: [ALL],
          action,
          resource: action === "s3:PutBucketPolicy" ? bucketArn : `${bucketArn}/${prefix}/x.log`,
          resourceAccount: org.logArchiveAccount.id,
          resourcePolicy: asApplied(bucketPolicyText!),
          context: { "aws:PrincipalOrgID": ORG_ID },
        });
        expect({ action, decision }).toEqual({ action, decision: "ImplicitlyDenied" });
      }
    });

    test("its nodes may use the bucket's key through S3 only", async () => {
      const ask = (viaService: string) =>
        simulate(model, {
          principal: `arn:aws:iam::${env.account.id}:role/node`,
          identityPolicies: [{ name: "writer", policy: writerPolicyOf(name) }],
          action: "kms:GenerateDataKey",
          resource: `arn:aws:kms:${org.homeRegion}:${org.logArchiveAccount.id}:key/transcripts`,
          resourcePolicy: asApplied(keyPolicyText!),
          context: { "aws:PrincipalOrgID": ORG_ID, "kms:ViaService": viaService },
        });
      expect(await ask(`s3.${org.homeRegion}.amazonaws.com`)).toBe("Allowed");
      expect(await ask(`secretsmanager.${org.homeRegion}.amazonaws.com`)).toBe("ImplicitlyDenied");
    });
  });

  test("an account that runs no environment may not write", async () => {
    const envAccounts = new Set(model.config.environments.map((e) => e.account.id));
    const outsider = model.config.accounts.find((a) => !envAccounts.has(a.id) && a.id !== org.logArchiveAccount.id)!;
    expect(await put(outsider.id, `${SESSION_TRANSCRIPTS_PREFIX}/${outsider.id}/x.log`, "all")).toBe("ImplicitlyDenied");
  });

  test("the audit account reads the transcripts", async () => {
    const read = await simulate(model, {
      principal: `arn:aws:iam::${org.auditAccount.id}:role/investigator`,
      identityPolicies: [ALL],
      action: "s3:GetObject",
      resource: `${bucketArn}/${SESSION_TRANSCRIPTS_PREFIX}/x.log`,
      resourceAccount: org.logArchiveAccount.id,
      resourcePolicy: asApplied(bucketPolicyText!),
    });
    expect(read).toBe("Allowed");
  });

  test("the check catches a bucket policy without the per-account prefix", async () => {
    const env = model.config.environments[0]!;
    // The escaped IAM variable as Terraform JSON carries it (`$` twice, then the variable).
    const variable = ["$$", "{aws:PrincipalAccount}"].join("");
    expect(bucketPolicyText).toContain(variable);
    const loose = asApplied(bucketPolicyText!.split(variable).join("*"));
    expect(await put(env.account.id, `${SESSION_TRANSCRIPTS_PREFIX}/${org.auditAccount.id}/x.log`, "all", loose)).toBe("Allowed");
  });
});
