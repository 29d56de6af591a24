/**
 * Cross-account copies of RDS recovery points (runbooks/region-loss.md), decided as AWS would:
 * with disasterRecovery on, the environment's AWS Backup role may copy into the locked vault of the
 * log-archive account and nothing else may; the log-archive account may read the environment's data
 * key and do nothing else with it. The vault access policy and the key policy come from the
 * synthesized stacks of us.yaml with the recovery target switched on.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadPlatformConfig } from "../../lib/config/load";
import { BACKUP_SERVICE_LINKED_ROLE, backupCopyVaultPolicy, copyBackRoleName } from "../../constructs/organization/backup-copy-vault";
import { environmentsFixture, freeVpcCidr, shippedFile } from "../helpers/fixtures";
import {
  awsManagedPolicy,
  buildIamModel,
  roleNamed,
  shippedIamModel,
  simulate,
  type IamModel,
  type PolicyDocument,
} from "../helpers/iam-model";
import { buildStacks, resourcesOf, synthJson, type TfJson } from "../helpers/synth";
import { repoRoot } from "../../lib/paths";

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

/**
 * The way back (runbooks/region-loss.md, "Restoring from the cross-account copy"): a copy job
 * started in the log-archive account copies a recovery point back into the environment's vault
 * `<env>-rds`, where it is restored. Everything it needs is built: the vault's access policy, the
 * archive key usable by the environment's AWS Backup service-linked role through RDS, and the role
 * the copy job runs as. None of it lets the production account read or harm the archive.
 */
describe("the way back from the log-archive vault", () => {
  const logArchive = org.logArchiveAccount.id;
  const prodVault = one("us-recovery-replication", "aws_backup_vault");
  const prodVaultArn = `arn:aws:backup:${us.region}:${us.account.id}:backup-vault:${String(prodVault["name"])}`;
  const prodPolicyText = String(one("us-recovery-replication", "aws_backup_vault_policy")["policy"]);
  /** The policy names the vault by reference; the model gives it the ARN AWS would. */
  const prodVaultPolicy = JSON.parse(prodPolicyText.replace(/\$\{aws_backup_vault\.[^}]+\.arn\}/g, prodVaultArn)) as PolicyDocument;
  const archiveKey = model.keys.find((k) => k.uses.some((u) => u.type === "aws_backup_vault" && u.body["name"] === vault["name"]));
  const copyBackRole = () => roleNamed(model, logArchive, copyBackRoleName(String(vault["name"])));
  /** AWS Backup's service-linked role in the production account, with its managed policy. */
  const backupSlr = {
    principal: `arn:aws:iam::${us.account.id}:${BACKUP_SERVICE_LINKED_ROLE}`,
    identityPolicies: [
      {
        name: "AWSBackupServiceLinkedRolePolicyForBackup",
        policy: awsManagedPolicy("arn:aws:iam::aws:policy/aws-service-role/AWSBackupServiceLinkedRolePolicyForBackup"),
      },
    ],
  };
  const rds = (region = us.region) => ({ "kms:ViaService": `rds.${region}.amazonaws.com`, "kms:CallerAccount": us.account.id });
  const onArchiveKey = (
    who: { principal: string; identityPolicies: Parameters<typeof simulate>[1]["identityPolicies"] },
    action: string,
    context: Record<string, string>,
    policy?: PolicyDocument,
  ) =>
    simulate(model, {
      ...who,
      identityPolicies: who.identityPolicies ?? [],
      action,
      resource: archiveKey!.arn,
      context,
      ...(policy ? { resourcePolicy: policy } : {}),
    });
  const onProdVault = (principal: Parameters<typeof simulate>[1]["principal"], action: string, policy = prodVaultPolicy, extra = {}) =>
    simulate(model, { principal, action, resource: prodVaultArn, resourcePolicy: policy, ...extra });

  test("the vault <env>-rds has an access policy; the archive key and the copy-back role exist", () => {
    expect(prodVault["name"]).toBe(`${us.name}-rds`);
    expect(archiveKey).toBeDefined();
    expect(copyBackRole().policies.map((p) => p.name)).toEqual([
      "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
    ]);
  });

  test("AWS Backup may assume the copy-back role in the log-archive account, and nobody else may", async () => {
    const assume = (principal: string, extra = {}) =>
      simulate(model, { principal, action: "sts:AssumeRole", resource: copyBackRole().arn, ...extra });
    expect(await assume("backup.amazonaws.com")).toBe("Allowed");
    expect(await assume(anyone(us.account.id).principal, anyone(us.account.id))).toBe("ImplicitlyDenied");
  });

  test("the log-archive account's copy job may copy into <env>-rds", async () => {
    expect(await onProdVault(copyBackRole(), "backup:CopyIntoBackupVault")).toBe("Allowed");
  });

  test("and do nothing else there; no other account may copy in", async () => {
    const recoveryPoint = prodVaultArn.replace(/backup-vault:.*/, "recovery-point:x");
    for (const [action, resource] of [
      ["backup:DeleteRecoveryPoint", recoveryPoint],
      ["backup:StartRestoreJob", recoveryPoint],
      ["backup:StartCopyJob", recoveryPoint],
      ["backup:GetRecoveryPointRestoreMetadata", recoveryPoint],
      ["backup:DeleteBackupVault", prodVaultArn],
      ["backup:PutBackupVaultAccessPolicy", prodVaultArn],
    ] as const) {
      const decision = await simulate(model, { ...anyone(logArchive), action, resource, resourcePolicy: prodVaultPolicy });
      expect({ action, decision }).toEqual({ action, decision: "ImplicitlyDenied" });
    }
    const audit = anyone(org.auditAccount.id);
    expect(await onProdVault(audit.principal, "backup:CopyIntoBackupVault", prodVaultPolicy, audit)).toBe("ImplicitlyDenied");
  });

  test("the production account's AWS Backup may use the archive key through RDS for the copy", async () => {
    expect(await onArchiveKey(backupSlr, "kms:DescribeKey", { "kms:CallerAccount": us.account.id })).toBe("Allowed");
    for (const action of ["kms:ReEncryptFrom", "kms:GenerateDataKeyWithoutPlaintext"])
      expect({ action, decision: await onArchiveKey(backupSlr, action, rds()) }).toEqual({ action, decision: "Allowed" });
    expect(await onArchiveKey(backupSlr, "kms:CreateGrant", { ...rds(), "kms:GrantIsForAWSResource": "true" })).toBe("Allowed");
  });

  test("only that, only through RDS in the vault's region; nothing else in production may use or harm the key", async () => {
    expect(await onArchiveKey(backupSlr, "kms:ReEncryptFrom", { "kms:CallerAccount": us.account.id })).toBe("ImplicitlyDenied");
    expect(await onArchiveKey(backupSlr, "kms:ReEncryptFrom", rds("ap-south-2"))).toBe("ImplicitlyDenied");
    expect(await onArchiveKey(backupSlr, "kms:CreateGrant", { ...rds(), "kms:GrantIsForAWSResource": "false" })).toBe("ImplicitlyDenied");
    const admin = anyone(us.account.id);
    for (const action of ["kms:Decrypt", "kms:ReEncryptFrom", "kms:CreateGrant", "kms:DescribeKey"])
      expect({ action, decision: await onArchiveKey(admin, action, rds()) }).toEqual({ action, decision: "ImplicitlyDenied" });
    for (const action of ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy", "kms:RevokeGrant", "kms:Encrypt"]) {
      for (const who of [admin, backupSlr])
        expect({ action, who: who.principal, decision: await onArchiveKey(who, action, rds()) }).toEqual({
          action,
          who: who.principal,
          decision: "ImplicitlyDenied",
        });
    }
    expect(await onArchiveKey(anyone(org.auditAccount.id), "kms:ReEncryptFrom", rds())).toBe("ImplicitlyDenied");
  });

  test("the production account still cannot read, restore from or delete the archive vault's recovery points", async () => {
    const recoveryPoint = vaultArn.replace(/backup-vault:.*/, "recovery-point:x");
    for (const [action, resource] of [
      ["backup:DeleteRecoveryPoint", recoveryPoint],
      ["backup:UpdateRecoveryPointLifecycle", recoveryPoint],
      ["backup:DescribeRecoveryPoint", recoveryPoint],
      ["backup:GetRecoveryPointRestoreMetadata", recoveryPoint],
      ["backup:StartCopyJob", recoveryPoint],
      ["backup:StartRestoreJob", recoveryPoint],
      ["backup:DeleteBackupVault", vaultArn],
      ["backup:DeleteBackupVaultLockConfiguration", vaultArn],
    ] as const) {
      const decision = await simulate(model, {
        ...anyone(us.account.id),
        action,
        resource,
        resourcePolicy: vaultPolicy,
        context: { "aws:PrincipalOrgID": orgId },
      });
      expect({ action, decision }).toEqual({ action, decision: "ImplicitlyDenied" });
    }
  });

  test("the runbook's way back is commands only, naming the vaults and role the code builds", () => {
    const runbook = fs.readFileSync(path.join(repoRoot(), "runbooks/region-loss.md"), "utf8");
    const section = runbook.slice(runbook.indexOf("Restoring from the cross-account copy"), runbook.indexOf("## Impact"));
    const generic = (name: string) => name.replace(new RegExp(`^${us.name}-`), "<env>-");
    for (const name of [String(vault["name"]), String(prodVault["name"]), copyBackRole().name, backupRole().name].map(generic))
      expect({ name, named: section.includes(name) }).toEqual({ name, named: true });
    for (const command of ["aws backup start-copy-job", "aws backup start-restore-job", "--iam-role-arn"])
      expect(section).toContain(command);
    expect(section).not.toMatch(/by hand during the incident|put-backup-vault-access-policy|put-key-policy|create-grant/);
  });

  test("the checks catch a planted over-grant: a key statement without the service-linked role, a vault open to another account", async () => {
    const loosened = JSON.parse(JSON.stringify(archiveKey!.policy)) as { Statement: Record<string, unknown>[] };
    for (const st of loosened.Statement) delete (st["Condition"] as Record<string, unknown> | undefined)?.["ArnEquals"];
    expect(await onArchiveKey(anyone(us.account.id), "kms:ReEncryptFrom", rds(), loosened as PolicyDocument)).toBe("Allowed");

    const opened = JSON.parse(JSON.stringify(prodVaultPolicy)) as { Statement: Record<string, unknown>[] };
    const principal = opened.Statement[0]!["Principal"] as { AWS: string[] };
    principal.AWS = [...[principal.AWS].flat(), `arn:aws:iam::${org.auditAccount.id}:root`];
    const audit = anyone(org.auditAccount.id);
    expect(await onProdVault(audit.principal, "backup:CopyIntoBackupVault", opened as PolicyDocument, audit)).toBe("Allowed");

    const widened = JSON.parse(JSON.stringify(prodVaultPolicy)) as { Statement: Record<string, unknown>[] };
    // A grant that names the vault's recovery points too, as a `"*"` resource would.
    widened.Statement[0]!["Action"] = ["backup:CopyIntoBackupVault", "backup:DeleteRecoveryPoint"];
    widened.Statement[0]!["Resource"] = "*";
    const decision = await simulate(model, {
      ...anyone(logArchive),
      action: "backup:DeleteRecoveryPoint",
      resource: prodVaultArn.replace(/backup-vault:.*/, "recovery-point:x"),
      resourcePolicy: widened as PolicyDocument,
    });
    expect(decision).toBe("Allowed");
  });
});
