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
 * The work is in lib/diff/generate/command.ts.
 */
import { runGenerate } from "../lib/diff/generate/command";
import { repoRoot } from "../lib/paths";

process.exitCode = runGenerate(process.argv.slice(2), {
  root: repoRoot(),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
});
