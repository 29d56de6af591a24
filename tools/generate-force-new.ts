/**
 * `npm run generate:force-new -- --aws <dir> --kubernetes <dir> --helm <dir>` regenerates
 * lib/diff/force-new.generated.json: for every resource type the shipped stacks synthesize, the
 * attribute paths that force a new resource, read from the providers' own Go source at the pinned
 * versions (SDKv2 `ForceNew: true`, nested blocks included; plugin-framework `RequiresReplace` /
 * `RequiresReplaceIfConfigured`; CustomizeDiff `ForceNewIfChange` / `ForceNewIf` noted as
 * conditional). Each <dir> is a checkout of the provider at its release tag:
 *
 *   git clone --depth 1 --branch v6.25.0 https://github.com/hashicorp/terraform-provider-aws /tmp/aws
 *   git clone --depth 1 --branch v2.38.0 https://github.com/hashicorp/terraform-provider-kubernetes /tmp/k8s
 *   git clone --depth 1 --branch v3.1.1 https://github.com/hashicorp/terraform-provider-helm /tmp/helm
 *   npm run synth && npm run generate:force-new -- --aws /tmp/aws --kubernetes /tmp/k8s --helm /tmp/helm
 *
 * The versions are the ones the cdktf bindings were generated from (`cdktf.provider.version` in
 * node_modules/@cdktf/provider-{aws,kubernetes,helm}/package.json); the tool reads them from there.
 * A folder may carry PROVENANCE.json (which commit each file came from) when it is not a plain
 * checkout; it is copied into the table. `--check` compares instead of writing (exit 1 if stale).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command } from "commander";
import { buildTable, type ProviderSource } from "../lib/diff/generate/build-table";
import { repoRoot } from "../lib/paths";
import { readManifest } from "../lib/synth-output";

const PROVIDERS = ["aws", "kubernetes", "helm"] as const;

const opts = new Command()
  .name("generate-force-new")
  .description("Generate lib/diff/force-new.generated.json from the providers' Go source at the pinned versions.")
  .option("--aws <dir>", "checkout of hashicorp/terraform-provider-aws at the pinned tag")
  .option("--kubernetes <dir>", "checkout of hashicorp/terraform-provider-kubernetes at the pinned tag")
  .option("--helm <dir>", "checkout of hashicorp/terraform-provider-helm at the pinned tag")
  .option("--synth <dir>", "cdktf output whose resource types the table covers", "cdktf.out")
  .option("--out <file>", "where to write the table", "lib/diff/force-new.generated.json")
  .option("--check", "compare with --out instead of writing; exit 1 when it differs", false)
  .parse()
  .opts<{ aws?: string; kubernetes?: string; helm?: string; synth: string; out: string; check: boolean }>();

const root = repoRoot();
const pinned = (name: string): string =>
  (JSON.parse(fs.readFileSync(path.join(root, "node_modules", `@cdktf/provider-${name}`, "package.json"), "utf8")) as { cdktf: { provider: { version: string } } }).cdktf.provider.version;

function fail(message: string): never {
  process.stderr.write(`generate-force-new: ${message}\n`);
  process.exit(1);
}

const sources: ProviderSource[] = PROVIDERS.flatMap((name) => {
  const dir = opts[name];
  if (!dir) fail(`--${name} <dir> is required: a checkout of hashicorp/terraform-provider-${name} at v${pinned(name)}`);
  if (!fs.existsSync(dir)) fail(`--${name}: ${dir} does not exist`);
  return [{ name, dir: path.resolve(dir), version: pinned(name) }];
});

const synthDir = path.resolve(opts.synth);
if (!fs.existsSync(path.join(synthDir, "manifest.json"))) fail(`--synth: ${opts.synth} has no manifest.json (run \`npm run synth\` first)`);
const types = readManifest(synthDir).flatMap((s) => Object.keys((JSON.parse(fs.readFileSync(s.file, "utf8")) as { resource?: object }).resource ?? {}));

const { table, unresolved } = buildTable({
  sources,
  types,
  awsBindings: path.join(root, "node_modules", "@cdktf/provider-aws"),
  command: "npm run generate:force-new -- --aws <checkout> --kubernetes <checkout> --helm <checkout> (docs/diff.md)",
});
const text = `${JSON.stringify(table, null, 2)}\n`;
const missing = Object.entries(table.types).filter(([, e]) => e.source === null).map(([t]) => t);
if (missing.length > 0) process.stderr.write(`generate-force-new: no source found for ${missing.length} type(s): ${missing.join(", ")}\n`);
if (unresolved.length > 0) process.stderr.write(`generate-force-new: names not resolved (keys under them are left out): ${unresolved.join(", ")}\n`);

const out = path.resolve(opts.out);
if (opts.check) {
  const same = fs.existsSync(out) && fs.readFileSync(out, "utf8") === text;
  process.stdout.write(same ? `${opts.out} is up to date\n` : `${opts.out} differs from what the sources generate: regenerate it\n`);
  process.exitCode = same ? 0 : 1;
} else {
  fs.writeFileSync(out, text);
  process.stdout.write(`wrote ${opts.out}: ${Object.keys(table.types).length} types, ${Object.keys(table.types).length - missing.length} read from source\n`);
}
