/**
 * Cross-account copies of RDS recovery points (runbooks/region-loss.md), decided as AWS would:
 * with disasterRecovery on, the environment's AWS Backup role may copy into the locked vault of the
 * log-archive account and nothing else may; the log-archive account may read the environment's data
 * key and do nothing else with it. The vault access policy and the key policy come from the
 * synthesized stacks of us.yaml with the recovery target switched on.
 */
import * as fs from "node:fs";
import { loadPlatformConfig } from "../../lib/config/load";
import { backupCopyVaultPolicy } from "../../constructs/organization/backup-copy-vault";
import { environmentsFixture, freeVpcCidr, shippedFile } from "../helpers/fixtures";
import { buildIamModel, roleNamed, shippedIamModel, simulate, type IamModel, type PolicyDocument } from "../helpers/iam-model";
import { buildStacks, resourcesOf, synthJson, type TfJson } from "../helpers/synth";

const fixtureDir = environmentsFixture({
  "us.yaml": `${shippedFile("us.yaml")}\ndisasterRecovery:\n  enabled: true\n  vpcCidr: ${freeVpcCidr()}\n`,
});
const config = loadPlatformConfig(fixtureDir);
const us = config.environments.find((e) => e.name === "us")!;
const org = config.organization;
const stacks = buildStacks(config, { environments: ["us"] });
const json = (name: string): TfJson => synthJson(stacks.get(name)!);
const model: IamModel = buildIamModel(
  new Map(["organization", "us-data", "us-recovery-replication"].map((n) => [n, json(n)] as const)),
  config,
);
afterAll(() => fs.rmSync(fixtureDir, { recursive: true, force: true }));

const one = (stack: string, type: string): Record<string, unknown> => {
  const all = Object.values(resourcesOf(json(stack), type));
  expect(all).toHaveLength(1);
  return all[0]!;
};
const vault = one("organization", "aws_backup_vault");
const vaultArn = `arn:aws:backup:${us.region}:${org.logArchiveAccount.id}:backup-vault:${String(vault["name"])}`;
const policyText = String(one("organization", "aws_backup_vault_policy")["policy"]);
/** The organization id as the policy names it: a reference to the organization resource. */
const orgIdReference = /"aws:PrincipalOrgID":"(\$\{aws_organizations_organization\.[^}]+\.id\})"/.exec(policyText)?.[1];
/**
 * The id AWS gives the organization. The reference must be replaced before simulating: in a
 * condition value, `${...}` is an IAM policy variable, which would never match.
 */
const orgId = "o-exampleorg1";
const vaultPolicy = JSON.parse(policyText.split(orgIdReference ?? "(no reference)").join(orgId)) as PolicyDocument;
const OTHER_ORG = "o-other00000";
const backupRole = () => roleNamed(model, us.account.id, `${us.name}-aws-backup`);
/** A principal of another account whose own policies allow everything: only the resource policy decides. */
const anyone = (accountId: string) => ({
  principal: `arn:aws:iam::${accountId}:role/anyone`,
  identityPolicies: [{ name: "all", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }],
});
const copy = (policy: PolicyDocument, principal: Parameters<typeof simulate>[1]["principal"], orgOf: string, extra = {}) =>
  simulate(model, {
    principal,
    action: "backup:CopyIntoBackupVault",
    resource: vaultArn,
    resourcePolicy: policy,
    context: { "aws:PrincipalOrgID": orgOf },
    ...extra,
  });

describe("cross-account backup copy", () => {
  test("the organization switches cross-account backup on, from the management account's default provider", () => {
    const settings = one("organization", "aws_backup_global_settings");
    expect(settings["global_settings"]).toEqual({ isCrossAccountBackupEnabled: "true" });
    expect(settings["provider"]).toBeUndefined();
  });

  test("the vault lives in the log-archive account, in the environment's region, under its own key", () => {
    expect(vault["provider"]).toBe(`aws.${org.logArchiveAccount.name}`);
    expect(vault["region"]).toBe(us.region);
    expect(String(vault["kms_key_arn"])).toMatch(/^\$\{aws_kms_key\.[^}]+\.arn\}$/);
    expect(orgIdReference).toBeDefined();
  });

  test("production locks the vault in compliance mode, no shorter than the copies' retention", () => {
    expect(us.tier).toBe("production");
    expect(one("organization", "aws_backup_vault_lock_configuration")).toMatchObject({
      changeable_for_days: 3,
      min_retention_days: us.postgres.backupRetentionDays,
    });
    expect(one("organization", "aws_backup_vault_lock_configuration")["max_retention_days"]).toBeUndefined();
  });

  test("the environment's daily plan copies to the recovery vault and to the log-archive vault", () => {
    const [rule] = one("us-recovery-replication", "aws_backup_plan")["rule"] as Record<string, unknown>[];
    const destinations = (rule!["copy_action"] as Record<string, unknown>[]).map((c) => c["destination_vault_arn"]);
    expect(destinations).toHaveLength(2);
    expect(destinations).toContain(vaultArn);
  });

  test("the environment's AWS Backup role may copy into the vault", async () => {
    expect(await copy(vaultPolicy, backupRole(), orgId)).toBe("Allowed");
  });

  test("nothing else may: other member accounts, other organizations, other actions", async () => {
    expect(await copy(vaultPolicy, anyone(org.auditAccount.id).principal, orgId, anyone(org.auditAccount.id))).toBe("ImplicitlyDenied");
    expect(await copy(vaultPolicy, backupRole(), OTHER_ORG)).toBe("ImplicitlyDenied");
    for (const action of ["backup:DeleteRecoveryPoint", "backup:StartRestoreJob", "backup:PutBackupVaultAccessPolicy"]) {
      const resource = action === "backup:DeleteRecoveryPoint" ? `${vaultArn.replace(/backup-vault:.*/, "recovery-point:x")}` : vaultArn;
      const decision = await simulate(model, {
        ...anyone(us.account.id),
        action,
        resource,
        resourceAccount: org.logArchiveAccount.id,
        resourcePolicy: vaultPolicy,
        context: { "aws:PrincipalOrgID": orgId },
      });
      expect({ action, decision }).toEqual({ action, decision: "ImplicitlyDenied" });
    }
  });

  test("the check catches a vault policy that allows the whole organization", async () => {
    // A parsed copy, as IAM reads it, loosened below.
    const written = backupCopyVaultPolicy({ vaultArn, organizationId: orgId, sourceAccountIds: [us.account.id] });
    const loose = JSON.parse(JSON.stringify(written)) as PolicyDocument & { Statement: Record<string, unknown>[] };
    const statement = (loose.Statement[0]!["Condition"] as Record<string, Record<string, unknown>>)["StringEquals"]!;
    delete statement["aws:PrincipalAccount"];
    expect(await copy(loose, anyone(org.auditAccount.id).principal, orgId, anyone(org.auditAccount.id))).toBe("Allowed");
  });

  test("the log-archive account may read the data key for the copy, and do nothing else with it", async () => {
    const key = model.keys.find((k) => k.stack === "us-data" && JSON.stringify(k.policy).includes("BackupCopyAccounts"));
    expect(key).toBeDefined();
    const asks = (accountId: string, action: string, context: Record<string, string> = {}) =>
      simulate(model, { ...anyone(accountId), action, resource: key!.arn, context });
    const logArchive = org.logArchiveAccount.id;
    for (const action of ["kms:Decrypt", "kms:DescribeKey", "kms:ReEncryptFrom"]) expect(await asks(logArchive, action)).toBe("Allowed");
    expect(await asks(logArchive, "kms:CreateGrant", { "kms:GrantIsForAWSResource": "true" })).toBe("Allowed");
    expect(await asks(logArchive, "kms:CreateGrant", { "kms:GrantIsForAWSResource": "false" })).toBe("ImplicitlyDenied");
    for (const action of ["kms:Encrypt", "kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:DisableKey"])
      expect({ action, decision: await asks(logArchive, action) }).toEqual({ action, decision: "ImplicitlyDenied" });
    expect(await asks(org.auditAccount.id, "kms:Decrypt")).toBe("ImplicitlyDenied");
  });

  test("off by default: the shipped build shares no data key and creates no copy vault", () => {
    const shipped = shippedIamModel();
    for (const env of shipped.config.environments.filter((e) => !e.disasterRecovery.enabled)) {
      const keys = shipped.keys.filter((k) => k.stack === `${env.name}-data`);
      expect(keys.some((k) => JSON.stringify(k.policy).includes("BackupCopyAccounts"))).toBe(false);
    }
    if (shipped.config.environments.every((e) => !e.disasterRecovery.enabled)) {
      const orgJson = synthJson(buildStacks().get("organization")!);
      expect(resourcesOf(orgJson, "aws_backup_vault")).toEqual({});
      expect(resourcesOf(orgJson, "aws_backup_global_settings")).toEqual({});
    }
  });
});
