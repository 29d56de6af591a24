/**
 * The names Terraform itself accepts around the provider schemas: top-level keys, meta-arguments,
 * backends, built-in types and the ephemeral resources cdktf 0.21 has no binding for. Each list
 * cites where it comes from (read 2026-12-02).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { schemaFromNames, type BlockSchema } from "./provider-schema";

/** Terraform docs, "JSON Configuration Syntax": top-level block types (`//` is a comment). */
export const TOP_LEVEL = new Set([
  "//",
  "terraform",
  "provider",
  "resource",
  "data",
  "ephemeral",
  "variable",
  "output",
  "locals",
  "module",
  "moved",
  "import",
  "removed",
  "check",
]);

/** Terraform docs, "Terraform block reference" (`terraform {}` settings). */
export const TERRAFORM_BLOCK = new Set(["backend", "cloud", "required_providers", "required_version", "experiments", "provider_meta"]);

/**
 * Meta-arguments: Terraform docs, "Meta-Arguments" (depends_on, count, for_each, provider,
 * lifecycle), "Provisioners" (provisioner, connection), "Ephemeral resources" (no provisioners).
 * `//` is cdktf's metadata comment. `dynamic` is handled where it occurs (it names a block).
 */
export const META: Readonly<Record<"resource" | "data" | "ephemeral", ReadonlySet<string>>> = {
  resource: new Set(["//", "depends_on", "count", "for_each", "provider", "lifecycle", "provisioner", "connection"]),
  data: new Set(["//", "depends_on", "count", "for_each", "provider", "lifecycle"]),
  ephemeral: new Set(["//", "depends_on", "count", "for_each", "provider", "lifecycle"]),
};

/** Terraform docs, "Provider configuration": `alias`, and the deprecated `version`. */
export const PROVIDER_META = new Set(["//", "alias", "version"]);

/** Terraform docs, "The lifecycle Meta-Argument". */
export const LIFECYCLE = new Set([
  "create_before_destroy",
  "prevent_destroy",
  "ignore_changes",
  "replace_triggered_by",
  "precondition",
  "postcondition",
]);

/**
 * Ephemeral resource types: cdktf 0.21 has no binding, so the stacks add them by override and
 * this list is kept by hand. hashicorp/aws 6.25, Terraform Registry, "Ephemeral:
 * aws_secretsmanager_random_password", Argument Reference (all optional arguments).
 */
export const EPHEMERAL: Readonly<Record<string, BlockSchema>> = {
  aws_secretsmanager_random_password: schemaFromNames([
    "exclude_characters",
    "exclude_lowercase",
    "exclude_numbers",
    "exclude_punctuation",
    "exclude_uppercase",
    "include_space",
    "password_length",
    "region",
    "require_each_included_type",
  ]),
};

/** Built-in types (provider terraform.io/builtin/terraform): Terraform docs, "The terraform_remote_state Data Source" and "The terraform_data Managed Resource Type". */
export const BUILTIN: Readonly<Record<string, { kind: "data" | "resource"; schema: BlockSchema }>> = {
  terraform_remote_state: { kind: "data", schema: schemaFromNames(["backend", "config", "defaults", "workspace"]) },
  terraform_data: { kind: "resource", schema: schemaFromNames(["input", "triggers_replace"]) },
};

/**
 * S3 backend arguments removed in Terraform 1.10: the top-level assume-role arguments, replaced by
 * the `assume_role` block (hashicorp/terraform pull request 35721, "backend/s3: Remove deprecated
 * assume role attributes", CHANGELOG 1.10.0 upgrade notes). cdktf 0.21's S3BackendConfig still
 * declares them, so they are taken out of its list.
 */
const S3_REMOVED_IN_1_10 = new Set([
  "role_arn",
  "session_name",
  "external_id",
  "assume_role_duration_seconds",
  "assume_role_policy",
  "assume_role_policy_arns",
  "assume_role_tags",
  "assume_role_transitive_tag_keys",
]);

/**
 * Added after cdktf 0.21's S3BackendConfig: `use_lockfile` (S3-native state locking, Terraform
 * 1.10; Terraform docs, "Backend block configuration overview: S3", argument `use_lockfile`).
 */
const S3_ADDED = ["use_lockfile"];

/** cdktf's own snake-casing of backend keys (cdktf lib/util.js `snakeCase`). */
function snakeCase(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, (_m, a: string, b: string) => `${a}_${b.toLowerCase()}`).toLowerCase();
}

/** The fields of each `export interface` in a cdktf .d.ts: name -> [field name, type name]. */
function interfaces(dts: string): Map<string, [string, string][]> {
  const out = new Map<string, [string, string][]>();
  for (const m of dts.matchAll(/^export interface (\w+)(?: extends [^{]+)? \{\n([\s\S]*?)^\}/gm)) {
    out.set(
      m[1]!,
      [...m[2]!.matchAll(/^ {4}readonly (\w+)\??: ([^;\n]+)/gm)].map((f) => [f[1]!, f[2]!]),
    );
  }
  return out;
}

function backendSchema(file: string, root: string, removed: ReadonlySet<string>, added: readonly string[]): BlockSchema {
  const ifaces = interfaces(
    fs.readFileSync(path.join(path.dirname(require.resolve("cdktf/package.json")), "lib", "backends", file), "utf8"),
  );
  const build = (name: string, top: boolean): BlockSchema => {
    const fields = ifaces.get(name);
    if (!fields) throw new Error(`cdktf lib/backends/${file}: no interface ${name} (cdktf layout changed?)`);
    const out = new Map<string, BlockSchema extends ReadonlyMap<string, infer F> ? F : never>();
    for (const [field, type] of fields) {
      const tf = snakeCase(field);
      if (!(top && removed.has(tf))) out.set(tf, ifaces.has(type) ? { block: build(type, false), keyed: false } : null);
    }
    if (top) for (const a of added) out.set(a, null);
    return out;
  };
  return build(root, true);
}

let backends: Readonly<Record<string, BlockSchema>> | undefined;

/** Backend types and their arguments, for Terraform 1.11 (the version .terraform-version pins). */
export function backendSchemas(): Readonly<Record<string, BlockSchema>> {
  backends ??= {
    s3: backendSchema("s3-backend.d.ts", "S3BackendConfig", S3_REMOVED_IN_1_10, S3_ADDED),
    local: backendSchema("local-backend.d.ts", "LocalBackendConfig", new Set(), []),
  };
  return backends;
}
