/* eslint-disable no-template-curly-in-string -- the strings below are Terraform templates, not JavaScript ones */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "@cdktf/hcl2json";
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { buildApp } from "../../lib/app";
import { loadPlatformConfig } from "../../lib/config/load";
import { ATTRIBUTES_AS_BLOCKS, escapeHclTemplate, escapeHclTemplatesOf } from "../../lib/hcl/template-strings";
import { readManifest } from "../../lib/synth-output";
import { oneEnvironmentOut } from "../helpers/ci-synth";

/**
 * The way off cdktf: `cdktf synth --hcl` (main.ts with SYNTH_HCL_OUTPUT=true, as the CLI runs it)
 * writes HCL that HashiCorp's own parser reads back (@cdktf/hcl2json, a wasm build of hashicorp/hcl)
 * to the same configuration as the JSON synth.
 */
const config = loadPlatformConfig();
const env = config.environments[0]!;
const jsonOut = oneEnvironmentOut(config);

type Json = Record<string, unknown>;

/** Runs `build` as under `cdktf synth --hcl`: the CLI sets SYNTH_HCL_OUTPUT, which App and each TerraformStack read when constructed. */
function asHclSynth<T>(build: () => T): T {
  const before = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = "true";
  try {
    return build();
  } finally {
    if (before === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = before;
  }
}

/**
 * The app of one environment (or of none: the account stacks only, cheaper to build when only
 * those are rendered) and the account stacks, for HCL output, with or without the fixes.
 */
const hclApp = (outdir: string, fixed: boolean, environments: string[] = [env.name]) =>
  asHclSynth(() => {
    const built = buildApp(config, { outdir, environments, accountStacks: "all" });
    if (fixed) escapeHclTemplatesOf(built.app);
    return built;
  });

const KINDS = ["resource", "data", "output", "variable", "provider", "terraform", "locals"] as const;

/**
 * hcl2json's reading of a quoted template (a conditional inside `${}` comes back as `%{if}`): the
 * JSON synth's strings holding template syntax are read the same way before they are compared.
 */
async function canonicalTemplate(text: string): Promise<string> {
  const parsed = (await parse("template.tf", `x = "${escapeHclTemplate(text)}"\n`)) as { x: string };
  return parsed.x;
}

/**
 * One stack's configuration in a comparable form: cdktf metadata dropped; a list holding one block
 * read as that block (HCL blocks parse as lists, JSON may write an object); an empty block list
 * dropped (no blocks) except for attributes-as-blocks arguments, where `[]` means "none" and must
 * stay; template strings as hcl2json reads them; variable types without hcl2json's `${}`.
 */
async function normalize(value: unknown, at: readonly string[], fromJson: boolean): Promise<unknown> {
  if (typeof value === "string") {
    if (at[0] === "variable" && at[2] === "type" && !fromJson) return value.replace(/^\$\{(.*)\}$/, "$1");
    return fromJson && /\$\{|%\{/.test(value) ? canonicalTemplate(value) : value;
  }
  if (Array.isArray(value)) {
    const items = await Promise.all(value.map((v) => normalize(v, at, fromJson)));
    return items.length === 1 && items[0] !== null && typeof items[0] === "object" && !Array.isArray(items[0]) ? items[0] : items;
  }
  if (value !== null && typeof value === "object") {
    const entries: [string, unknown][] = [];
    for (const [k, v] of Object.entries(value as Json).sort(([a], [b]) => a.localeCompare(b))) {
      if (k === "//") continue;
      const path = [...at, k];
      const attrAsBlocks = path.length === 4 && path[0] === "resource" && (ATTRIBUTES_AS_BLOCKS[path[1]!] ?? []).includes(k);
      if (Array.isArray(v) && v.length === 0 && !attrAsBlocks) continue;
      entries.push([k, await normalize(v, path, fromJson)]);
    }
    return Object.fromEntries(entries);
  }
  return value;
}

/** Paths where two normalized configurations differ, with both values. */
function differences(a: unknown, b: unknown, at: string, out: string[] = []): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return out;
  const isObject = (x: unknown): x is Json => x !== null && typeof x === "object" && !Array.isArray(x);
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) differences(a[k], b[k], `${at}.${k}`, out);
  } else {
    out.push(`${at}: ${JSON.stringify(a)?.slice(0, 120)} in HCL, ${JSON.stringify(b)?.slice(0, 120)} in JSON`);
  }
  return out;
}

/** What differs between a stack's HCL (parsed) and its JSON synth, or why the HCL does not parse. */
async function hclProblems(stack: string, hclText: string, json: Json): Promise<string[]> {
  let hcl: Json;
  try {
    hcl = (await parse(`${stack}/cdk.tf`, hclText)) as Json;
  } catch (err) {
    return [`${stack}: not valid HCL: ${String(err).slice(0, 300)}`];
  }
  const problems: string[] = [];
  for (const kind of KINDS)
    differences(await normalize(hcl[kind], [kind], false), await normalize(json[kind], [kind], true), `${stack}.${kind}`, problems);
  return problems;
}

const jsonOf = (stack: string) => JSON.parse(fs.readFileSync(path.join(jsonOut, "stacks", stack, "cdk.tf.json"), "utf8")) as Json;

describe("cdktf synth --hcl", () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "hcl-"));
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test("every stack's HCL parses to the JSON synth's configuration: resources, data sources, outputs, variables, providers, backend", async () => {
    hclApp(outdir, true).app.synth();
    const problems: string[] = [];
    const stacks = readManifest(jsonOut);
    for (const s of stacks)
      problems.push(...(await hclProblems(s.name, fs.readFileSync(path.join(outdir, "stacks", s.name, "cdk.tf"), "utf8"), jsonOf(s.name))));
    expect(stacks.length).toBeGreaterThan(config.accounts.length);
    expect(problems).toEqual([]);
  }, 120_000);

  test("without the fixes, cdktf's renderer writes policies that embed a reference unquoted (the check catches it)", async () => {
    const { stacks } = hclApp(path.join(outdir, "unfixed"), false, []);
    // Bootstrap stacks have no cross-stack references, so they render without a full app synth.
    const bootstrap = stacks.filter((s) => s.node.id.startsWith("bootstrap-")) as TerraformStack[];
    expect(bootstrap.length).toBe(config.accounts.length);
    for (const stack of bootstrap) {
      const problems = await hclProblems(stack.node.id, (stack.toHclTerraform() as { hcl: string }).hcl, jsonOf(stack.node.id));
      expect(problems).toEqual([expect.stringMatching(new RegExp(`^${stack.node.id}: not valid HCL: .*Invalid character`))]);
    }
  }, 60_000);

  test("an empty variable default and an empty attributes-as-blocks list survive into HCL only with the fixes", async () => {
    const render = async (fixed: boolean) => {
      const app = asHclSynth(() => {
        const small = new App({ outdir: path.join(outdir, `small-${fixed}`), stackTraces: false });
        const stack = new TerraformStack(small, "small");
        new AwsProvider(stack, "aws", { region: "us-east-1" });
        new TerraformVariable(stack, "role_arn", { type: "string", default: "" });
        new DefaultSecurityGroup(stack, "sg", { vpcId: "vpc-1", ingress: [], egress: [] });
        if (fixed) escapeHclTemplatesOf(small);
        return small;
      });
      app.synth();
      return (await parse("small.tf", fs.readFileSync(path.join(outdir, `small-${fixed}`, "stacks", "small", "cdk.tf"), "utf8"))) as {
        variable: { role_arn: { default?: string }[] };
        resource: { aws_default_security_group: { sg: { ingress?: unknown[]; egress?: unknown[] }[] } };
      };
    };
    const unfixed = await render(false);
    expect(unfixed.variable.role_arn[0]!.default).toBeUndefined();
    expect(unfixed.resource.aws_default_security_group.sg[0]!.ingress).toBeUndefined();
    const fixed = await render(true);
    expect(fixed.variable.role_arn[0]!.default).toBe("");
    expect(fixed.resource.aws_default_security_group.sg[0]).toMatchObject({ ingress: [], egress: [] });
  }, 60_000);

  test("the comparison keeps `ingress = []` of attributes-as-blocks arguments apart from leaving them out", async () => {
    const json = {
      resource: { aws_default_security_group: { sg: { vpc_id: "vpc-1", ingress: [] } }, aws_eks_node_group: { ng: { taint: [] } } },
    };
    expect(
      await hclProblems(
        "x",
        'resource "aws_default_security_group" "sg" {\n  vpc_id = "vpc-1"\n}\nresource "aws_eks_node_group" "ng" {\n}\n',
        json,
      ),
    ).toEqual(["x.resource.aws_default_security_group.sg.ingress: undefined in HCL, [] in JSON"]);
    expect(
      await hclProblems(
        "x",
        'resource "aws_default_security_group" "sg" {\n  vpc_id = "vpc-1"\n  ingress = []\n}\nresource "aws_eks_node_group" "ng" {\n}\n',
        json,
      ),
    ).toEqual([]);
  });
});

describe("escapeHclTemplate", () => {
  test("escapes quotes and backslashes outside interpolations, keeps interpolations and their own quoted strings", () => {
    expect(escapeHclTemplate('{"Resource":"${aws_s3_bucket.b.arn}/*"}')).toBe('{\\"Resource\\":\\"${aws_s3_bucket.b.arn}/*\\"}');
    expect(escapeHclTemplate('a\\b ${jsonencode({ u = "x}" })} "c"')).toBe('a\\\\b ${jsonencode({ u = "x}" })} \\"c\\"');
    expect(escapeHclTemplate('100%{ "x" $${literal} "y"')).toBe('100%%{ \\"x\\" $${literal} \\"y\\"');
  });

  test("an unterminated interpolation is an error, not silently wrong HCL", () => {
    expect(() => escapeHclTemplate('"${aws_s3_bucket.b.arn"')).toThrow(/unterminated \$\{/);
  });
});
