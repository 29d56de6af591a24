import { S3Backend, TerraformStack, Testing, TerraformIterator } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { buildStacks, synthJson } from "../helpers/synth";
import { unknownNames } from "./check";
import { schemaOf } from "./provider-schema";

/**
 * A small stack that uses every place a name can hide: provider (with a nested block), backend,
 * resource with nested blocks and meta-arguments, a dynamic block, an ephemeral resource and a
 * remote state. Each test below misspells one name by override and expects the finding.
 */
function fixture(
  mutate: (parts: {
    stack: TerraformStack;
    backend: S3Backend;
    provider: AwsProvider;
    bucket: S3Bucket;
    secret: SecretsmanagerSecretVersion;
    sg: SecurityGroup;
  }) => void = () => {},
): string[] {
  const stack = new TerraformStack(Testing.app(), "schema-fixture");
  const backend = new S3Backend(stack, {
    bucket: "state",
    key: "fixture/terraform.tfstate",
    region: "eu-west-1",
    encrypt: true,
    assumeRole: { roleArn: "arn:aws:iam::111111111111:role/state", tags: { team: "sre" } },
  });
  backend.addOverride("use_lockfile", true);
  const provider = new AwsProvider(stack, "aws", {
    region: "eu-west-1",
    assumeRole: [{ roleArn: "arn:aws:iam::111111111111:role/deploy" }],
    defaultTags: [{ tags: { team: "sre" } }],
  });
  const bucket = new S3Bucket(stack, "b", { bucket: "fixture-bucket", lifecycle: { preventDestroy: true } });
  stack.addOverride("ephemeral.aws_secretsmanager_random_password.pw", { password_length: 32, exclude_punctuation: true });
  const secret = new SecretsmanagerSecretVersion(stack, "v", {
    secretId: "s",
    secretStringWo: "x",
    secretStringWoVersion: 1,
    dependsOn: [bucket],
  });
  const ports = TerraformIterator.fromList([443, 8443]);
  const sg = new SecurityGroup(stack, "sg", { name: "fixture" });
  sg.addOverride("dynamic.ingress", { for_each: ports.value, content: { from_port: ports.value, to_port: ports.value, protocol: "tcp" } });
  stack.addOverride("data.terraform_remote_state.net", {
    backend: "s3",
    config: { bucket: "state", key: "net/terraform.tfstate", region: "eu-west-1" },
  });
  mutate({ stack, backend, provider, bucket, secret, sg });
  return unknownNames("schema-fixture", JSON.parse(Testing.synth(stack)) as Record<string, unknown>);
}

describe("the provider schema index", () => {
  test("reads nested blocks from the bindings", () => {
    const bucket = schemaOf("resource", "aws_s3_bucket");
    if (bucket instanceof Error) throw bucket;
    expect(bucket.get("bucket")).toBeNull();
    const sse = bucket.get("server_side_encryption_configuration");
    expect(sse?.block.get("rule")?.block.has("apply_server_side_encryption_by_default")).toBe(true);
  });

  test("reports a type no pinned binding has", () => {
    expect(schemaOf("resource", "aws_s3_buckett")).toBeInstanceOf(Error);
    expect(schemaOf("resource", "random_password")).toBeInstanceOf(Error);
  });
});

describe("unknownNames", () => {
  test("accepts the correct fixture: meta-arguments, lifecycle, dynamic blocks, ephemeral, remote state and use_lockfile", () => {
    expect(fixture()).toEqual([]);
  });

  test.each([
    [
      "a resource attribute (escape hatch)",
      ({ bucket }) => bucket.addOverride("force_destroi", true),
      'schema-fixture: aws_s3_bucket.b: unknown attribute or block "force_destroi" (did you mean "force_destroy"?)',
    ],
    [
      "a write-only attribute",
      ({ secret }) => secret.addOverride("secret_string_w0", "x"),
      'aws_secretsmanager_secret_version.v: unknown attribute or block "secret_string_w0"',
    ],
    [
      "a nested block attribute",
      ({ bucket }) =>
        bucket.addOverride("server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorythm", "aws:kms"),
      'aws_s3_bucket.b.server_side_encryption_configuration.rule.apply_server_side_encryption_by_default: unknown attribute or block "sse_algorythm"',
    ],
    [
      "a provider nested block",
      ({ provider }) => provider.addOverride("assume_role.0.role_arnn", "x"),
      'provider.aws[0].assume_role[0]: unknown attribute or block "role_arnn"',
    ],
    [
      "a backend argument",
      ({ backend }) => backend.addOverride("use_lockfil", true),
      'terraform.backend.s3: unknown attribute or block "use_lockfil" (did you mean "use_lockfile"?)',
    ],
    [
      "a backend argument Terraform 1.10 removed",
      ({ backend }) => backend.addOverride("role_arn", "x"),
      'terraform.backend.s3: unknown attribute or block "role_arn"',
    ],
    [
      "an ephemeral resource argument",
      ({ stack }) => stack.addOverride("ephemeral.aws_secretsmanager_random_password.pw.password_lenght", 32),
      'ephemeral.aws_secretsmanager_random_password.pw: unknown attribute or block "password_lenght"',
    ],
    [
      "an ephemeral type",
      ({ stack }) => stack.addOverride("ephemeral.aws_secretsmanager_random_pasword.pw", {}),
      'ephemeral.aws_secretsmanager_random_pasword: ephemeral type "aws_secretsmanager_random_pasword" is not in',
    ],
    [
      "a resource type",
      ({ stack }) => stack.addOverride("resource.aws_s3_buckett.x", { bucket: "y" }),
      'aws_s3_buckett: @cdktf/provider-aws has no resource type "aws_s3_buckett"',
    ],
    [
      "a lifecycle argument",
      ({ bucket }) => bucket.addOverride("lifecycle.prevent_destory", true),
      'aws_s3_bucket.b.lifecycle: unknown argument "prevent_destory"',
    ],
    [
      "a dynamic block's content",
      ({ sg }) => sg.addOverride("dynamic.ingress.content.cidr_block", ["10.0.0.0/8"]),
      'aws_security_group.sg.dynamic.ingress.content: unknown attribute or block "cidr_block" (did you mean "cidr_blocks"?)',
    ],
    [
      "a dynamic block's name",
      ({ sg }) => sg.addOverride("dynamic.ingres", { for_each: [], content: {} }),
      'aws_security_group.sg.dynamic: unknown block "ingres"',
    ],
    [
      "a remote state's backend configuration",
      ({ stack }) => stack.addOverride("data.terraform_remote_state.net.config.bucket_name", "x"),
      'data.terraform_remote_state.net.config: unknown attribute or block "bucket_name"',
    ],
    [
      "a top-level block type",
      ({ stack }) => stack.addOverride("resources.aws_s3_bucket.x", {}),
      '(top level): unknown block type "resources" (did you mean "resource"?)',
    ],
  ] as [string, Parameters<typeof fixture>[0], string][])("names stack, address and the unknown name: %s", (_what, mutate, expected) => {
    const lines = fixture(mutate);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("schema-fixture: ");
    expect(lines[0]).toContain(expected);
  });
});

describe("the shipped stacks", () => {
  const stacks = [...buildStacks().values()];

  test("use only names the pinned provider schemas, backends and Terraform accept", () => {
    // Its time (about 0.1-0.25 s on top of the shared synth) is measured, not asserted: docs/performance.md.
    const lines = stacks.flatMap((s) => unknownNames(s.node.id, synthJson(s) as Record<string, unknown>));
    expect(lines).toEqual([]);
  });

  test("every synthesized resource, data source and provider type has a binding (none skipped)", () => {
    const missing: string[] = [];
    for (const s of stacks) {
      const json = synthJson(s) as Record<string, Record<string, unknown> | undefined>;
      for (const kind of ["resource", "data", "provider"] as const) {
        for (const type of Object.keys(json[kind] ?? {})) {
          if (type.startsWith("terraform_")) continue;
          if (schemaOf(kind, type) instanceof Error) missing.push(`${s.node.id}: ${kind} ${type}`);
        }
      }
    }
    expect(stacks.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });
});
