/**
 * Check 4: every S3 backend, and every `terraform_remote_state` read of one, names a state bucket
 * (and KMS key alias) that a bootstrap stack of the bucket's account, applied earlier in the order,
 * creates in the backend's region. On an empty account `terraform init` of a stack whose bucket
 * nothing created fails before any plan ("S3 bucket does not exist"), and so does a remote-state
 * read. Both sides are read from the synthesized JSON, never recomputed from the configuration.
 */
import { isObject, type Config } from "../policy/tf";
import { MANUAL_STACKS } from "../../tools/ci-matrix";
import type { Finding } from "./finding";
import type { PlacedStack, Resource, World } from "./world";

const BOOTSTRAP = MANUAL_STACKS[1];
const RUNBOOK = "runbooks/bootstrap-new-account.md";
const ACCOUNT_IN_ARN = /^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/;
const KMS_ALIAS_ARN = /^arn:[a-z-]+:kms:([a-z0-9-]+):(\d{12}):(alias\/.+)$/;

/** Where one backend (or remote-state read) keeps state, and where that is written in the stack. */
interface StateUse {
  readonly stack: PlacedStack;
  readonly address: string;
  readonly bucket: string;
  readonly region: string;
  readonly kmsKeyId: string | undefined;
  /** The account owning the bucket: its `assume_role` role's account, else the stack's. */
  readonly account: string | undefined;
}

/** A resource a bootstrap stack creates, with the region of its provider. */
interface Created {
  readonly resource: Resource;
  readonly region: string | undefined;
}

export function checkStateBuckets(world: World): Finding[] {
  const bootstraps = world.stacks.filter((s) => s.phase === BOOTSTRAP);
  const created = (type: string): Created[] =>
    bootstraps.flatMap((s) => {
      const regions = providerRegions(s.json);
      return world
        .resourcesOf(s)
        .filter((r) => r.mode === "resource" && r.type === type)
        .map((resource) => ({ resource, region: regions.get(providerOf(resource.body)) }));
    });
  const buckets = created("aws_s3_bucket");
  const aliases = created("aws_kms_alias");
  return world.stacks.flatMap((stack) => stateUses(world, stack)).flatMap((use) => checkUse(use, buckets, aliases, bootstraps));
}

function checkUse(use: StateUse, buckets: readonly Created[], aliases: readonly Created[], bootstraps: readonly PlacedStack[]): Finding[] {
  const findings: Finding[] = [];
  const at = (missing: string) =>
    findings.push({ stack: use.stack.name, address: use.address, missing, fix: fixFor(use, bootstraps), check: "state-bucket" });
  const inTime = (c: Created) => c.resource.stack.index < use.stack.index && c.resource.account === use.account;
  const named = buckets.filter((b) => b.resource.body["bucket"] === use.bucket);
  if (!named.some((b) => inTime(b) && b.region === use.region)) {
    const elsewhere = named
      .map((b) => {
        const when = b.resource.stack.index < use.stack.index ? "" : ", applied later";
        return `${b.resource.stack.name} creates it in ${b.region ?? "an unknown region"}, account ${b.resource.account ?? "unknown"}${when}`;
      })
      .join("; ");
    at(
      `state bucket "${use.bucket}" in ${use.region} (account ${use.account ?? "unknown"}) is created by no bootstrap stack of that account applied earlier` +
        (elsewhere ? ` (${elsewhere})` : ""),
    );
  }
  if (use.kmsKeyId === undefined) return findings;
  const key = KMS_ALIAS_ARN.exec(use.kmsKeyId);
  if (!key) {
    at(`cannot verify kms_key_id "${use.kmsKeyId}": name the state key by its alias ARN, as the bootstrap stack creates it`);
    return findings;
  }
  const [, region, account, alias] = key;
  if (region !== use.region)
    // S3 encrypts with a KMS key of the bucket's own region only (docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html, "Requirements", read 2026-12-07).
    at(`kms_key_id "${use.kmsKeyId}" is in ${region}, but the state bucket is in ${use.region}`);
  else if (!aliases.some((a) => inTime(a) && a.resource.account === account && a.region === region && a.resource.body["name"] === alias))
    at(`state key alias "${alias}" in ${region} (account ${account}) is created by no bootstrap stack of that account applied earlier`);
  return findings;
}

function fixFor(use: StateUse, bootstraps: readonly PlacedStack[]): string {
  const own = bootstraps.find((s) => accountOfStack(s) === use.account);
  const name = own?.name ?? `${BOOTSTRAP}-<account ${use.account ?? "?"}>`;
  return (
    `add ${use.region} to the regions of the account's state (lib/config/state-locations.ts environmentPlacements), ` +
    `then apply ${name} by hand before ${use.stack.name} (${RUNBOOK})`
  );
}

/** The stack's S3 backend and its S3 remote-state reads. */
function stateUses(world: World, stack: PlacedStack): StateUse[] {
  const uses: StateUse[] = [];
  const terraform = stack.json["terraform"];
  const backend = isObject(terraform) && isObject(terraform["backend"]) ? terraform["backend"]["s3"] : undefined;
  if (isObject(backend)) uses.push(useOf(stack, "terraform.backend.s3", backend, accountOfStack(stack)));
  for (const read of world.resourcesOf(stack)) {
    if (read.mode !== "data" || read.type !== "terraform_remote_state" || read.body["backend"] !== "s3") continue;
    const config = read.body["config"];
    if (isObject(config)) uses.push(useOf(stack, read.address, config, read.account ?? accountOfStack(stack)));
  }
  return uses;
}

function useOf(stack: PlacedStack, address: string, config: Config, fallbackAccount: string | undefined): StateUse {
  const role = isObject(config["assume_role"]) ? config["assume_role"]["role_arn"] : config["role_arn"];
  const roleAccount = typeof role === "string" ? ACCOUNT_IN_ARN.exec(role)?.[1] : undefined;
  return {
    stack,
    address,
    bucket: String(config["bucket"]),
    region: String(config["region"]),
    kmsKeyId: typeof config["kms_key_id"] === "string" ? config["kms_key_id"] : undefined,
    account: roleAccount ?? fallbackAccount,
  };
}

/** `aws` or `aws.<alias>`: the provider a resource body names. */
function providerOf(body: Config): string {
  return typeof body["provider"] === "string" ? body["provider"] : "aws";
}

/** Region of every AWS provider of a stack, by `aws` / `aws.<alias>`; literal regions only. */
function providerRegions(json: Config): Map<string, string> {
  const regions = new Map<string, string>();
  const providers = isObject(json["provider"]) ? json["provider"]["aws"] : undefined;
  for (const p of Array.isArray(providers) ? providers : [providers]) {
    if (!isObject(p) || typeof p["region"] !== "string" || p["region"].includes("${")) continue;
    regions.set(typeof p["alias"] === "string" ? `aws.${p["alias"]}` : "aws", p["region"]);
  }
  return regions;
}

/** The account of a stack's default AWS provider. */
function accountOfStack(stack: PlacedStack): string | undefined {
  const providers = isObject(stack.json["provider"]) ? stack.json["provider"]["aws"] : undefined;
  for (const p of Array.isArray(providers) ? providers : [providers]) {
    if (!isObject(p) || typeof p["alias"] === "string") continue;
    const ids = p["allowed_account_ids"];
    if (Array.isArray(ids) && typeof ids[0] === "string") return ids[0];
  }
  return undefined;
}
