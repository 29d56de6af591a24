import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildApp } from "../../lib/app";
import { loadPlatformConfig } from "../../lib/config/load";
import type { PlatformConfig } from "../../lib/config/model";
import { applyOrder } from "../../lib/preflight/order";
import { checkStateBuckets } from "../../lib/preflight/state-buckets";
import { World, type PlacedStack } from "../../lib/preflight/world";
import { readManifest } from "../../lib/synth-output";
import { environmentsFixture, freeVpcCidr, shippedFile } from "../helpers/fixtures";
import { shippedSynthOut } from "../helpers/synth";
import { ACCOUNT, OTHER_ACCOUNT, findingsOf, ref, remoteState, world, type FixtureStack } from "./fixture";

type S3Backend = { bucket: string; region: string; kms_key_id?: string };

/** The world with one stack's S3 backend edited (as a planted defect in the synthesized JSON). */
function withBackend(w: World, stackName: string, edit: (backend: S3Backend) => S3Backend): World {
  return new World(
    w.stacks.map((s): PlacedStack => {
      if (s.name !== stackName) return s;
      const terraform = s.json["terraform"] as { backend: { s3: S3Backend } };
      return { ...s, json: { ...s.json, terraform: { ...terraform, backend: { s3: edit(terraform.backend.s3) } } } };
    }),
  );
}

const backendOf = (s: PlacedStack): S3Backend | undefined =>
  (s.json["terraform"] as { backend?: { s3?: S3Backend } } | undefined)?.backend?.s3;

const network: FixtureStack = { name: "env-network", resource: { aws_vpc: { Vpc: { cidr_block: "10.0.0.0/16" } } } };
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/tfstate`;

/** A bootstrap stack creating the fixture's state bucket (and key alias) through a provider of `region`. */
const bootstrap = (region: string, account = ACCOUNT, alias?: string): FixtureStack => ({
  name: `bootstrap-${account}`,
  account,
  backend: "local",
  provider: {
    aws: [
      { allowed_account_ids: [account], region: "eu-west-1" },
      { alias: "state", allowed_account_ids: [account], region },
    ],
  },
  resource: {
    aws_s3_bucket: { State: { bucket: `state-${ACCOUNT}`, provider: "aws.state" } },
    ...(alias ? { aws_kms_alias: { Alias: { name: alias, provider: "aws.state" } } } : {}),
  },
});

const checked = (stacks: readonly FixtureStack[], edit: (b: S3Backend) => S3Backend = (b) => b) =>
  checkStateBuckets(withBackend(world(stacks, false), "env-network", edit));

describe("preflight: state buckets (fixtures)", () => {
  test("a backend whose bucket an earlier bootstrap stack creates in its region passes, also through the whole preflight", () => {
    expect(checked([bootstrap("eu-west-1"), network])).toEqual([]);
    expect(findingsOf([network])).toEqual([]);
  });

  test("a backend whose bucket nothing creates is a finding naming stack, bucket, region and the fix", () => {
    const findings = checked([network]);
    expect(findings).toEqual([expect.objectContaining({ stack: "env-network", address: "terraform.backend.s3", check: "state-bucket" })]);
    expect(findings[0]!.missing).toContain(`"state-${ACCOUNT}" in eu-west-1`);
    expect(findings[0]!.fix).toContain("runbooks/bootstrap-new-account.md");
  });

  test("a bucket created in another region is a finding naming where it is created", () => {
    const findings = checked([bootstrap("us-west-2"), network]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.missing).toContain(`bootstrap-${ACCOUNT} creates it in us-west-2`);
    expect(findings[0]!.fix).toContain(`apply bootstrap-${ACCOUNT}`);
  });

  test("a backend in a region the bootstrap stack does not create a bucket in is a finding", () => {
    const findings = checked([bootstrap("eu-west-1"), network], (b) => ({ ...b, region: "ap-south-1" }));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.missing).toContain("in ap-south-1");
  });

  test("a bucket created by a bootstrap stack applied later, or of another account, is a finding", () => {
    expect(checked([network, bootstrap("eu-west-1")])[0]!.missing).toContain("applied later");
    expect(checked([bootstrap("eu-west-1", OTHER_ACCOUNT), network])[0]!.missing).toContain(`account ${OTHER_ACCOUNT}`);
  });

  test("the backend's KMS key alias must be created by the bootstrap stack in the bucket's region", () => {
    const withKey = (b: S3Backend) => ({ ...b, kms_key_id: KEY });
    expect(checked([bootstrap("eu-west-1", ACCOUNT, "alias/tfstate"), network], withKey)).toEqual([]);
    expect(checked([bootstrap("eu-west-1", ACCOUNT, "alias/other"), network], withKey)[0]!.missing).toContain('alias "alias/tfstate"');
    const otherRegion = checked([bootstrap("eu-west-1", ACCOUNT, "alias/tfstate"), network], (b) => ({
      ...b,
      kms_key_id: KEY.replace("eu-west-1", "us-east-1"),
    }));
    expect(otherRegion[0]!.missing).toContain("is in us-east-1, but the state bucket is in eu-west-1");
    const byId = checked([bootstrap("eu-west-1"), network], (b) => ({ ...b, kms_key_id: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234` }));
    expect(byId[0]!.missing).toContain("cannot verify");
  });

  test("a remote-state read of a bucket nothing creates is a finding on the data source", () => {
    const reader: FixtureStack = {
      name: "env-data",
      data: {
        terraform_remote_state: { network: { ...remoteState("env-network"), config: { bucket: "gone", key: "k", region: "eu-west-1" } } },
      },
      resource: { aws_db_subnet_group: { Subnets: { name: "db", subnet_ids: [ref("aws_vpc.x.id")] } } },
    };
    const findings = checkStateBuckets(world([bootstrap("eu-west-1"), network, reader], false));
    expect(findings).toEqual([expect.objectContaining({ stack: "env-data", address: "data.terraform_remote_state.network" })]);
    expect(findings[0]!.missing).toContain('"gone" in eu-west-1');
  });
});

/** The stacks of an output folder in deploy order. */
const placed = (out: string, config: PlatformConfig): World => new World(applyOrder(readManifest(out), config).stacks);

describe("preflight: state buckets (synthesized stacks)", () => {
  const shipped = loadPlatformConfig();

  test("a planted backend in a region bootstrap creates no bucket in, or naming another region's bucket, is a finding", () => {
    const w = placed(shippedSynthOut(), shipped);
    const target = w.stacks.find((s) => s.environment !== undefined && backendOf(s) !== undefined)!;
    const backend = backendOf(target)!;
    expect(checkStateBuckets(w)).toEqual([]);
    const newRegion = checkStateBuckets(withBackend(w, target.name, (b) => ({ bucket: b.bucket, region: "ap-southeast-4" })));
    expect(newRegion).toEqual([expect.objectContaining({ stack: target.name, address: "terraform.backend.s3", check: "state-bucket" })]);
    expect(newRegion[0]!.missing).toContain(`"${backend.bucket}" in ap-southeast-4`);
    expect(newRegion[0]!.missing).toContain(`creates it in ${backend.region}`);
    const renamed = checkStateBuckets(withBackend(w, target.name, (b) => ({ ...b, bucket: `${b.bucket}-ap-southeast-4` })));
    expect(renamed).toHaveLength(1);
  });

  describe("with the recovery target on", () => {
    const target = shipped.environments.find((e) => e.tier === "production" && e.postgres.backupReplicationRegion !== null)!;
    const file = path.basename(target.file);
    const config = loadPlatformConfig(
      environmentsFixture({ [file]: `${shippedFile(file)}\ndisasterRecovery:\n  enabled: true\n  vpcCidr: ${freeVpcCidr()}\n` }),
    );
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "preflight-state-"));
    afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

    test("every stack of the target's account finds its bucket, also the backup region's", () => {
      const environments = config.environments.filter((e) => e.account.name === target.account.name).map((e) => e.name);
      buildApp(config, { outdir: out, environments, accountStacks: "all" }).app.synth();
      const w = placed(out, config);
      const backup = target.postgres.backupReplicationRegion!;
      expect(w.stacks.filter((s) => backendOf(s)?.region === backup).map((s) => s.name)).toEqual(
        expect.arrayContaining([`${target.name}-recovery-network`, `${target.name}-recovery-data`]),
      );
      expect(checkStateBuckets(w)).toEqual([]);
      // Without the bootstrap stacks nothing creates the buckets: the check looked at every backend.
      const withoutBootstrap = new World(w.stacks.filter((s) => s.phase !== "bootstrap"));
      expect(checkStateBuckets(withoutBootstrap).length).toBeGreaterThanOrEqual(w.stacks.filter((s) => backendOf(s)).length);
    });
  });
});
