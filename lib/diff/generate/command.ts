import * as fs from "node:fs";
import * as path from "node:path";
import { Command, CommanderError } from "commander";
import { buildTable, type ProviderSource } from "./build-table";
import { readManifest } from "../../synth-output";

const PROVIDERS = ["aws", "kubernetes", "helm"] as const;

export interface GenerateIo {
  /** Repository root: where node_modules (the pinned bindings) and the default paths are. */
  readonly root: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** The provider version the cdktf bindings were generated from (`cdktf.provider.version`). */
export function pinnedVersion(root: string, provider: string): string {
  const file = path.join(root, "node_modules", `@cdktf/provider-${provider}`, "package.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { cdktf: { provider: { version: string } } }).cdktf.provider.version;
}

class InputError extends Error {}

/**
 * `npm run generate:force-new` (tools/generate-force-new.ts): writes or checks the force-new table.
 * Returns the exit status: 0 done (or up to date), 1 bad input or a stale table under --check.
 */
export function runGenerate(argv: readonly string[], io: GenerateIo): number {
  const program = new Command()
    .name("generate-force-new")
    .description("Generate lib/diff/force-new.generated.json from the providers' Go source at the pinned versions.")
    .option("--aws <dir>", "checkout of hashicorp/terraform-provider-aws at the pinned tag")
    .option("--kubernetes <dir>", "checkout of hashicorp/terraform-provider-kubernetes at the pinned tag")
    .option("--helm <dir>", "checkout of hashicorp/terraform-provider-helm at the pinned tag")
    .option("--synth <dir>", "cdktf output whose resource types the table covers", "cdktf.out")
    .option("--out <file>", "where to write the table", "lib/diff/force-new.generated.json")
    .option("--check", "compare with --out instead of writing; exit 1 when it differs", false)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  try {
    program.parse([...argv], { from: "user" });
    return generate(program.opts(), io);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof InputError) {
      io.stderr(`generate-force-new: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

interface Options {
  aws?: string;
  kubernetes?: string;
  helm?: string;
  synth: string;
  out: string;
  check: boolean;
}

function generate(opts: Options, io: GenerateIo): number {
  const resolve = (p: string) => path.resolve(io.root, p);
  const sources: ProviderSource[] = PROVIDERS.map((name) => {
    const dir = opts[name];
    if (!dir)
      throw new InputError(
        `--${name} <dir> is required: a checkout of hashicorp/terraform-provider-${name} at v${pinnedVersion(io.root, name)}`,
      );
    if (!fs.existsSync(resolve(dir)) || !fs.statSync(resolve(dir)).isDirectory())
      throw new InputError(`--${name}: ${dir} is not a folder (expected a checkout of hashicorp/terraform-provider-${name})`);
    return { name, dir: resolve(dir), version: pinnedVersion(io.root, name) };
  });
  const synthDir = resolve(opts.synth);
  if (!fs.existsSync(path.join(synthDir, "manifest.json")))
    throw new InputError(`--synth: ${opts.synth} has no manifest.json (run \`npm run synth\` first, or give a cdktf output folder)`);
  const types = readManifest(synthDir).flatMap((s) =>
    Object.keys((JSON.parse(fs.readFileSync(s.file, "utf8")) as { resource?: object }).resource ?? {}),
  );

  const { table, unresolved } = buildTable({
    sources,
    types,
    awsBindings: path.join(io.root, "node_modules", "@cdktf/provider-aws"),
    command: "npm run generate:force-new -- --aws <checkout> --kubernetes <checkout> --helm <checkout> (docs/diff.md)",
  });
  const text = `${JSON.stringify(table, null, 2)}\n`;
  const missing = Object.entries(table.types)
    .filter(([, e]) => e.source === null)
    .map(([t]) => t);
  if (missing.length > 0) io.stderr(`generate-force-new: no source found for ${missing.length} type(s): ${missing.join(", ")}\n`);
  if (unresolved.length > 0) io.stderr(`generate-force-new: names not resolved (keys under them are left out): ${unresolved.join(", ")}\n`);

  const out = resolve(opts.out);
  if (opts.check) {
    const same = fs.existsSync(out) && fs.readFileSync(out, "utf8") === text;
    io.stdout(same ? `${opts.out} is up to date\n` : `${opts.out} differs from what the sources generate: regenerate it (docs/diff.md)\n`);
    return same ? 0 : 1;
  }
  fs.writeFileSync(out, text);
  io.stdout(
    `wrote ${opts.out}: ${Object.keys(table.types).length} types, ${Object.keys(table.types).length - missing.length} read from source\n`,
  );
  return 0;
}
