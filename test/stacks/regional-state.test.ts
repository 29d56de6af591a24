import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadPlatformConfig } from "../../lib/config/load";
import { stateLocationFor } from "../../lib/config/state-locations";
import { applyOrder } from "../../lib/preflight/order";
import type { BaseStack } from "../../stacks/base-stack";
import { environmentsFixture, freeVpcCidr, shippedFile } from "../helpers/fixtures";
import { buildStacks, resourcesOf, synthJson, type TfJson } from "../helpers/synth";

/**
 * State per region (runbooks/region-loss.md): the first shipped production environment with a
 * backup region, its recovery target switched on, built with every account's bootstrap stack.
 */
const shipped = loadPlatformConfig();
const target = shipped.environments.find((e) => e.tier === "production" && e.postgres.backupReplicationRegion !== null)!;
const targetFile = path.basename(target.file);
const config = loadPlatformConfig(
  environmentsFixture({ [targetFile]: `${shippedFile(targetFile)}\ndisasterRecovery:\n  enabled: true\n  vpcCidr: ${freeVpcCidr()}\n` }),
);
const env = config.environments.find((e) => e.name === target.name)!;
const backupRegion = env.postgres.backupReplicationRegion!;
// Every environment of the target's account: all the stacks that account holds.
const accountEnvironments = config.environments.filter((e) => e.account.name === env.account.name).map((e) => e.name);
const stacks = buildStacks(config, { environments: accountEnvironments, accountStacks: "all" });
// Cross-stack references become remote-state reads when the stacks are prepared (as app.synth() does).
for (const s of stacks.values()) s.prepareStack();
const jsons = new Map([...stacks].map(([name, stack]) => [name, synthJson(stack)]));
const json = (name: string) => jsons.get(name)!;

type S3Config = { bucket: string; key: string; region: string; kms_key_id?: string; assume_role?: { role_arn: string } };
const backendOf = (name: string) => (json(name).terraform as { backend: { s3?: S3Config } }).backend.s3;
const remoteReads = (name: string) =>
  Object.values((json(name).data?.["terraform_remote_state"] ?? {}) as Record<string, { config: S3Config }>).map((r) => r.config);
const regionOf = (name: string) => (json(name).provider?.["aws"] ?? []).find((p) => !p["alias"])?.["region"] as string;
const envStacks = [...stacks.keys()].filter((n) => n.startsWith(`${env.name}-`));
const recoveryInBackupRegion = envStacks.filter((n) => regionOf(n) === backupRegion);

describe("state per region", () => {
  test("the recovery network and data stacks are the environment's stacks in the backup region", () => {
    expect(recoveryInBackupRegion.sort()).toEqual([`${env.name}-recovery-data`, `${env.name}-recovery-network`]);
  });

  test("the account has a state location exactly in its home region and the regions its stacks run in", () => {
    const regions = [...stacks]
      .filter(([name, stack]) => backendOf(name) !== undefined && (stack as BaseStack).account.name === env.account.name)
      .map(([name]) => regionOf(name));
    expect(Object.keys(env.account.stateLocations).sort()).toEqual([...new Set([env.account.homeRegion, ...regions])].sort());
  });

  test("every S3 backend is the bucket, region and key of its stack's own region", () => {
    const checked = [...stacks].filter(([name]) => backendOf(name) !== undefined);
    expect(checked.length).toBeGreaterThan(recoveryInBackupRegion.length);
    for (const [name, stack] of checked) {
      const account = (stack as BaseStack).account;
      const location = account.stateLocations[regionOf(name)]!;
      expect({ name, ...backendOf(name) }).toMatchObject({
        name,
        bucket: location.bucket,
        region: location.region,
        kms_key_id: location.kmsKeyArn,
        key: `${name}/terraform.tfstate`,
      });
    }
  });

  test("every remote-state read names the backend of the stack it reads", () => {
    let reads = 0;
    for (const name of stacks.keys()) {
      for (const read of remoteReads(name)) {
        const source = read.key.replace(/\/terraform\.tfstate$/, "");
        const backend = backendOf(source)!;
        expect({ name, source, bucket: read.bucket, region: read.region }).toEqual({
          name,
          source,
          bucket: backend.bucket,
          region: backend.region,
        });
        reads++;
      }
    }
    expect(reads).toBeGreaterThan(0);
  });

  test("the recovery stacks in the backup region name only that region's state: their backend and every read", () => {
    const home = env.account.stateLocations[env.account.homeRegion]!;
    const regional = env.account.stateLocations[backupRegion]!;
    expect(regional.bucket).not.toBe(home.bucket);
    for (const name of recoveryInBackupRegion) {
      const buckets = [backendOf(name)!, ...remoteReads(name)].map((c) => `${c.bucket}@${c.region}`);
      expect({ name, buckets: [...new Set(buckets)] }).toEqual({ name, buckets: [`${regional.bucket}@${backupRegion}`] });
      // Every provider they configure is the backup region's.
      const regions = (json(name).provider?.["aws"] ?? []).map((p) => p["region"]);
      expect({ name, regions: [...new Set(regions)] }).toEqual({ name, regions: [backupRegion] });
      // Nothing else in them names the home region's bucket or key either.
      const text = JSON.stringify(json(name));
      expect(text).not.toContain(`"${home.bucket}"`);
      expect(text).not.toContain(home.kmsKeyArn);
    }
    // The recovery data stack does read another stack: the recovery network, in its own region.
    expect(remoteReads(`${env.name}-recovery-data`).map((r) => r.key)).toEqual([`${env.name}-recovery-network/terraform.tfstate`]);
  });

  test("a stack in a region where its account has no state bucket is refused, naming what to change", () => {
    expect(() => stateLocationFor(env.account, "ap-south-1", "x-network")).toThrow(
      `x-network: account ${env.account.name} has no Terraform state bucket in ap-south-1 (it has: ${Object.keys(env.account.stateLocations).join(", ")}); the regions an account's stacks run in come from lib/config/state-locations.ts (environmentPlacements): add the new stack's region there`,
    );
  });
  test("the organization trail records reads and writes of every state bucket, the other regions' included", () => {
    const trail = Object.values(resourcesOf(json("organization"), "aws_cloudtrail"))[0]!;
    const values = (trail["event_selector"] as { data_resource: { values: string[] }[] }[]).flatMap((e) =>
      e.data_resource.flatMap((d) => d.values),
    );
    const buckets = config.accounts.flatMap((a) => Object.values(a.stateLocations).map((l) => `arn:aws:s3:::${l.bucket}/`));
    expect(buckets).toContain(`arn:aws:s3:::${env.account.stateLocations[backupRegion]!.bucket}/`);
    expect(values).toEqual(expect.arrayContaining(buckets));
  });
});

describe("bootstrap stacks with regional state", () => {
  const bucketsOf = (j: TfJson) =>
    Object.entries(resourcesOf(j, "aws_s3_bucket")).map(([address, r]) => ({
      address,
      name: r["bucket"] as string,
      provider: r["provider"],
    }));

  test("create the state and access-log buckets of exactly the account's state locations", () => {
    for (const a of config.accounts) {
      const expected = Object.values(a.stateLocations).flatMap((l) => [l.bucket, l.accessLogBucket]);
      expect({
        account: a.name,
        buckets: bucketsOf(json(`bootstrap-${a.name}`))
          .map((b) => b.name)
          .sort(),
      }).toEqual({
        account: a.name,
        buckets: expected.sort(),
      });
    }
    expect(Object.keys(env.account.stateLocations)).toContain(backupRegion);
  });

  test("the regional bucket lives in its region, versioned, encrypted with its own key there, logged and protected", () => {
    const j = json(`bootstrap-${env.account.name}`);
    const regional = env.account.stateLocations[backupRegion]!;
    const providers = (j.provider?.["aws"] ?? []).filter((p) => p["region"] === backupRegion);
    expect(providers).toHaveLength(1);
    const provider = `aws.${String(providers[0]!["alias"])}`;
    // The same account pin and role as the stack's default provider.
    const main = (j.provider?.["aws"] ?? []).find((p) => !p["alias"])!;
    expect(providers[0]).toMatchObject({ allowed_account_ids: main["allowed_account_ids"], assume_role: main["assume_role"] });

    const inRegion = Object.entries(j.resource ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName)
        .filter(([, r]) => r["provider"] === provider)
        .map(([name, r]) => ({ type, address: `${type}.${name}`, r })),
    );
    const one = (type: string, match: (r: Record<string, unknown>) => boolean) => {
      const found = inRegion.filter((x) => x.type === type && match(x.r));
      expect({ type, found: found.length }).toEqual({ type, found: 1 });
      return found[0]!;
    };
    const bucket = one("aws_s3_bucket", (r) => r["bucket"] === regional.bucket);
    expect(bucket.r).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
    const ref = (x: { address: string }, attribute: string) => `\${${x.address}.${attribute}}`;
    const key = one("aws_kms_key", () => true);
    expect(key.r).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    one("aws_kms_alias", (r) => r["name"] === env.account.stateKmsAliasName && r["target_key_id"] === ref(key, "key_id"));
    one("aws_s3_bucket_versioning", (r) => r["bucket"] === ref(bucket, "id") || r["bucket"] === regional.bucket);
    const sse = one(
      "aws_s3_bucket_server_side_encryption_configuration",
      (r) => r["bucket"] === ref(bucket, "id") || r["bucket"] === regional.bucket,
    );
    expect(JSON.stringify(sse.r)).toContain(ref(key, "arn"));
    one("aws_s3_bucket_logging", (r) => r["target_bucket"] === regional.accessLogBucket);
    // The home key is another resource, on the default provider.
    const homeKeys = Object.values(resourcesOf(j, "aws_kms_key")).filter((r) => r["provider"] === undefined);
    expect(homeKeys).toHaveLength(1);
  });

  test("accounts without stacks outside their home region create only the home backend, as before", () => {
    for (const a of config.accounts.filter((x) => Object.keys(x.stateLocations).length === 1)) {
      const j = json(`bootstrap-${a.name}`);
      expect({ account: a.name, aliased: (j.provider?.["aws"] ?? []).filter((p) => p["alias"]).length }).toEqual({
        account: a.name,
        aliased: 0,
      });
    }
  });
});

describe("deploy order with regional state", () => {
  // The preflight's order over these stacks (their JSON written as a synth would), removed after the file.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "regional-state-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const manifest = [...jsons].map(([name, j]) => {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(j));
    return { name, file, dependencies: [] };
  });
  const order = applyOrder(manifest, config).stacks;

  test("bootstrap stacks come first, and every S3 backend's bucket is made in its region by an earlier stack", () => {
    const bootstraps = config.accounts.map((a) => `bootstrap-${a.name}`);
    expect(order.slice(0, bootstraps.length).map((s) => s.name)).toEqual(bootstraps);
    let checked = 0;
    for (const [at, stack] of order.entries()) {
      const backend = backendOf(stack.name);
      if (!backend) continue;
      const makers = order.slice(0, at).filter((earlier) =>
        Object.values(resourcesOf(json(earlier.name), "aws_s3_bucket")).some((b) => {
          const provider = (json(earlier.name).provider?.["aws"] ?? []).find((p) =>
            b["provider"] === undefined ? !p["alias"] : b["provider"] === `aws.${String(p["alias"])}`,
          );
          return b["bucket"] === backend.bucket && provider?.["region"] === backend.region;
        }),
      );
      expect({ stack: stack.name, madeBy: makers.map((m) => m.name) }).toEqual({
        stack: stack.name,
        madeBy: [`bootstrap-${(stacks.get(stack.name) as BaseStack).account.name}`],
      });
      checked++;
    }
    expect(checked).toBeGreaterThan(recoveryInBackupRegion.length);
  });
});
